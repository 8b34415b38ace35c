"""tools/audit_dataset.py on synthetic files with planted shortcuts and planted labels.

Each dataset has two classes, 300 subjects of one trial and subject-wise splits (60/20/20): with
60 test trials a family without information scores 0.5 +- 0.065, so "within 0.25 of chance"
is a safe statement about it. The per-subject electrode gain varies log-normally, as between
real recordings. A class is planted in exactly one place; the audit must find it there only.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys

import numpy as np
import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
TOOLS = os.path.join(HERE, "..", "..", "tools")
sys.path.insert(0, TOOLS)
sys.path.insert(0, HERE)

import synthetic_nmsim as syn  # noqa: E402
from audit import features as ft  # noqa: E402
from audit import signal as sg  # noqa: E402
from audit.run import audit, reported  # noqa: E402
from audit.source import Series, TrialData  # noqa: E402

RATE = 1000.0
REST, HOLD = 0.5, 1.5  # s: protocol rest [0, 0.5), hold [0.5, 2.0)
PROTOCOL = [("rest", 0.0, REST), ("hold", REST, REST + HOLD)]
CHANNELS = ["flexor", "extensor"]
LEVEL = 100e-6  # V, envelope of the hold activity (far above the 3 uV noise)
CHANCE = 0.5
NEAR_CHANCE = CHANCE + 0.25  # the audit's default criterion


def hold_envelope(t: np.ndarray, phenotype: str, plant: str, rng) -> np.ndarray:
    """(samples,) activity envelope: zero at rest, LEVEL in the hold, shaped by the plant."""
    env = np.where(t >= REST, LEVEL, 0.0)
    hold = t >= REST
    if plant == "amplitude" and phenotype == "b":
        env = env * 3.0
    if plant == "rhythm":
        # Class b: a 6 Hz modulation. Class a: the same envelope values in shuffled order, so
        # every order-free statistic of the samples (RMS, peak-to-peak, percentiles) has the
        # same distribution in both classes; only the rhythm differs.
        mod = LEVEL * (1 + 0.8 * np.sin(2 * np.pi * 6.0 * t[hold] + rng.uniform(0, 2 * np.pi)))
        env[hold] = mod if phenotype == "b" else rng.permutation(mod)
    return env


def make_trials(plant: str, n_subjects: int = 300, seed: int = 7) -> tuple[list[dict], dict]:
    rng = np.random.default_rng(seed)
    t = np.arange(int((REST + HOLD) * RATE)) / RATE
    trials, value = [], []
    for subject, phenotype, split in syn.subjects_and_splits(n_subjects):
        gain = np.exp(0.5 * rng.standard_normal(len(CHANNELS)))  # electrode gain per subject and muscle
        env = np.stack([hold_envelope(t, phenotype, plant, rng) * g for g in gain], axis=1)
        params = {"model.a": 1.0, "model.b": float(rng.uniform(0, 1))}
        if plant == "parameter_presence" and phenotype == "b":
            params["myoclonus.enabled"] = 1.0
        trials.append({"subject": subject, "phenotype": phenotype, "split": split, "emg": syn.activity(rng, env),
                       "rate": RATE, "channels": CHANNELS, "protocol": PROTOCOL, "parameters": params,
                       "angle": 0.01 * rng.standard_normal(t.size)})
        value.append((2.0 if phenotype == "b" else 1.0) + 0.1 * rng.standard_normal())
    extra = {"value:parameters.spinal.reflex_gain": np.array(value)} if plant == "index_value" else {}
    return trials, extra


def run_plant(tmp_path, plant: str) -> dict:
    trials, extra = make_trials(plant)
    path = tmp_path / f"{plant}.h5"
    syn.write(path, trials, extra)
    return audit(str(path))


def score(result: dict, family: str) -> float:
    return reported(result["families"][family], leak=family != "signature")["test"]


def test_amplitude_plant_is_caught_by_amplitude_only(tmp_path):
    r = run_plant(tmp_path, "amplitude")
    assert score(r, "amplitude") >= 0.9
    assert score(r, "metadata") <= NEAR_CHANCE
    assert score(r, "signature") <= NEAR_CHANCE  # the signature does not see a gain
    crit = {c["criterion"].split(":")[0]: c["pass"] for c in r["criteria"]}
    assert crit["amplitude"] is False and crit["metadata"] is True


@pytest.mark.parametrize("plant", ["index_value", "parameter_presence"])
def test_metadata_plant_is_caught_by_metadata_only(tmp_path, plant):
    r = run_plant(tmp_path, plant)
    assert score(r, "metadata") >= 0.9
    assert score(r, "amplitude") <= NEAR_CHANCE
    assert score(r, "signature") <= NEAR_CHANCE


def test_rhythm_at_equal_rms_separates_only_by_signature(tmp_path):
    r = run_plant(tmp_path, "rhythm")
    assert score(r, "signature") > 0.9
    assert score(r, "amplitude") <= NEAR_CHANCE
    assert score(r, "metadata") <= NEAR_CHANCE
    top = r["families"]["signature"]["top_features"][0][0]
    assert "hold" in top and ("env_" in top), top


def test_signature_is_invariant_to_electrode_gain():
    rng = np.random.default_rng(3)
    t = np.arange(int((REST + HOLD) * RATE)) / RATE
    env = np.stack([hold_envelope(t, "b", "rhythm", rng), hold_envelope(t, "a", "none", rng)], axis=1)
    emg = syn.activity(rng, env)

    def feats(x):
        td = TrialData(0, REST + HOLD, Series(x, RATE, 0.0, CHANNELS), None, PROTOCOL, {})
        return ft.signature(td, sg.detect(x, RATE, 0.0, sg.Detector()))

    a, b = feats(emg), feats(emg * np.array([4.0, 0.3]))
    assert a.keys() == b.keys() and len(a) > 20
    for k in a:
        assert (np.isnan(a[k]) and np.isnan(b[k])) or abs(a[k] - b[k]) <= 1e-6 * (1 + abs(a[k])), k


def test_without_splits_falls_back_to_grouped_cross_validation(tmp_path):
    trials, extra = make_trials("amplitude", n_subjects=100)
    path = tmp_path / "nosplit.h5"
    syn.write(path, trials, extra, splits_in_index=False)
    r = audit(str(path))
    assert "cross-validation" in r["protocol"]
    assert score(r, "amplitude") >= 0.85


# --- labels measured back -------------------------------------------------------------------

TONIC = 50e-6


def labelled_trials(n_subjects=20, with_flag=True, seed=11):
    """Tonic hold activity with labelled bursts and silent periods, half of them really there.

    Per trial and channel 0: two visible bursts (40 ms at 15x the tonic level), two invisible
    ones (labelled, but only 1 uV added), one visible silent period (100 ms of noise only), one
    invisible one (labelled, EMG unchanged); a jerk row parents the first visible burst. Class b
    trials also get one unlabelled visible burst.
    """
    rng = np.random.default_rng(seed)
    t = np.arange(int((REST + HOLD) * RATE)) / RATE
    trials = []
    for subject, phenotype, split in syn.subjects_and_splits(n_subjects):
        env = np.where(t >= REST, TONIC, 0.0)[:, None] * np.ones((1, 2))
        rows = {"start_time": [], "stop_time": [], "label": [], "channel": [], "parent": [], "visible": []}

        def add(label, a, b, channel, parent=-1, visible=1):
            for k, v in zip(rows, (a, b, label, channel, parent, visible)):
                rows[k].append(v)

        times = REST + 0.1 + 0.19 * np.arange(7) + rng.uniform(0, 0.03, 7)
        add("myoclonus_cortical", times[0], times[0] + 0.04, "", -1, 1)
        for k, a in enumerate(times[:4]):
            visible = k < 2
            env[(t >= a) & (t < a + 0.04), 0] = 15 * TONIC if visible else TONIC + 1e-6
            add("myoclonic_burst", a, a + 0.04, CHANNELS[0], 0 if k == 0 else -1, int(visible))
        for k, a in enumerate(times[4:6]):
            if k == 0:
                env[(t >= a) & (t < a + 0.1), 0] = 0.0
            add("myoclonic_silent_period", a, a + 0.1, CHANNELS[0], -1, int(k == 0))
        if phenotype == "b":
            env[(t >= times[6]) & (t < times[6] + 0.04), 0] = 15 * TONIC  # visible, unlabelled
        if not with_flag:
            del rows["visible"]
        trials.append({"subject": subject, "phenotype": phenotype, "split": split, "emg": syn.activity(rng, env),
                       "rate": RATE, "channels": CHANNELS, "protocol": PROTOCOL, "events": rows})
    return trials


def test_planted_visible_events_are_found_and_invisible_ones_are_not(tmp_path):
    path = tmp_path / "labels.h5"
    syn.write(path, labelled_trials())
    r = audit(str(path))
    mb = r["measure_back"]
    assert mb["has_visible_column"]
    for label in ("myoclonic_burst", "myoclonic_silent_period"):
        e = mb["labels"][label]
        assert e["measured"] == e["events"]
        assert e["marked_visible"] == pytest.approx(0.5)
        assert e["visible_of_claimed"] >= 0.95, (label, e)
        assert e["visible_of_unclaimed"] <= 0.05, (label, e)
        assert e["onset_abs_error_median_ms"] <= 10.0, (label, e)
    assert mb["labels"]["myoclonus_cortical"]["visible"] == 1.0  # its child burst is visible
    visible = next(c for c in r["criteria"] if c["criterion"].startswith("every label"))
    assert visible["pass"]
    hold = {cls: u["phases"]["hold"].get("bursts_unlabelled", 0.0) / u["trials"] for cls, u in r["unlabelled"].items()}
    assert hold["b"] >= 0.9 and hold["b"] - hold["a"] >= 0.8, hold


def test_without_visible_column_every_event_is_claimed(tmp_path):
    path = tmp_path / "noflag.h5"
    syn.write(path, labelled_trials(with_flag=False))
    r = audit(str(path))
    e = r["measure_back"]["labels"]["myoclonic_burst"]
    assert not r["measure_back"]["has_visible_column"]
    assert e["visible_of_claimed"] == pytest.approx(0.5, abs=0.05)
    assert not next(c for c in r["criteria"] if c["criterion"].startswith("every label"))["pass"]


# --- blind export with an answer key -------------------------------------------------------

def test_key_provides_classes_and_labels_and_leftovers_in_the_blind_file_are_metadata(tmp_path):
    trials = labelled_trials()
    key = tmp_path / "data.key.h5"
    syn.write(key, trials)
    blind_trials = []
    for tr in trials:
        b = dict(tr)
        b["events"] = {}  # the blind export drops the events ...
        b["phenotype"] = ""
        if tr["phenotype"] == "b":  # ... except in class b, whose stimulus rows leak
            b["events"] = {"start_time": [1.0], "stop_time": [1.0], "label": ["stimulus_tap"], "channel": [""],
                           "parent": [-1]}
        blind_trials.append(b)
    blind = tmp_path / "data.h5"
    syn.write(blind, blind_trials, with_index=False)  # subjects and splits then come from the key too
    r = audit(str(blind), str(key))
    assert r["blind"] and r["classes"] == {"a": 10, "b": 10} and r["subjects"] == 20
    assert r["splits"]["test"] == {"trials": 4, "subjects": 4}
    assert r["measure_back"]["labels"]["myoclonic_burst"]["events"] == 80  # from the key
    best, best_score = r["families"]["metadata"]["top_features"][0]
    assert best.startswith("events") and best_score >= 0.9, (best, best_score)
    with pytest.raises(ValueError, match="no written trial has a class"):
        audit(str(blind))
    # A blind /index that kept a class-set value is named as a finding and caught as metadata.
    leaky = tmp_path / "leaky.h5"
    values = {"value:parameters.spinal.reflex_gain": np.array([2.0 if t["phenotype"] == "b" else 1.0 for t in trials])}
    syn.write(leaky, [dict(t, events={}) for t in trials], values, classes_in_index=False)
    r = audit(str(leaky), str(key))
    assert any("value:parameters.spinal.reflex_gain" in f for f in r["file_findings"])
    assert score(r, "metadata") >= 0.9


# --- command line ----------------------------------------------------------------------------

def test_command_line_exit_codes_and_outputs(tmp_path):
    trials, extra = make_trials("amplitude", n_subjects=40)
    path = tmp_path / "cli.h5"
    syn.write(path, trials, extra)
    script = os.path.join(TOOLS, "audit_dataset.py")
    md, js = tmp_path / "r.md", tmp_path / "r.json"
    run = subprocess.run([sys.executable, script, str(path), "-o", str(md), "--json", str(js), "--quiet"])
    assert run.returncode == 0
    text = md.read_text()
    assert "FAIL: amplitude" in text and "overall: FAIL" in text
    data = json.loads(js.read_text())
    assert data["trials"] == 40 and data["families"]["amplitude"]["models"][0]["test"] >= 0.9
    strict = subprocess.run([sys.executable, script, str(path), "--strict", "--quiet"], capture_output=True)
    assert strict.returncode == 1
    lenient = subprocess.run([sys.executable, script, str(path), "--leak-margin", "1", "--signature-min", "0",
                              "--strict", "--quiet"], capture_output=True, text=True)
    assert lenient.returncode == 0 and "overall: PASS" in lenient.stdout
    bad = tmp_path / "bad.h5"
    bad.write_text("not an HDF5 file")
    err = subprocess.run([sys.executable, script, str(bad), "-o", str(tmp_path / "x.md")], capture_output=True, text=True)
    assert err.returncode == 2 and "error:" in err.stderr
    assert not (tmp_path / "x.md").exists()


def test_onset_of_a_beat_is_not_the_beat_before_it():
    from audit.measure import _after_previous, _onset
    rate = 500.0
    crossed = np.zeros(500, dtype=bool)
    crossed[100:140] = True  # previous beat, labelled 100-140
    crossed[170:210] = True  # this beat, labelled from row 175: its envelope rises at 170
    same = np.zeros(500, dtype=bool)
    same[100:140] = True
    same[175:210] = True
    lead = 175 - int(0.1 * rate)  # 100 ms before the labelled start reaches into the previous beat
    assert _onset(crossed, lead, rate) == 100  # without the floor: the previous beat's onset
    assert _onset(crossed, lead, rate, _after_previous(same, 175)) == 170
    assert _after_previous(same, 100) == 0
