#!/usr/bin/env python3
"""Read nmsim HDF5 datasets (format version 1, see docs/format.md) with h5py and numpy.

As a module::

    import nmsim_reader as nr
    with nr.open_dataset("out.h5") as f:
        for index in nr.list_trials(f):
            trial = nr.load_trial(f, index)
            for emg, labels in nr.iter_windows(trial, length_s=0.5, step_s=0.25):
                ...  # emg: (samples, channels) float32, labels: (samples, channels) uint16

Datasets with many trials: ``read_index(f)`` returns the /index table (one row per planned
trial), ``select(f, split="train")`` the indices of matching written trials, and
``TrialWindows(path, trials, length_s, step_s)`` addresses every window of those trials by one
flat index, reading only the window from the file (a ready base for a PyTorch ``Dataset``).

As a command: ``python3 tools/nmsim_reader.py FILE.h5 [--trial N ...] [--all] [--index]`` prints a summary.
"""
from __future__ import annotations

import argparse
import bisect
import os
import sys
from dataclasses import dataclass, field
from typing import Iterable, Iterator

try:
    import h5py
    import numpy as np
except ModuleNotFoundError as missing:  # e.g. a python3 that is not Debian's
    if __name__ != "__main__":  # imported (as nmsim_reader, or as the Python module's nmsim._reader)
        raise ImportError(f"nmsim's file reader needs h5py and numpy, which {sys.executable} lacks ({missing}); "
                          "use /usr/bin/python3 (Debian: apt install python3-h5py python3-numpy)") from missing
    sys.exit(f"nmsim_reader needs h5py and numpy, which {sys.executable} lacks ({missing}); run it with "
             "/usr/bin/python3 (Debian: apt install python3-h5py python3-numpy) or install them for this Python")

FORMAT_NAME = "nmsim"
SUPPORTED_VERSIONS = (1,)
_RESERVED = {"labels", "artefacts", "events", "parameters", "protocol"}


# These classes are also the Python module's (`import nmsim`, which ships this file as
# nmsim._reader): a trial simulated in memory and one read from a file are the same object.
@dataclass
class Signal:
    """One time series: data is (samples, channels) in `unit`, time runs down the rows, sampled
    at `rate` Hz from `starting_time` s."""

    name: str
    data: np.ndarray  # (samples, channels) float32
    channels: list[str]
    unit: str
    rate: float
    starting_time: float = 0.0
    description: str = ""

    @property
    def times(self) -> np.ndarray:
        """(samples,) seconds."""
        return self.starting_time + np.arange(self.data.shape[0]) / self.rate

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

    def bit(self, bit_name: str) -> np.ndarray:
        """Boolean (samples, channels) array: where `bit_name` (one of bit_names) is labelled."""
        if bit_name not in self.bit_names:
            raise KeyError("no label bit %r; the bits are %s" % (bit_name, ", ".join(self.bit_names)))
        bit = self.bit_names.index(bit_name)
        return (self.mask >> np.uint16(bit)) & np.uint16(1) == 1

    has = bit  # the name this reader first gave it


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
    # name -> unit ("1" = dimensionless) and name -> cited source ("" if none); both "" for
    # files written before the parameters table had these columns.
    parameter_units: dict[str, str] = field(default_factory=dict)
    parameter_sources: dict[str, str] = field(default_factory=dict)
    # Simulated in memory: the resolved scenario and model text, seed, version and paths. Read
    # from a file: empty (the file's /provenance holds it for every trial).
    provenance: dict[str, object] = field(default_factory=dict, repr=False)
    # A trial of a dataset plan (nmsim.Dataset): index, subject, phenotype, split, drawn values
    # and critical gain, as the file's /index row has them; empty otherwise.
    plan: dict[str, object] = field(default_factory=dict)
    # The recording chain's artefact mask (bits clipping, electrode_pop, dropout; docs/labels.md),
    # on the EMG grid; None when the trial's chain marks no artefacts.
    artefacts: Labels | None = None

    @property
    def emg(self) -> Signal:
        return self.signals["emg"]

    def events_frame(self):
        """The events as a pandas DataFrame, one row per event, columns in event_columns order
        (pandas is optional: ImportError without it; Debian: python3-pandas)."""
        import pandas
        return pandas.DataFrame({name: self.events[name] for name in self.event_columns})


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
        data=data,
        channels=_attr_strings(ds, "channels"),
        unit=str(ds.attrs["unit"]),
        rate=rate,
        starting_time=start,
        description=str(ds.attrs.get("description", "")),
    )


