#!/usr/bin/env python3
"""Checks tools/nmsim_reader.py against a file written by python_tools_test.cpp.

Usage: check_python_reader.py FILE.h5 TOOLS_DIR EMG_SUM
Exits non-zero (AssertionError) on the first mismatch.
"""
import math
import sys

import numpy as np

path, tools_dir, emg_sum = sys.argv[1], sys.argv[2], float(sys.argv[3])
sys.path.insert(0, tools_dir)
import nmsim_reader as nr  # noqa: E402

with nr.open_dataset(path) as f:
    assert f.attrs["format"] == "nmsim" and isinstance(f.attrs["format"], str)
    assert int(f.attrs["format_version"]) == 1
    assert f.attrs["generator"].startswith("nmsim ")
    prov = f["provenance"]
    assert int(prov["seed"][()]) == 0xFEEDFACECAFEBEEF
    assert "漢字" in prov["scenario_yaml"].asstr()[()]
    assert nr.list_trials(f) == [0, 1]

    t = nr.load_trial(f, 0)
    assert t.index == 0 and t.duration == 2.0
    assert list(t.signals) == ["emg", "kinematics/angle", "kinematics/velocity", "kinematics/acceleration",
                               "internals/activation", "internals/force", "internals/spindle_rate"], list(t.signals)
    times, data, channels, unit = t.signals["emg"]
    assert data.shape == (4000, 3) and data.dtype == np.float32
    assert channels == ["soleus", "tibialis_anterior", "gastrocnémius"] and unit == "V"
    assert math.isclose(times[0], 0.25) and math.isclose(times[1] - times[0], 1 / 2000)
    assert math.isclose(float(data.astype(np.float64).sum()), emg_sum, rel_tol=1e-9, abs_tol=1e-9)
    assert "α" in t.signals["emg"].description
    assert t.signals["kinematics/angle"].data.shape == (2000, 1)

    lab = t.labels
    assert lab.mask.shape == (4000, 3) and lab.mask.dtype == np.uint16
    assert lab.bit_names == ["clonus", "dystonia", "myoclonus", "dystonia_posture", "dystonia_spasm", "dystonia_tremor",
                             "dystonia_overflow", "myoclonus_negative"]
    assert lab.has("clonus")[1000:2000, 0].all() and not lab.has("clonus")[:1000].any()
    assert lab.has("myoclonus")[1334:2666, 2].all()

    ev = t.events
    assert t.event_columns == ["start_time", "stop_time", "label", "channel", "parent", "amplitude", "frequency_hz",
                               "beat_number"], t.event_columns
    assert all(len(ev[c]) == 5 for c in t.event_columns)
    assert list(ev["label"]) == ["clonus", "clonus_beat", "clonus_beat", "clonus_beat", "myoclonus"]
    assert isinstance(ev["channel"][4], str) and ev["channel"][4] == "gastrocnémius"
    assert math.isnan(ev["amplitude"][0]) and math.isclose(ev["amplitude"][1], 0.1)
    assert ev["beat_number"][4] == -1 and ev["parent"][1] == 0 and ev["parent"][0] == -1
    assert t.parameters == {"reflex.gain": 1.5, "noise.σ": 0.01, "muscle.soleus.f_max": 2500.0}
    assert t.parameter_units == {"reflex.gain": "1", "noise.σ": "V", "muscle.soleus.f_max": "N"}, t.parameter_units
    assert t.parameter_sources == {"reflex.gain": "", "noise.σ": "", "muscle.soleus.f_max": "Arnold et al. 2010 (ünïcode)"}
    assert t.protocol[0] == ("rest", 0.0, 0.5), t.protocol

    windows = list(nr.iter_windows(t, 0.5, 0.25))
    assert len(windows) == 7, len(windows)
    for k, (w, m) in enumerate(windows):
        assert w.shape == (1000, 3) and m.shape == (1000, 3)
        assert np.array_equal(m, lab.mask[500 * k:500 * k + 1000])

    # Label occupancy: the writer's per-bit counts, the definition `nmsim inspect` shares.
    occupancy = nr.label_occupancy(f["trials/000000"])
    for b, name in enumerate(lab.bit_names):
        expected = np.count_nonzero((lab.mask >> np.uint16(b)) & np.uint16(1)) / lab.mask.size
        assert math.isclose(occupancy[name], expected, rel_tol=1e-12), (name, occupancy[name], expected)
    assert occupancy["clonus"] > 0

    # A name that no row has is an error listing what the file has, not an empty selection.
    assert list(nr.select(f, split="")) == [0, 1]
    for bad in ({"split": "val"}, {"phenotype": "Clonus"}):
        try:
            nr.select(f, **bad)
        except ValueError as e:
            assert "in /index; the file has" in str(e), e
        else:
            raise AssertionError(f"select({bad}) did not raise")

    empty = nr.load_trial(f, 1)
    assert empty.event_columns == ["start_time", "stop_time", "label", "channel", "parent"]
    assert all(len(empty.events[c]) == 0 for c in empty.event_columns)
    assert empty.parameters == {} and empty.protocol == []

# A file written before the parameters table had units and sources: both read as "".
import shutil  # noqa: E402
import tempfile  # noqa: E402

import h5py  # noqa: E402

with tempfile.TemporaryDirectory() as tmp:
    old = f"{tmp}/old.h5"
    shutil.copy(path, old)
    with h5py.File(old, "r+") as f:
        del f["trials/000000/parameters/unit"], f["trials/000000/parameters/source"]
    with nr.open_dataset(old) as f:
        t = nr.load_trial(f, 0)
    assert t.parameters["muscle.soleus.f_max"] == 2500.0
    assert set(t.parameter_units.values()) == {""} and set(t.parameter_sources.values()) == {""}

print("python reader: all checks passed")
