"""The Python module (python/nmsim) against the command line: the same scenario, overrides and
seed give the same trial, arrays are not copies, threads give what one at a time gives, and a
bad scenario raises ScenarioError with the command line's located message. Run by CTest as
Python.Module with PYTHONPATH at the build's python/ folder and NMSIM_BINARY at the executable."""
import os
import threading

import numpy as np
import pytest

import nmsim

from conftest import ROOT, assert_same_trial, nmsim_run, scenario_file  # noqa: E402

GAIN = {"parameters.spinal.reflex_gain": 4.5}


def test_a_trial_equals_what_nmsim_run_writes(tmp_path):
    py = nmsim.simulate("ankle_clonus", set=GAIN, seed=11)
    with nmsim.open(nmsim_run(tmp_path / "cli.h5", scenario_file("ankle_clonus"), GAIN, 11)) as f:
        cli = f[0]
    assert type(py) is type(cli), "simulated and read trials are one class"
    assert_same_trial(py, cli)
    assert py.labels.bit("clonus").any(), "reflex gain 4.5 gives clonus"
    assert py.provenance["seed"] == 11


def test_a_recording_chain_trial_carries_its_artefact_mask(tmp_path):
    py = nmsim.simulate("ankle_recording_chain")
    with nmsim.open(nmsim_run(tmp_path / "chain.h5", scenario_file("ankle_recording_chain"))) as f:
        cli = f[0]
    assert_same_trial(py, cli)
    assert py.artefacts.bit_names == ["clipping", "electrode_pop", "dropout", "ecg_qrs", "electrode_shift"]
    assert py.artefacts.mask.shape == py.emg.data.shape
    assert py.artefacts.bit("dropout").any()
    assert np.all(py.emg.data[py.artefacts.bit("dropout")] == 0.0), "a lifted lead reads 0 V"
    assert "emg_clean" in py.signals
    assert nmsim.simulate("ankle_clonus").artefacts is None


def test_series_take_over_the_engines_buffers():
    t = nmsim.simulate("ankle_clonus", seed=3)
    for sig in t.signals.values():
        assert not sig.data.flags.owndata, sig.name  # a view of the buffer the capsule owns
        assert type(sig.data.base).__name__ == "PyCapsule", sig.name
        assert sig.data.flags.c_contiguous
    assert not t.labels.mask.flags.owndata
    assert t.emg.data.shape == (t.emg.times.size, len(t.emg.channels))


def test_threads_give_what_one_at_a_time_gives():
    seeds = [1, 2, 3, 4]
    alone = [nmsim.simulate("ankle_clonus", seed=s).emg.data for s in seeds]
    together = [None] * len(seeds)

    def run(i):
        together[i] = nmsim.simulate("ankle_clonus", seed=seeds[i]).emg.data

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(seeds))]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    for a, b in zip(alone, together):
        assert np.array_equal(a, b)
    assert not np.array_equal(alone[0], alone[1]), "different seeds, different noise"


def test_the_default_seed_is_the_scenarios():
    a = nmsim.simulate("ankle_clonus")
    b = nmsim.simulate("ankle_clonus", seed=a.provenance["seed"])
    assert np.array_equal(a.emg.data, b.emg.data)


def test_a_scenario_can_be_yaml_text_or_a_path():
    path = os.path.join(ROOT, "scenarios", "ankle_clonus.yaml")
    with open(path) as fh:
        text = fh.read()
    by_path = nmsim.simulate(path, seed=5)
    by_name = nmsim.simulate("ankle_clonus", seed=5)
    assert np.array_equal(by_path.emg.data, by_name.emg.data)
    assert "ankle_clonus" in nmsim.bundled_scenarios()
    # As text the model is found on the model path, not next to a file.
    by_text = nmsim.simulate(text, seed=5)
    assert np.array_equal(by_text.emg.data, by_name.emg.data)


def test_bad_yaml_raises_a_located_scenario_error():
    with pytest.raises(nmsim.ScenarioError) as e:
        nmsim.simulate("name: x\nprotocol: [1, 2\n")
    assert (e.value.file, e.value.line, e.value.column) == ("<scenario text>", 2, 11)
    assert "never closed" in e.value.detail
    assert isinstance(e.value, ValueError)


def test_an_unknown_override_names_its_key_and_suggests():
    with pytest.raises(nmsim.ScenarioError) as e:
        nmsim.simulate("ankle_clonus", set={"spinal.reflex_gain": 4})
    assert e.value.file == "--set spinal.reflex_gain=4"
    assert "parameters.spinal.reflex_gain" in str(e.value)


def test_an_override_out_of_range_is_refused():
    with pytest.raises(nmsim.ScenarioError) as e:
        nmsim.simulate("ankle_clonus", set={"parameters.spinal.reflex_gain": -1.0})
    assert e.value.key_path.endswith("reflex_gain")


def test_a_name_that_is_no_scenario_lists_the_bundled_ones():
    with pytest.raises(FileNotFoundError) as e:
        nmsim.simulate("ankle_clonnus")
    assert "ankle_clonus" in str(e.value)


def test_an_unknown_label_bit_lists_the_bits():
    t = nmsim.simulate("ankle_clonus", seed=1)
    with pytest.raises(KeyError) as e:
        t.labels.bit("klonus")
    assert "clonus" in str(e.value)


def test_events_and_detections_as_pandas_frames():
    pandas = pytest.importorskip("pandas", reason="pandas is not installed (Debian: python3-pandas)")
    t = nmsim.simulate("ankle_clonus", seed=1)
    frame = t.events_frame()
    assert isinstance(frame, pandas.DataFrame) and list(frame.columns) == t.event_columns
    assert len(frame) == t.events["label"].size > 0
    assert (frame["label"] == "clonus_beat").sum() == (t.events["label"] == "clonus_beat").sum()
    det = nmsim.Detections(trial=[0], channel=["soleus"], label=["clonus_episode"], start=[1.0], stop=[2.0])
    assert det.to_pandas().loc[0, "channel"] == "soleus"