def _load_mask(ds) -> Labels:
    """A bitmask dataset (labels/data or artefacts/data) with its names, channels and grid."""
    return Labels(mask=ds[()], bit_names=_attr_strings(ds, "bit_names"), channels=_attr_strings(ds, "channels"),
                  rate=float(ds.attrs["rate"]), starting_time=float(ds.attrs["starting_time"]))


def load_trial(f: h5py.File, index: int) -> Trial:
    """Everything stored for one trial, as numpy arrays and Python strings."""
    g = _trial_group(f, index)
    signals = {path: load_signal(g, path) for path in series_paths(g)}

    if "labels" in g:
        labels = _load_mask(g["labels/data"])
    else:  # a blind export (docs/datasets.md): its answer key holds the labels
        labels = Labels(mask=np.zeros((0, 0), dtype=np.uint16), bit_names=[], channels=[], rate=0.0, starting_time=0.0)

    ev = g["events"]
    columns = _attr_strings(ev, "columns")
    events = {name: _column(ev[name]) for name in columns}

    par = g["parameters"]
    names = _strings(par["name"])
    parameters = dict(zip(names, (float(v) for v in par["value"][()])))
    notes = {col: dict(zip(names, _strings(par[col]) if col in par else [""] * len(names)))
             for col in ("unit", "source")}

    pro = g["protocol"]
    protocol = list(zip(_strings(pro["phase"]), pro["start_time"][()].tolist(), pro["stop_time"][()].tolist()))

    return Trial(index=int(g.attrs["index"]), duration=float(g.attrs["duration"]), signals=signals, labels=labels,
                 events=events, event_columns=columns, parameters=parameters, protocol=protocol,
                 parameter_units=notes["unit"], parameter_sources=notes["source"],
                 artefacts=_load_mask(g["artefacts/data"]) if "artefacts" in g else None)


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


# ---------------------------------------------------------------------------------------------
# The dataset index and selections

def read_index(f: h5py.File) -> dict[str, np.ndarray]:
    """The /index table: column name -> 1-D array, one row per planned trial (failed ones included).

    Strings come back as object arrays of str; numbers as int64 / float64 arrays. Columns are in
    the file's order: trial, subject, phenotype, split, status ("ok" / "failed"), failure_reason,
    duration, clonus_episodes, clonus_beats, clonus_frequency, then one float "value:<path>"
    column per varied, swept or class-set parameter (NaN where a row has no value).
    A file without /index gets one built from /trials (every trial "ok", subject 0).
    """
    if "index" not in f:
        trials = list_trials(f)
        n = len(trials)
        durations = [float(f["trials"][f"{i:06d}"].attrs.get("duration", np.nan)) for i in trials]
        return {
            "trial": np.array(trials, dtype=np.int64),
            "subject": np.zeros(n, dtype=np.int64),
            "phenotype": np.array([""] * n, dtype=object),
            "split": np.array([""] * n, dtype=object),
            "status": np.array(["ok"] * n, dtype=object),
            "failure_reason": np.array([""] * n, dtype=object),
            "duration": np.array(durations, dtype=np.float64),
        }
    g = f["index"]
    names = _attr_strings(g, "columns") or list(g.keys())
    return {name: _column(g[name]) for name in names}


def _matches(values: np.ndarray, wanted, column: str, filename: str) -> np.ndarray:
    """Rows whose `column` value is one of `wanted`; a wanted value that no row has is an error
    (a misspelt split or class would otherwise select nothing, silently)."""
    if isinstance(wanted, (str, bytes, int, np.integer)):
        wanted = [wanted]
    wanted = list(wanted)
    present = set(values.tolist())
    unknown = [w for w in wanted if w not in present]
    if unknown:
        valid = ", ".join(repr(v) for v in sorted(present, key=str))
        raise ValueError(f"{filename}: no {column} {', '.join(repr(u) for u in unknown)} in /index; "
                         f"the file has {valid}")
    return np.isin(values, wanted)


