"""What the Octave test expects to find in the MAT export of an nmsim dataset, read straight
from the HDF5 file with h5py (independently of nmsim's own reader and exporter).
Usage: expected_from_hdf5.py DATASET.h5 EXPECTED.json"""
import json
import sys

import h5py
import numpy as np


def main(dataset, out):
    with h5py.File(dataset, "r") as f:
        name = sorted(f["trials"], key=int)[0]
        t = f["trials"][name]
        emg = t["emg/data"][()]
        angle = t["kinematics/angle/data"][()]
        lab = t["labels/data"]
        bits = [str(b) for b in lab.attrs["bit_names"]]
        mask = lab[()]
        clonus = (mask >> bits.index("clonus")) & 1
        ev = t["events"]
        labels = ev["label"].asstr()[()]
        starts = ev["start_time"][()]
        picks = [0, emg.shape[0] // 2, emg.shape[0] - 1]
        expected = {
            "trial": int(t.attrs["index"]),
            "emg_shape": list(emg.shape),
            "emg_rate": float(t["emg/data"].attrs["rate"]),
            "emg_starting_time": float(t["emg/data"].attrs["starting_time"]),
            "emg_channels": [str(c) for c in t["emg/data"].attrs["channels"]],
            "emg_unit": str(t["emg/data"].attrs["unit"]),
            # 1-based (row, column) picks and their values, exactly as float32 holds them
            "emg_picks": [[r + 1, c + 1, float(emg[r, c])] for r in picks for c in range(emg.shape[1])],
            "emg_sum": float(emg.astype(np.float64).sum()),
            "angle_shape": list(angle.shape),
            "angle_last": float(angle[-1, 0]),
            "bit_names": bits,
            "clonus_cells": int(clonus.sum()),
            "clonus_per_channel": [int(x) for x in clonus.sum(axis=0)],
            "beat_starts": [float(x) for x in starts[labels == "clonus_beat"]],
            "event_count": int(len(labels)),
            "seed": str(int(f["provenance/seed"][()])),
            "parameter_count": int(len(t["parameters/value"])),
            "parameter_names": [x.decode() if isinstance(x, bytes) else str(x) for x in t["parameters/name"][()]],
            "parameter_units": [x.decode() if isinstance(x, bytes) else str(x) for x in t["parameters/unit"][()]],
            "parameter_sources": [x.decode() if isinstance(x, bytes) else str(x) for x in t["parameters/source"][()]],
        }
    assert expected["clonus_cells"] > 0 and expected["beat_starts"], "the test scenario must produce clonus"
    with open(out, "w") as o:
        json.dump(expected, o)


if __name__ == "__main__":
    main(*sys.argv[1:])
