"""nmsim.Dataset, simulate_many, stability, emg_simulate and nmsim.open against the command
line: dataset trials are the ones `nmsim run` writes (shards included), batches are what one at
a time gives on any thread count, and the stability figures are `nmsim stability`'s."""
import math
import os
import pickle
import re
import subprocess

import numpy as np
import pytest

import nmsim
from conftest import assert_same_trial, nmsim_run, scenario_file

SMALL = {"dataset.subjects": 5}  # clonus_dataset with 5 subjects: 25 trials of 12 s


@pytest.fixture(scope="module")
def small_file(tmp_path_factory):
    return nmsim_run(tmp_path_factory.mktemp("cli") / "small.h5", scenario_file("clonus_dataset"), SMALL)


def test_dataset_trials_are_the_files_trials(small_file):
    ds = nmsim.Dataset("clonus_dataset", set=SMALL)
    with nmsim.open(small_file) as f:
        assert len(ds) == len(f) == 25
        index = f.index
        for i in range(len(ds)):
            mine = ds[i]
            assert_same_trial(mine, f[i])
            row = int(np.flatnonzero(index["trial"] == i)[0])
            assert mine.plan["subject"] == index["subject"][row]
            assert mine.plan["phenotype"] == index["phenotype"][row]
            assert mine.plan["split"] == index["split"][row]
            assert mine.plan["critical_gain"] == pytest.approx(index["critical_gain"][row], rel=1e-12)
            for path, value in mine.plan["values"].items():
                assert value == pytest.approx(index["value:" + path][row], rel=1e-12), path


def test_a_shard_holds_the_datasets_trials(tmp_path):
    out = nmsim_run(tmp_path / "shard.h5", scenario_file("clonus_dataset"), SMALL, extra=("--shard", "2/3"))
    ds = nmsim.Dataset("clonus_dataset", set=SMALL)
    with nmsim.open(out) as f:
        assert f.trials == list(range(1, 25, 3))
        for i in f.trials:
            assert_same_trial(ds[i], f[i])


def test_a_datasets_batch_is_its_trials_one_by_one():
    ds = nmsim.Dataset("clonus_dataset", set=SMALL)
    order = [7, 2, 9, 2]
    for threads in (1, 2):
        batch = ds.trials(order, threads=threads)
        for i, trial in zip(order, batch):
            assert trial.plan["index"] == i
            assert_same_trial(trial, ds[i])
    assert not np.array_equal(ds[0].emg.data, ds[1].emg.data)


def test_plan_selection_and_errors():
    ds = nmsim.Dataset("clonus_dataset", set=SMALL)
    assert ds.classes == ["healthy", "borderline", "clonus"] and ds.splits == ["train", "validation", "test"]
    for split in ds.splits:
        for i in ds.indices(split=split):
            assert ds.plan(int(i))["split"] == split
    assert sum(len(ds.indices(phenotype=c)) for c in ds.classes) == len(ds)
    assert math.isnan(ds.plan(0)["critical_gain"]), "plan() does not run the stability analysis"
    assert ds[-1].plan["index"] == len(ds) - 1
    with pytest.raises(ValueError, match="'validation'"):
        ds.indices(split="val")
    with pytest.raises(ValueError, match="'clonus'"):
        ds.indices(phenotype="Clonus")
    with pytest.raises(IndexError, match="25 trials"):
        ds[25]
    with pytest.raises(nmsim.ScenarioError) as e:
        nmsim.Dataset("clonus_dataset", set={"dataset.subjects": 0})
    assert e.value.key_path == "dataset.subjects"


def test_a_dataset_pickles_and_reseeds():
    ds = nmsim.Dataset("clonus_dataset", set=SMALL)
    again = pickle.loads(pickle.dumps(ds))
    assert again.seed == ds.seed and np.array_equal(again[3].emg.data, ds[3].emg.data)
    other = ds.reseeded(ds.seed + 1)
    assert len(other) == len(ds) and not np.array_equal(other[3].emg.data, ds[3].emg.data)


