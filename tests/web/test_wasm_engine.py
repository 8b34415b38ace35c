"""The WebAssembly engine (build/lab/nmsim_engine.js, run by Node) gives the trial the native
engine gives (the Python module: the same code built with g++) for the same scenario,
overrides and seed: every series within 1e-6 of its own peak (plus 1e-12 for series that are
all zero), the labels and every event equal (the counts follow from them), and the same
linear analysis.

Measured when written: the series are bit-identical except 3 of 40,000 samples of the
writer's cramp dystonic drive (differences of 2e-18) and a myoclonus trial's dystonic drive
(3e-20 where the native one is 0); a few event times differ in the last bit. The two libm
implementations round exp and log differently.
"""
import json
import math
import os
import subprocess

import numpy as np
import pytest

import nmsim

DUMP = os.path.join(os.path.dirname(__file__), "dump_trial.js")

CASES = [
    ("lab_ankle", {"parameters.spinal.reflex_gain": 1}, None),
    ("lab_ankle", {"parameters.spinal.reflex_gain": 4, "parameters.defaults.reflex.delay": 0.05}, 7),
    ("wrist_writers_cramp", {}, None),
    ("cortical_reflex_myoclonus", {}, 3),
    ("dyt1_leg_dystonia", {"parameters.spinal.reflex_gain": 4}, None),
]


def run_wasm(lab_dir, tmp_path, scenario, sets, seed):
    out = tmp_path / "trial.json"
    args = ["node", "--no-experimental-fetch", DUMP,
            f"{lab_dir}/nmsim_engine.js", scenario, str(out), str(-1 if seed is None else seed)]
    args += [f"{k}={v}" for k, v in sets.items()]
    subprocess.run(args, check=True, timeout=300)
    return json.loads(out.read_text())


@pytest.mark.parametrize("scenario,sets,seed", CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_wasm_trial_equals_native(lab_dir, tmp_path, scenario, sets, seed):
    web = run_wasm(lab_dir, tmp_path, scenario, sets, seed)
    native = nmsim.simulate(scenario, set=sets, seed=seed)
    assert set(web["series"]) == set(native.signals)
    for path, s in web["series"].items():
        want = native.signals[path]
        got = np.asarray(s["data"], dtype=np.float32).reshape(-1, len(s["channels"]))
        assert s["channels"] == list(want.channels), path
        assert got.shape == want.data.shape, path
        assert s["rate"] == want.rate, path
        peak = float(np.abs(want.data).max())
        assert float(np.abs(got - want.data).max()) <= 1e-6 * peak + 1e-12, path
    mask = np.asarray(web["labels"]["data"], dtype=np.uint16).reshape(native.labels.mask.shape)
    assert web["labels"]["bitNames"] == list(native.labels.bit_names)
    assert np.array_equal(mask, native.labels.mask)
    # Every event column, row by row (NaN where a row has no value, as in the file); real columns
    # to 1e-9 (measured: a few differ in the last bit, from libm's rounding of exp and log).
    events = native.events
    assert len(web["events"]) == len(events["label"])
    renamed = {"start_time": "start", "stop_time": "stop"}
    for column, values in events.items():
        got = [e.get(renamed.get(column, column), math.nan) for e in web["events"]]
        for g, w in zip(got, values):
            if isinstance(w, str):
                assert g == w, column
            elif not math.isnan(float(w)):
                assert math.isclose(g, float(w), rel_tol=1e-9, abs_tol=1e-12), (column, g, w)
            else:
                assert g is None or math.isnan(g), column
    assert web["phases"] == [{"name": n, "start": a, "stop": b} for n, a, b in native.protocol]


@pytest.mark.parametrize("sets", [{}, {"parameters.defaults.reflex.delay": 0.065}])
def test_wasm_stability_equals_native(lab_dir, tmp_path, sets):
    web = run_wasm(lab_dir, tmp_path, "lab_ankle", sets, None)["stability"]
    native = nmsim.stability("lab_ankle", set=sets)
    assert web["stable"] == native.stable
    assert math.isclose(web["criticalGain"], native.critical_gain, rel_tol=1e-9)
    assert math.isclose(web["criticalFrequency"], native.critical_frequency, rel_tol=1e-9)


def test_wasm_reports_bad_input_with_the_native_message(lab_dir, tmp_path):
    out = tmp_path / "never.json"
    r = subprocess.run(["node", "--no-experimental-fetch", DUMP,
                        f"{lab_dir}/nmsim_engine.js", "lab_ankle", str(out), "-1", "parameters.spinal.reflex_gian=2"],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 2
    assert "unknown key 'reflex_gian'" in r.stderr and "did you mean 'reflex_gain'?" in r.stderr
    assert not out.exists()