def select(f: h5py.File, phenotype=None, split=None, status="ok", subject=None,
           index: dict[str, np.ndarray] | None = None) -> np.ndarray:
    """Trial indices (int64, ascending) of the index rows that match every given filter.

    Each filter is a value or a collection of values; None matches everything. A value that no
    row has raises ValueError naming the values the file has (so split="val" for "validation"
    fails loudly instead of selecting nothing). The default status="ok" keeps only the trials
    that were written (failed ones have no /trials group); status=None returns every planned
    trial. Pass `index` (from read_index) to avoid rereading it.
    """
    idx = read_index(f) if index is None else index
    keep = np.ones(len(idx["trial"]), dtype=bool)
    for column, wanted in (("phenotype", phenotype), ("split", split), ("status", status), ("subject", subject)):
        if wanted is None:
            continue
        if column not in idx:
            raise KeyError(f"{f.filename}: /index has no column '{column}'")
        if column == "status" and wanted == "ok" and "ok" not in set(idx[column].tolist()):
            keep &= False  # every trial failed: nothing written, not a misspelling
            continue
        keep &= _matches(idx[column], wanted, column, f.filename)
    return np.sort(idx["trial"][keep].astype(np.int64))


class TrialWindows:
    """Every `length_s`-second window (every `step_s` seconds) of the given trials, by flat index.

    ``emg, mask, trial = windows[k]``: (samples, channels) float32 signal and uint16 label mask
    (bit i = ``windows.bit_names[i]``) plus the trial index. Windows follow the rules of
    ``iter_windows`` (label-aligned, none past the end), trial by trial in the given order.

    Only shapes and attributes are read up front; each item reads just its rows. Given a path
    (not an open file), the file is opened on first use in each process and never pickled, so
    the object can be handed to DataLoader worker processes.
    """

    def __init__(self, source, trials: Iterable[int] | None = None, length_s: float = 0.5,
                 step_s: float | None = None, signal: str = "emg"):
        if length_s <= 0 or (step_s is not None and step_s <= 0):
            raise ValueError("window length and step must be positive")
        self.signal = signal
        self._path = None if isinstance(source, h5py.File) else os.fspath(source)
        self._file = source if isinstance(source, h5py.File) else None
        self._pid = os.getpid()
        f = self._file if self._file is not None else open_dataset(self._path)
        try:
            self.trials = list_trials(f) if trials is None else [int(t) for t in trials]
            self.bit_names: list[str] = []
            self.channels: list[str] = []
            self._plan = []  # (trial, first signal row, window count, label row offset)
            self._ends = []  # cumulative window counts
            self.length = 0
            self.step = 0
            total = 0
            for t in self.trials:
                g = _trial_group(f, t)
                sig, lab = g[signal]["data"], g["labels/data"]
                rate, lab_rate = float(sig.attrs["rate"]), float(lab.attrs["rate"])
                if not np.isclose(rate, lab_rate):
                    raise ValueError(f"trial {t}: {signal} is sampled at {rate} Hz but labels at {lab_rate} Hz")
                n = int(round(length_s * rate))
                step = max(1, int(round((length_s if step_s is None else step_s) * rate)))
                if self._plan and (n, step) != (self.length, self.step):
                    raise ValueError(f"trial {t}: {signal} rate differs from the first trial's; windows would differ")
                self.length, self.step = n, step
                if not self.bit_names:
                    self.bit_names = _attr_strings(lab, "bit_names")
                    self.channels = _attr_strings(sig, "channels")
                offset = int(round((float(sig.attrs["starting_time"]) - float(lab.attrs["starting_time"])) * rate))
                first = max(0, -offset)
                last = min(sig.shape[0], lab.shape[0] - offset)
                count = len(range(first, last - n + 1, step))
                self._plan.append((t, first, count, offset))
                total += count
                self._ends.append(total)
        finally:
            if self._file is None:
                f.close()

    def __len__(self) -> int:
        return self._ends[-1] if self._ends else 0

    def _h5(self) -> h5py.File:
        # h5py handles do not survive fork(): (re)open in every process that reads.
        if self._file is None or (self._path is not None and self._pid != os.getpid()):
            self._file = h5py.File(self._path, "r")
            self._pid = os.getpid()
        return self._file

    def _find(self, k: int) -> tuple[int, int]:
        """(position in the plan, first signal row) of window k."""
        if k < 0:
            k += len(self)
        if not 0 <= k < len(self):
            raise IndexError(f"window {k} out of range ({len(self)} windows)")
        i = bisect.bisect_right(self._ends, k)
        before = self._ends[i - 1] if i > 0 else 0
        return i, self._plan[i][1] + (k - before) * self.step

    def locate(self, k: int) -> tuple[int, int]:
        """(trial, first signal row) of window k."""
        i, start = self._find(k)
        return self._plan[i][0], start

    def __getitem__(self, k: int) -> tuple[np.ndarray, np.ndarray, int]:
        i, start = self._find(k)
        t, _, _, offset = self._plan[i]
        g = _trial_group(self._h5(), t)
        return (g[self.signal]["data"][start:start + self.length],
                g["labels/data"][start + offset:start + offset + self.length], t)

    def __iter__(self) -> Iterator[tuple[np.ndarray, np.ndarray, int]]:
        for k in range(len(self)):
            yield self[k]

    def __getstate__(self):
        if self._path is None:
            raise TypeError("TrialWindows over an open h5py.File cannot be pickled; pass the file's path")
        state = dict(self.__dict__)
        state["_file"] = None
        return state

    def close(self) -> None:
        if self._path is not None and self._file is not None:
            self._file.close()
        self._file = None


