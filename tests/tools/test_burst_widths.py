"""tools/burst_widths.py on synthetic files whose bursts last exactly as long as labelled, or not.

EMG-like bursts (white carrier times a rectangular envelope) of 20-80 ms are planted at labelled
times; the mean envelope's half-height width must come back as the labelled duration. When the
planted bursts are made half as long as their labels, the tool must say so. A detection file
with known durations gives known agreement figures.
"""
from __future__ import annotations

import os
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "tools"))
sys.path.insert(0, HERE)

import burst_widths as bw  # noqa: E402
import nmsim_reader as nr  # noqa: E402
import synthetic_nmsim as syn  # noqa: E402

RATE = 2000.0
DURATIONS = (0.02, 0.04, 0.06, 0.08)


def planted(path, shrink=1.0, seed=3):
    rng = np.random.default_rng(seed)
    n = int(30 * RATE)
    env = np.zeros(n)
    starts, stops = [], []
    for k, t0 in enumerate(np.arange(0.5, 29.5, 0.4)):
        d = DURATIONS[k % len(DURATIONS)]
        a = int(round(t0 * RATE))
        env[a:a + int(round(shrink * d * RATE))] = 100e-6
        starts.append(a / RATE)
        stops.append(a / RATE + d)
    emg = syn.activity(rng, env)[:, None]
    events = {"start_time": starts, "stop_time": stops, "label": ["myoclonic_burst"] * len(starts),
              "channel": ["m"] * len(starts), "parent": [-1] * len(starts)}
    syn.write(path, [{"subject": 0, "phenotype": "a", "split": "train", "emg": emg, "rate": RATE, "channels": ["m"],
                      "protocol": [("rest", 0.0, 30.0)], "events": events}])
    return list(zip(starts, stops))


def table(path):
    with nr.open_dataset(path) as f:
        bursts, emg = bw.labelled_bursts(f)
    return bursts, {key: width for key, _, width in bw.width_table(bursts, emg, min_count=5)}


def test_widths_follow_the_labels_when_the_signal_holds_them(tmp_path):
    planted(str(tmp_path / "d.h5"))
    _, widths = table(str(tmp_path / "d.h5"))
    assert sorted(widths) == [20, 40, 60, 80]
    for key, width in widths.items():
        assert abs(width - key) <= 4.0, (key, width)  # 2.5 ms smoothing and one-sample edges


def test_widths_expose_bursts_shorter_than_their_labels(tmp_path):
    planted(str(tmp_path / "d.h5"), shrink=0.5)
    _, widths = table(str(tmp_path / "d.h5"))
    for key, width in widths.items():
        assert abs(width - key / 2) <= 4.0, (key, width)


def test_detector_agreement_measures_bias_error_and_slope(tmp_path):
    truth = planted(str(tmp_path / "d.h5"))
    det = tmp_path / "det.csv"
    with open(det, "w") as fh:  # each burst detected 5 ms late and lasting 0.5 x its duration + 10 ms
        fh.write("# synthetic\ntrial,channel,label,start,stop,score\n")
        for a, b in truth:
            fh.write("0,m,myoclonic_burst,%.6f,%.6f,1\n" % (a + 0.005, a + 0.005 + 0.5 * (b - a) + 0.01))
        fh.write("0,m,myoclonic_burst,29.9,29.95,1\n")  # overlaps no label: paired with nothing
    bursts, _ = table(str(tmp_path / "d.h5"))
    n, bias, mae, slope = bw.detector_agreement(bursts, str(det))
    assert n == len(truth)
    expected = np.array([0.5 * (b - a) + 0.01 - (b - a) for a, b in truth])
    assert abs(bias - expected.mean()) < 1e-9
    assert abs(mae - np.abs(expected).mean()) < 1e-9
    assert abs(slope - 0.5) < 1e-6