def test_simulate_many_is_simulate_on_any_thread_count():
    gains = [1.0, 3.0, 6.0, 2.0, 4.5]
    alone = [nmsim.simulate("ankle_clonus", set={"parameters.spinal.reflex_gain": g}) for g in gains]
    for threads in (1, 2, 3):
        many = nmsim.simulate_many([{"parameters.spinal.reflex_gain": g} for g in gains], scenario="ankle_clonus",
                                   threads=threads)
        for a, b in zip(alone, many):
            assert_same_trial(a, b)
    mixed = nmsim.simulate_many(["ankle_clonus", {"scenario": "ankle_clonus", "seed": 7}], threads=2)
    assert_same_trial(mixed[0], nmsim.simulate("ankle_clonus"))
    assert_same_trial(mixed[1], nmsim.simulate("ankle_clonus", seed=7))


def test_simulate_many_names_the_failing_item():
    items = [{"parameters.spinal.reflex_gain": 2.0}, {"parameters.spinal.reflex_gain": 3.0},
             {"parameters.spinal.reflex_gainn": 4.0}]
    with pytest.raises(nmsim.ScenarioError) as e:
        nmsim.simulate_many(items, scenario="ankle_clonus", threads=2)
    assert e.value.job == 2 and e.value.key_path == "parameters.spinal.reflex_gainn"
    with pytest.raises(TypeError, match="'scenario'"):
        nmsim.simulate_many([{"set": {}}])


def cli_stability(*args):
    out = subprocess.run([os.environ["NMSIM_BINARY"], "stability", scenario_file("ankle_clonus"), *args],
                         check=True, capture_output=True, text=True).stdout
    m = re.search(r"critical reflex gain: ([0-9.]+) .*Hopf frequency ([0-9.]+) Hz", out)
    return float(m.group(1)), float(m.group(2)), out


def test_stability_is_the_commands():
    gain, freq, out = cli_stability()
    s = nmsim.stability("ankle_clonus")
    assert s.critical_found and not s.stable  # the scenario's gain 6 is above the boundary
    assert s.critical_gain == pytest.approx(gain, abs=5e-5) and s.critical_frequency == pytest.approx(freq, abs=5e-4)
    assert s.roots[0].real > 0 and "phase 'hold'" in out and s.phase == "hold"
    assert s.scan["reflex_gain"].size == s.scan["abscissa"].size > 3
    gain, _, _ = cli_stability("--set", "parameters.defaults.reflex.delay=0.06")
    assert nmsim.stability("ankle_clonus", set={"parameters.defaults.reflex.delay": 0.06}).critical_gain == \
        pytest.approx(gain, abs=5e-5)
    with pytest.raises(nmsim.ScenarioError, match="rest, stretch, hold, release"):
        nmsim.stability("ankle_clonus", phase="holdd")


def test_emg_simulate_makes_the_asked_for_trial():
    emg = nmsim.emg_simulate("ankle_clonus", duration=8, sampling_rate=1000, reflex_gain=4, random_state=3)
    assert emg.shape == (8000, 3) and emg.dtype == np.float32
    same = nmsim.simulate("ankle_clonus", seed=3, set={"signals.emg.rate": 1000.0, "parameters.spinal.reflex_gain": 4.0,
                                                        "protocol[2].duration": 3.0})
    assert np.array_equal(emg, same.emg.data)
    with pytest.raises(ValueError, match="'hold'"):
        nmsim.emg_simulate("ankle_clonus", duration=4)


def test_open_refuses_what_is_not_an_nmsim_file(tmp_path):
    import h5py
    with h5py.File(tmp_path / "other.h5", "w") as f:
        f.attrs["format"] = "something else"
    with pytest.raises(ValueError, match="not an nmsim dataset"):
        nmsim.open(tmp_path / "other.h5")


def test_open_reads_by_trial_index(small_file):
    with nmsim.open(small_file) as f:
        with pytest.raises(IndexError, match="25 trials"):
            f[25]
        assert [t.index for t in f] == f.trials
        assert list(f.select(split="test")) == [i for i in f.trials if f.index["split"][i] == "test"]