def _value_range(values: np.ndarray) -> str:
    v = values[~np.isnan(values)]
    if v.size == 0:
        return "no values"
    return f"min {v.min():.6g}, mean {v.mean():.6g}, max {v.max():.6g} ({np.unique(v).size} distinct)"


def index_summary(f: h5py.File) -> str:
    """Counts from /index: trials planned / written / failed, classes x splits, subjects, varied values."""
    idx = read_index(f)
    n = len(idx["trial"])
    status = idx["status"]
    failed = int(np.sum(status == "failed"))
    shard = f["provenance/shard"].asstr()[()] if "provenance/shard" in f else ""
    lines = [f"{f.filename}: {n} trials planned, {len(list_trials(f))} written, {failed} failed"
             + (f" (shard {shard})" if shard else "")
             + ("" if "index" in f else " (no /index: built from /trials)")]
    for t, reason in list(zip(idx["trial"][status == "failed"], idx["failure_reason"][status == "failed"]))[:5]:
        lines.append(f"  failed trial {int(t)}: {reason}")
    lines.append(f"subjects: {np.unique(idx['subject']).size}")
    phenotypes = sorted(set(idx["phenotype"].tolist()))
    splits = sorted(set(idx["split"].tolist()))
    if phenotypes != [""] or splits != [""]:
        corner = "class \\ split"
        width = max(len(corner), *(len(p) for p in phenotypes))
        lines.append(f"{corner:<{width}}" + "".join(f" {s or '-':>10}" for s in splits) + f" {'all':>10}")
        for p in phenotypes + [None]:
            row = idx["phenotype"] == p if p is not None else np.ones(n, dtype=bool)
            cells = [int(np.sum(row & (idx["split"] == s))) for s in splits] + [int(np.sum(row))]
            lines.append(f"{(p if p is not None else 'all') or '-':<{width}}" + "".join(f" {c:>10}" for c in cells))
        lines.append(f"{'subjects':<{width}}"
                     + "".join(f" {np.unique(idx['subject'][idx['split'] == s]).size:>10}" for s in splits)
                     + f" {np.unique(idx['subject']).size:>10}")
    ok = status == "ok"
    lines.append(f"duration: {np.nansum(idx['duration'][ok]):.6g} s over written trials")
    for column in ("clonus_episodes", "clonus_beats"):
        if column in idx:
            lines.append(f"{column}: {int(np.sum(idx[column][ok]))} in written trials")
    for name, values in idx.items():
        if name.startswith("value:"):
            lines.append(f"{name[len('value:'):]}: {_value_range(values.astype(np.float64))}")
    return "\n".join(lines)


