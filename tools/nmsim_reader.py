#!/usr/bin/env python3
"""Read nmsim HDF5 datasets (format version 1, see docs/format.md) with h5py and numpy.

As a module::

    import nmsim_reader as nr
    with nr.open_dataset("out.h5") as f:
        for index in nr.list_trials(f):
            trial = nr.load_trial(f, index)
            for emg, labels in nr.iter_windows(trial, length_s=0.5, step_s=0.25):
                ...  # emg: (samples, channels) float32, labels: (samples, channels) uint16

As a command: ``python3 tools/nmsim_reader.py FILE.h5 [--trial N ...] [--all]`` prints a summary.
"""
from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field
from typing import Iterator

import h5py
import numpy as np

FORMAT_NAME = "nmsim"
SUPPORTED_VERSIONS = (1,)
_RESERVED = {"labels", "events", "parameters", "protocol"}


@dataclass
class Signal:
    """One time series: data is (samples, channels), time runs down the rows."""

    name: str
    times: np.ndarray  # (samples,) seconds
    data: np.ndarray  # (samples, channels) float32
    channels: list[str]
    unit: str
    rate: float = 0.0
    starting_time: float = 0.0
    description: str = ""

    # Allows `times, data, channels, unit = trial.signals["emg"]`.
    def __iter__(self):
        return iter((self.times, self.data, self.channels, self.unit))


@dataclass
class Labels:
    """Per-sample, per-channel bitmask; bit i means bit_names[i] is present."""

    mask: np.ndarray  # (samples, channels) uint16
    bit_names: list[str]
    channels: list[str]
    rate: float
    starting_time: float

    @property
    def times(self) -> np.ndarray:
        return self.starting_time + np.arange(self.mask.shape[0]) / self.rate

    def has(self, bit_name: str) -> np.ndarray:
        """Boolean (samples, channels) array: where `bit_name` is labelled."""
        bit = self.bit_names.index(bit_name)
        return (self.mask >> np.uint16(bit)) & np.uint16(1) == 1


@dataclass
class Trial:
    index: int
    duration: float
    signals: dict[str, Signal]
    labels: Labels
    events: dict[str, np.ndarray]  # column name -> 1-D array (NaN / -1 = missing)
    event_columns: list[str]
    parameters: dict[str, float]
    protocol: list[tuple[str, float, float]] = field(default_factory=list)  # (phase, start, stop)


def open_dataset(path) -> h5py.File:
    """Opens an nmsim file read-only; raises ValueError if it is not one this module reads."""
    f = h5py.File(path, "r")
    try:
        fmt = f.attrs.get("format")
        if fmt != FORMAT_NAME:
            raise ValueError(f"{path}: not an nmsim dataset (root attribute 'format' is {fmt!r})")
        version = int(f.attrs.get("format_version", -1))
        if version not in SUPPORTED_VERSIONS:
            raise ValueError(f"{path}: format_version {version} is not supported (reads {SUPPORTED_VERSIONS})")
    except Exception:
        f.close()
        raise
    return f


def list_trials(f: h5py.File) -> list[int]:
    """Trial indices in the file, ascending (HDF5 lists them in the order they were written)."""
    return sorted(int(name) for name in f["trials"] if name.isdigit())


def _trial_group(f: h5py.File, index: int) -> h5py.Group:
    name = f"{index:06d}"
    if name not in f["trials"]:
        raise KeyError(f"no trial {index} in {f.filename}")
    return f["trials"][name]


def _strings(dataset: h5py.Dataset) -> list[str]:
    # h5py returns variable-length string *datasets* as bytes; asstr() decodes UTF-8.
    # (String *attributes* already come back as str.)
    return [str(s) for s in dataset.asstr()[()]]


def _column(dataset: h5py.Dataset) -> np.ndarray:
    if h5py.check_string_dtype(dataset.dtype) is not None:
        return np.array(_strings(dataset), dtype=object)
    return dataset[()]


def _attr_strings(obj, name: str) -> list[str]:
    value = obj.attrs.get(name)
    if value is None:
        return []
    return [str(v) for v in np.atleast_1d(value)]


def series_paths(group: h5py.Group) -> list[str]:
    """Time-series paths of a trial group, in the order the simulator wrote them."""
    if "series" in group.attrs:
        return _attr_strings(group, "series")
    found: list[str] = []

    def visit(name, obj):
        if isinstance(obj, h5py.Dataset) and name.endswith("/data") and name.split("/")[0] not in _RESERVED:
            found.append(name[: -len("/data")])

    group.visititems(visit)
    return found


def load_signal(group: h5py.Group, path: str) -> Signal:
    ds = group[path]["data"]
    rate = float(ds.attrs["rate"])
    start = float(ds.attrs["starting_time"])
    data = ds[()]
    return Signal(
        name=path,
        times=start + np.arange(data.shape[0]) / rate,
        data=data,
        channels=_attr_strings(ds, "channels"),
        unit=str(ds.attrs["unit"]),
        rate=rate,
        starting_time=start,
        description=str(ds.attrs.get("description", "")),
    )


