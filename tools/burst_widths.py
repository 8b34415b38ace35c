#!/usr/bin/env python3
"""Do a dataset's EMG bursts last as long as their labels say, and does a detector measure it?

    /usr/bin/python3 tools/burst_widths.py DATASET.h5 [DETECTIONS.csv]

Groups the labelled `myoclonic_burst` rows by their duration (10 ms bins), averages the
rectified EMG of their channel aligned at each burst's labelled start, and measures that mean
envelope's full width at half its height above the pre-burst level. If the signal holds the
truth, the width grows one for one with the labelled duration. With a detection file (as
written by `nmsim detect burst_onsets` or `myoclonus_45ms`), each labelled burst is paired with
the first detected burst of its channel that overlaps it, and the detector's durations are
compared with the labelled ones (mean error, mean absolute error, least-squares slope).
"""
from __future__ import annotations

import argparse
import csv
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import nmsim_reader as nr  # noqa: E402  (exits with a clear message without h5py/numpy)

np = nr.np
PRE_S, POST_S = 0.05, 0.2  # window around a labelled start: baseline before, burst after


def labelled_bursts(f):
    """(trial, channel, start, stop) of every labelled myoclonic_burst, and each trial's EMG."""
    bursts, emg = [], {}
    for t in nr.list_trials(f):
        trial = nr.load_trial(f, t)
        ev = trial.events
        if "label" not in ev:
            continue
        emg[t] = trial.signals["emg"]
        for label, channel, a, b in zip(ev["label"], ev["channel"], ev["start_time"], ev["stop_time"]):
            if label == "myoclonic_burst":
                bursts.append((t, channel, float(a), float(b)))
    return bursts, emg


def width_table(bursts, emg, min_count=20):
    """Rows (bin_ms, count, half-height width in ms) of the mean envelope per duration bin."""
    groups = {}
    for t, channel, a, b in bursts:
        sig = emg[t]
        c = sig.channels.index(channel)
        s = int(round((a - sig.starting_time) * sig.rate))
        pre, post = int(PRE_S * sig.rate), int(POST_S * sig.rate)
        if s - pre < 0 or s + post > sig.data.shape[0]:
            continue
        seg = np.abs(sig.data[s - pre:s + post, c].astype(float))
        top = seg.max()
        if top > 0:
            groups.setdefault(int(round((b - a) * 100)) * 10, []).append((seg / top, sig.rate))
    rows = []
    for key in sorted(groups):
        segs = groups[key]
        if len(segs) < min_count:
            continue
        rate = segs[0][1]
        mean = np.mean([x for x, _ in segs], axis=0)
        smooth = np.convolve(mean, np.ones(5) / 5, mode="same")  # 2.5 ms at 2 kHz: sample noise only
        pre = int(PRE_S * rate)
        base = np.median(smooth[:pre - 5])
        above = np.flatnonzero(smooth > base + 0.5 * (smooth.max() - base))
        rows.append((key, len(segs), 1000.0 * (above[-1] - above[0] + 1) / rate))
    return rows


def detector_agreement(bursts, detections_csv):
    """(pairs, mean error s, mean absolute error s, slope) of detected vs labelled durations."""
    found = {}
    with open(detections_csv) as fh:
        for row in csv.DictReader(line for line in fh if not line.startswith("#")):
            if row["label"] == "myoclonic_burst":
                found.setdefault((int(row["trial"]), row["channel"]), []).append((float(row["start"]), float(row["stop"])))
    truth, measured = [], []
    for t, channel, a, b in bursts:
        for s, e in sorted(found.get((t, channel), [])):
            if s < b and e > a:
                truth.append(b - a)
                measured.append(e - s)
                break
    truth, measured = np.array(truth), np.array(measured)
    if len(truth) < 2:
        return len(truth), None, None, None
    return len(truth), float(np.mean(measured - truth)), float(np.mean(np.abs(measured - truth))), \
        float(np.polyfit(truth, measured, 1)[0])


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    ap.add_argument("dataset")
    ap.add_argument("detections", nargs="?")
    a = ap.parse_args(argv)
    with nr.open_dataset(a.dataset) as f:
        bursts, emg = labelled_bursts(f)
    if not bursts:
        print("%s: no labelled myoclonic_burst rows" % a.dataset, file=sys.stderr)
        return 2
    print("labelled duration (ms) | bursts | mean EMG envelope width at half height (ms)")
    for key, n, width in width_table(bursts, emg):
        print("%d | %d | %.1f" % (key, n, width))
    if a.detections:
        n, bias, mae, slope = detector_agreement(bursts, a.detections)
        print("detector: %d paired bursts, mean error %+.1f ms, mean absolute error %.1f ms, slope %.2f"
              % (n, 1000 * bias, 1000 * mae, slope) if bias is not None else "detector: too few paired bursts")
    return 0


if __name__ == "__main__":
    sys.exit(main())