def label_occupancy(group: h5py.Group, mask_group: str = "labels") -> dict[str, float]:
    """Fraction of a trial's label cells (samples x channels) with each bit set, the definition
    `nmsim inspect` uses: from the counts the writer stored (attribute bit_counts), or counted
    from the mask in files written before they were. Empty for a blind export. With
    mask_group="artefacts", the same for the recording chain's artefact mask."""
    if mask_group not in group:
        return {}
    lab = group[f"{mask_group}/data"]
    names = _attr_strings(lab, "bit_names")
    cells = lab.shape[0] * lab.shape[1]
    if "bit_counts" in lab.attrs:
        counts = np.asarray(lab.attrs["bit_counts"], dtype=np.uint64)
    else:
        mask = lab[()]
        counts = np.array([int(np.count_nonzero((mask >> np.uint16(b)) & np.uint16(1))) for b in range(len(names))])
    return {name: (float(counts[b]) / cells if cells else 0.0) for b, name in enumerate(names) if b < len(counts)}


def _fraction_labelled(f: h5py.File, index: int) -> str:
    occupancy = label_occupancy(_trial_group(f, index))
    if not occupancy:
        return "none (blind export)"
    return ", ".join(f"{name} {100 * frac:.2f}%" for name, frac in occupancy.items())


def _trial_summary(f: h5py.File, trial: Trial) -> list[str]:
    lines = [f"trial {trial.index:06d}: duration {trial.duration:.3f} s"]
    for name, s in trial.signals.items():
        shape = " x ".join(str(d) for d in s.data.shape)
        lines.append(f"  {name:<28} {shape:>12} @ {s.rate:g} Hz [{s.unit}]  {', '.join(s.channels)}")
    shape = " x ".join(str(d) for d in trial.labels.mask.shape)
    lines.append(f"  {'labels':<28} {shape:>12} @ {trial.labels.rate:g} Hz  samples labelled: "
                 f"{_fraction_labelled(f, trial.index)}")
    if trial.artefacts is not None:
        marked = label_occupancy(_trial_group(f, trial.index), "artefacts")
        shape = " x ".join(str(d) for d in trial.artefacts.mask.shape)
        lines.append(f"  {'artefacts':<28} {shape:>12} @ {trial.artefacts.rate:g} Hz  samples marked: "
                     + ", ".join(f"{name} {100 * frac:.2f}%" for name, frac in marked.items()))
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
        lines.extend(_trial_summary(f, load_trial(f, index)))
    if trials is None and len(indices) > max_trials:
        lines.append(f"... {len(indices) - max_trials} more trials (use --all or --trial N)")
    return "\n".join(lines)


# What a tool's bad input raises (an unreadable or foreign file, a wrong value, a missing name).
TOOL_ERRORS = (OSError, ValueError, KeyError)


def tool_error(e: Exception) -> int:
    """Says what went wrong as every nmsim tool does ("error: ..." on stderr) and returns exit code 2."""
    print(f"error: {e.args[0] if isinstance(e, KeyError) else e}", file=sys.stderr)
    return 2


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Summarise an nmsim HDF5 dataset.")
    parser.add_argument("file", help="nmsim .h5 file")
    parser.add_argument("--trial", type=int, action="append", help="show this trial (repeatable)")
    parser.add_argument("--all", action="store_true", help="show every trial")
    parser.add_argument("--index", action="store_true", help="summarise the /index table (classes, splits, subjects)")
    args = parser.parse_args(argv)
    try:
        with open_dataset(args.file) as f:
            if args.index:
                print(index_summary(f))
            else:
                trials = list_trials(f) if args.all else args.trial
                print(summary(f, trials))
    except TOOL_ERRORS as e:
        return tool_error(e)
    return 0


if __name__ == "__main__":
    sys.exit(main())