def load_trial(f: h5py.File, index: int) -> Trial:
    """Everything stored for one trial, as numpy arrays and Python strings."""
    g = _trial_group(f, index)
    signals = {path: load_signal(g, path) for path in series_paths(g)}

    lab = g["labels/data"]
    labels = Labels(
        mask=lab[()],
        bit_names=_attr_strings(lab, "bit_names"),
        channels=_attr_strings(lab, "channels"),
        rate=float(lab.attrs["rate"]),
        starting_time=float(lab.attrs["starting_time"]),
    )

    ev = g["events"]
    columns = _attr_strings(ev, "columns")
    events = {name: _column(ev[name]) for name in columns}

    par = g["parameters"]
    parameters = dict(zip(_strings(par["name"]), (float(v) for v in par["value"][()])))

    pro = g["protocol"]
    protocol = list(zip(_strings(pro["phase"]), pro["start_time"][()].tolist(), pro["stop_time"][()].tolist()))

    return Trial(index=int(g.attrs["index"]), duration=float(g.attrs["duration"]), signals=signals, labels=labels,
                 events=events, event_columns=columns, parameters=parameters, protocol=protocol)


def iter_windows(trial: Trial, length_s: float, step_s: float,
                 signal: str = "emg") -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """Yields (signal window, label window) pairs of `length_s` seconds every `step_s` seconds.

    Both are (samples, channels) views into the trial's arrays; the labels share the EMG's rate
    and are aligned on starting_time. Windows that would run past the end are dropped.
    """
    sig = trial.signals[signal]
    lab = trial.labels
    if not np.isclose(sig.rate, lab.rate):
        raise ValueError(f"{signal} is sampled at {sig.rate} Hz but labels at {lab.rate} Hz")
    if length_s <= 0 or step_s <= 0:
        raise ValueError("window length and step must be positive")
    n = int(round(length_s * sig.rate))
    step = max(1, int(round(step_s * sig.rate)))
    offset = int(round((sig.starting_time - lab.starting_time) * sig.rate))  # label row of signal row 0
    first = max(0, -offset)
    last = min(sig.data.shape[0], lab.mask.shape[0] - offset)  # exclusive, in signal rows
    for start in range(first, last - n + 1, step):
        yield sig.data[start:start + n], lab.mask[start + offset:start + offset + n]


def _fraction_labelled(labels: Labels) -> str:
    if labels.mask.size == 0:
        return "none"
    parts = []
    for name in labels.bit_names:
        frac = labels.has(name).any(axis=1).mean()
        parts.append(f"{name} {100 * frac:.1f}%")
    return ", ".join(parts)


def _trial_summary(trial: Trial) -> list[str]:
    lines = [f"trial {trial.index:06d}: duration {trial.duration:.3f} s"]
    for name, s in trial.signals.items():
        shape = " x ".join(str(d) for d in s.data.shape)
        lines.append(f"  {name:<28} {shape:>12} @ {s.rate:g} Hz [{s.unit}]  {', '.join(s.channels)}")
    shape = " x ".join(str(d) for d in trial.labels.mask.shape)
    lines.append(f"  {'labels':<28} {shape:>12} @ {trial.labels.rate:g} Hz  samples labelled: "
                 f"{_fraction_labelled(trial.labels)}")
    labels_col = trial.events.get("label", np.array([], dtype=object))
    kinds, counts = np.unique(labels_col.astype(str), return_counts=True) if len(labels_col) else ([], [])
    per_kind = ", ".join(f"{k} {c}" for k, c in zip(kinds, counts)) or "none"
    lines.append(f"  {'events':<28} {len(labels_col):>12} rows: {per_kind}")
    extra = [c for c in trial.event_columns if c not in ("start_time", "stop_time", "label", "channel", "parent")]
    if extra:
        lines.append(f"  {'':<28} {'':>12} extra columns: {', '.join(extra)}")
    lines.append(f"  {'parameters':<28} {len(trial.parameters):>12}")
    phases = ", ".join(f"{p} [{a:g}, {b:g})" for p, a, b in trial.protocol) or "none"
    lines.append(f"  {'protocol':<28} {phases}")
    return lines


def summary(f: h5py.File, trials: list[int] | None = None, max_trials: int = 3) -> str:
    """Human-readable description of a file; details for `trials` (default: the first few)."""
    lines = [f"{f.filename}: {f.attrs['format']} format v{int(f.attrs['format_version'])}, "
             f"written by {f.attrs.get('generator', '?')}"]
    if "provenance" in f:
        p = f["provenance"]
        text = {k: p[k].asstr()[()] for k in ("nmsim_version", "scenario_path", "model_path", "command_line")}
        lines.append(f"provenance: seed {int(p['seed'][()])}, nmsim {text['nmsim_version']}, "
                     f"scenario {text['scenario_path'] or '-'}, model {text['model_path'] or '-'}")
        lines.append(f"command line: {text['command_line'] or '-'}")
    indices = list_trials(f)
    total = sum(float(f["trials"][f"{i:06d}"].attrs["duration"]) for i in indices)
    span = f" (indices {indices[0]}..{indices[-1]})" if indices else ""
    lines.append(f"trials: {len(indices)}{span}, {total:.1f} s in total")
    shown = trials if trials is not None else indices[:max_trials]
    for index in shown:
        lines.extend(_trial_summary(load_trial(f, index)))
    if trials is None and len(indices) > max_trials:
        lines.append(f"... {len(indices) - max_trials} more trials (use --all or --trial N)")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Summarise an nmsim HDF5 dataset.")
    parser.add_argument("file", help="nmsim .h5 file")
    parser.add_argument("--trial", type=int, action="append", help="show this trial (repeatable)")
    parser.add_argument("--all", action="store_true", help="show every trial")
    args = parser.parse_args(argv)
    try:
        with open_dataset(args.file) as f:
            trials = list_trials(f) if args.all else args.trial
            print(summary(f, trials))
    except (OSError, ValueError, KeyError) as e:
        print(f"error: {e.args[0] if isinstance(e, KeyError) else e}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
