"""What the audit reads: the audited file and, for a blind export, its answer key.

Classes, splits and labels (events) come from the key when one is given, everything else from
the audited file. Without a key one file provides everything, and its answer-bearing content
(phenotype, split, label summaries, events, label masks) is kept out of the metadata family.
With a key, whatever the audited file still holds counts as metadata: a blind export that kept
a label or a class-set value is exactly what the audit must find.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import h5py
import numpy as np

import nmsim_reader as nr

# /index columns that summarise a trial's labels (docs/format.md); extended with --label-column.
LABEL_SUMMARY_COLUMNS = ("clonus_episodes", "clonus_beats", "clonus_frequency", "clonus_grade", "dystonia_events",
                         "myoclonic_jerks")
ANSWER_COLUMNS = ("phenotype", "split")
MAX_LISTED = 64  # longer non-signal datasets enter metadata as length and summary only


@dataclass
class Series:
    data: np.ndarray  # (samples, channels)
    rate: float
    t0: float
    channels: list[str]


@dataclass
class TrialData:
    index: int
    duration: float
    emg: Series | None
    angle: Series | None
    protocol: list[tuple[str, float, float]]
    events: dict[str, np.ndarray]  # from the key when there is one
    internals: dict[str, Series] = field(default_factory=dict)
    meta: dict[str, float | str] = field(default_factory=dict)


def _strings(ds: h5py.Dataset) -> np.ndarray:
    return np.array([str(s) for s in ds.asstr()[()]], dtype=object) if ds.shape != () else \
        np.array([ds.asstr()[()]], dtype=object)


def _column(ds: h5py.Dataset) -> np.ndarray:
    return _strings(ds) if h5py.check_string_dtype(ds.dtype) is not None else np.atleast_1d(ds[()])


def read_series(g: h5py.Group, path: str) -> Series | None:
    if path not in g or "data" not in g[path]:
        return None
    ds = g[path]["data"]
    return Series(ds[()], float(ds.attrs["rate"]), float(ds.attrs.get("starting_time", 0.0)),
                  [str(c) for c in np.atleast_1d(ds.attrs.get("channels", []))])


def read_events(g: h5py.Group | None) -> dict[str, np.ndarray]:
    if g is None or "events" not in g:
        return {"start_time": np.zeros(0), "stop_time": np.zeros(0), "label": np.zeros(0, dtype=object),
                "channel": np.zeros(0, dtype=object), "parent": np.zeros(0, dtype=np.int64)}
    ev = g["events"]
    names = [str(c) for c in np.atleast_1d(ev.attrs.get("columns", list(ev.keys())))]
    return {name: _column(ev[name]) for name in names if name in ev}


def read_protocol(g: h5py.Group | None) -> list[tuple[str, float, float]]:
    if g is None or "protocol" not in g or "phase" not in g["protocol"]:
        return []
    p = g["protocol"]
    return list(zip(_strings(p["phase"]).tolist(), p["start_time"][()].tolist(), p["stop_time"][()].tolist()))


def _add_value(meta: dict, name: str, value) -> None:
    """One attribute or small dataset as metadata: numbers as floats, text as categories."""
    v = np.asarray(value)
    if v.dtype.kind in "OSU":
        meta[name] = "|".join(str(x.decode() if isinstance(x, bytes) else x) for x in v.ravel())
    elif v.dtype.kind in "biuf":
        flat = v.astype(np.float64).ravel()
        if flat.size == 1:
            meta[name] = float(flat[0])
        else:
            meta[f"{name}#len"] = float(flat.size)
            for i, x in enumerate(flat[:MAX_LISTED]):
                meta[f"{name}[{i}]"] = float(x)
            if flat.size:
                meta[f"{name}#mean"] = float(np.nanmean(flat)) if np.isfinite(flat).any() else np.nan


def trial_metadata(g: h5py.Group, blind: bool) -> dict[str, float | str]:
    """Everything about a trial group that is not a signal sample: attributes, shapes, the
    parameters, the protocol and any other table. Label content is skipped unless `blind`."""
    meta: dict[str, float | str] = {}
    for k, v in g.attrs.items():
        _add_value(meta, f"@{k}", v)
    series = [p for p in nr.series_paths(g) if p in g]
    meta.update({f"has:{p}": 1.0 for p in series})  # a series only some classes have is a leak
    signals = set(series) | {"labels"}

    def visit(name: str, obj) -> None:
        top = name.split("/")[0]
        if top == "parameters" or (top == "events" and not blind):
            return  # parameters are read below; events of a full file are labels
        for k, v in obj.attrs.items():
            _add_value(meta, f"{name}@{k}", v)
        if not isinstance(obj, h5py.Dataset):
            return
        meta[f"{name}#storage"] = f"{obj.dtype}|{obj.chunks}|{obj.compression}"  # class-dependent storage leaks too
        if name.endswith("/data") and name[: -len("/data")] in signals:  # a signal matrix: its shape only
            for i, d in enumerate(obj.shape):
                meta[f"{name}#dim{i}"] = float(d)
            if top == "labels" and blind and obj.size:  # a blind export must not carry label bits
                mask = obj[()]
                for b in range(8 * mask.dtype.itemsize):
                    meta[f"labels/bit{b}#fraction"] = float(np.mean((mask >> b) & 1))
            return
        if obj.size <= MAX_LISTED or h5py.check_string_dtype(obj.dtype) is None:
            _add_value(meta, name, _column(obj) if obj.shape != () else obj[()])
        else:
            meta[f"{name}#len"] = float(obj.size)

    g.visititems(visit)
    if "parameters" in g and "name" in g["parameters"]:
        names, values = _strings(g["parameters/name"]), g["parameters/value"][()]
        meta["parameters#count"] = float(len(names))
        for n, v in zip(names, values):
            meta[f"param:{n}"] = float(v)
    if not blind and "events" in g and "label" in g["events"]:
        labels = _strings(g["events/label"])  # stimuli are protocol, not labels
        meta["events:stimuli"] = float(sum(str(x).startswith("stimulus_") for x in labels))
    elif blind and "events" in g and "label" in g["events"]:
        for lab, n in zip(*np.unique(_strings(g["events/label"]).astype(str), return_counts=True)):
            meta[f"events:count:{lab}"] = float(n)
    return meta


class Source:
    """The audited file (and optional answer key): the trials to audit with class, split, subject."""

    def __init__(self, path: str, key: str | None = None, label_columns=()):
        self.path, self.key_path = path, key
        self.f = nr.open_dataset(path)
        self.k = nr.open_dataset(key) if key else None
        self.blind = self.k is not None
        self.notes: list[str] = []
        own = nr.read_index(self.f)
        truth = nr.read_index(self.k) if self.k is not None else own
        self.label_columns = tuple(LABEL_SUMMARY_COLUMNS) + tuple(label_columns)
        for need in ("trial", "phenotype"):
            if need not in truth:
                raise ValueError(f"{key or path}: /index has no '{need}' column")
        row_of = {int(t): r for r, t in enumerate(own["trial"])}
        self._row_of = row_of
        written = set(nr.list_trials(self.f))
        keep = [r for r, t in enumerate(truth["trial"])
                if int(t) in written and str(truth["phenotype"][r]) != ""
                and str(truth.get("status", np.array(["ok"] * len(truth["trial"])))[r]) == "ok"]
        self.trials = np.array([int(truth["trial"][r]) for r in keep], dtype=np.int64)
        self.classes = np.array([str(truth["phenotype"][r]) for r in keep], dtype=object)
        # Splits are public: from the key when it has them, else from the audited file.
        split_src = next((ix for ix in (truth, own) if "split" in ix and any(str(v) for v in ix["split"])), None)
        self.splits = self._column_for(split_src, own, truth, keep, "split", "")
        # Subjects from the audited /index if it has one (read_index invents subject 0 without).
        subj_src = next((ix for ix, real in ((own, "index" in self.f), (truth, True)) if real and "subject" in ix), None)
        self.subjects = self._column_for(subj_src, own, truth, keep, "subject", -1).astype(np.int64)
        if subj_src is None:
            self.subjects = self.trials.copy()
            self.notes.append("no subject column: every trial counts as its own subject")
        # Metadata from the audited /index; labels family from the truth /index.
        excluded = ("split",) if self.blind else ANSWER_COLUMNS + self.label_columns
        self.index_meta = {c: np.array([own[c][row_of[t]] for t in self.trials]) for c in own
                           if c not in excluded}
        self.index_labels = {c: np.array([truth[c][r] for r in keep], dtype=np.float64)
                             for c in self.label_columns if c in truth}

    def _column_for(self, src, own, truth, keep, name, missing) -> np.ndarray:
        """Column `name` of index `src` (the audited or the key's) for the audited trials."""
        if src is None:
            return np.array([missing] * len(keep), dtype=object)
        rows = [self._row_of.get(int(t), -1) for t in self.trials] if src is own else keep
        return np.array([src[name][r] if r >= 0 else missing for r in rows], dtype=object)

    def close(self) -> None:
        self.f.close()
        if self.k is not None:
            self.k.close()

    def _group(self, f: h5py.File | None, index: int) -> h5py.Group | None:
        if f is None:
            return None
        name = f"{index:06d}"
        return f["trials"][name] if "trials" in f and name in f["trials"] else None

    def trial(self, index: int) -> TrialData:
        g = self._group(self.f, index)
        kg = self._group(self.k, index)
        truth = kg if kg is not None and "events" in kg else g
        protocol = read_protocol(g) or read_protocol(kg)
        internals = {p: s for p in nr.series_paths(g) if p.startswith("internals/")
                     for s in [read_series(g, p)] if s is not None}
        return TrialData(index=index, duration=float(g.attrs.get("duration", np.nan)), emg=read_series(g, "emg"),
                         angle=read_series(g, "kinematics/angle"), protocol=protocol, events=read_events(truth),
                         internals=internals, meta=trial_metadata(g, self.blind))

    def file_findings(self) -> list[str]:
        """File-level content that could reveal classes without any per-trial model."""
        out = []
        if self.blind:
            own = nr.read_index(self.f)
            if "phenotype" in own and any(str(p) for p in own["phenotype"]):
                out.append("audited /index has a non-empty phenotype column")
            for c in own:
                if c.startswith("value:") or c in self.label_columns:
                    out.append(f"audited /index has column '{c}'")
            if "provenance" in self.f and "scenario_yaml" in self.f["provenance"]:
                text = self.f["provenance/scenario_yaml"].asstr()[()]
                if "classes:" in text:
                    out.append("provenance/scenario_yaml holds the dataset's classes: with the seed, the class of "
                               "every subject can be re-planned")
        return out
