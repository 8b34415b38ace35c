"""The scorer and the baseline detectors (docs/scoring.md): the functions behind `nmsim score`
and `nmsim detect`, so Python gets the command line's numbers."""
from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass, field

import numpy as np

from . import _nmsim


@dataclass
class Detections:
    """A detection table (docs/scoring.md): one row per detected event. trial (int), channel
    (a channel name or "any"), label, start and stop (s, on the dataset's time axis), score (NaN:
    none) and any extra numeric columns in `values` (e.g. frequency)."""
    trial: np.ndarray
    channel: np.ndarray
    label: np.ndarray
    start: np.ndarray
    stop: np.ndarray
    score: np.ndarray = None
    values: dict[str, np.ndarray] = field(default_factory=dict)
    description: str = ""

    def __post_init__(self):
        self.trial = np.asarray(self.trial, dtype=np.int64)
        self.channel = np.asarray(self.channel, dtype=object)
        self.label = np.asarray(self.label, dtype=object)
        self.start = np.asarray(self.start, dtype=np.float64)
        self.stop = np.asarray(self.stop, dtype=np.float64)
        n = self.trial.size
        self.score = np.full(n, np.nan) if self.score is None else np.asarray(self.score, dtype=np.float64)
        self.values = {k: np.asarray(v, dtype=np.float64) for k, v in self.values.items()}
        for name, column in [("channel", self.channel), ("label", self.label), ("start", self.start),
                             ("stop", self.stop), ("score", self.score), *self.values.items()]:
            if column.shape != (n,):
                raise ValueError("detection column %r has shape %s; every column needs (%d,) like trial"
                                 % (name, column.shape, n))
        if n and self.trial.min() < 0:
            raise ValueError("detection trial numbers are trial indices (>= 0)")

    def __len__(self) -> int:
        return int(self.trial.size)

    def write(self, path) -> None:
        """Writes the table as `nmsim detect -o` does: CSV for a .csv name, HDF5 otherwise
        (atomically); `description` becomes the file's comment."""
        _nmsim.write_detections(os.fspath(path), self.trial.tolist(), [str(c) for c in self.channel],
                                [str(x) for x in self.label], self.start.tolist(), self.stop.tolist(),
                                self.score.tolist(), {k: v.tolist() for k, v in self.values.items()}, self.description)

    def to_pandas(self):
        """The table as a pandas DataFrame (pandas is optional)."""
        import pandas
        return pandas.DataFrame({"trial": self.trial, "channel": self.channel, "label": self.label,
                                 "start": self.start, "stop": self.stop, "score": self.score, **self.values})


def detectors() -> list[dict]:
    """The baseline detectors (`nmsim detect --list`): name, summary (method and source), emits
    (labels), parameters (name -> default)."""
    return _nmsim.detectors()


def _pairs(mapping: dict | None) -> list[str]:
    return ["%s=%s" % (k, repr(v) if isinstance(v, float) else v) for k, v in (mapping or {}).items()]


def detect(name: str, dataset, params: dict | None = None, rename: dict | None = None,
           train_split: str = "train") -> Detections:
    """Runs baseline detector `name` over every written trial of the file `dataset`, as
    `nmsim detect NAME DATASET` (params: name -> value, as --param; rename: emitted label -> the
    label to write, as --rename; the learned baseline trains on `train_split`)."""
    request = _nmsim.DetectRequest()
    request.detector, request.dataset, request.train_split = name, os.fspath(dataset), train_split
    request.parameters, request.renames = _pairs(params), _pairs(rename)
    raw = _nmsim.detect(request)
    return Detections(trial=raw["trial"], channel=raw["channel"], label=raw["label"], start=raw["start"],
                      stop=raw["stop"], score=raw["score"], values=raw["values"], description=raw["description"])


def score(dataset, detections, output=None, labels=(), split: str | None = None, where=(), collar: float | None = None,
          offset_fraction: float | None = None, label_collars: dict | None = None, strata=(), bins: dict | None = None,
          threshold: float = 0.5, curve_thresholds: int = 50) -> dict:
    """Scores `detections` (a CSV or HDF5 file, or a Detections) against the file `dataset`, as
    `nmsim score`; returns the report card (the JSON's content) and, with `output`, writes
    OUTPUT.json and OUTPUT.md. Options as the command's: labels and strata (lists), split,
    where (["gain_ratio>=1.5", ...]), collar and offset_fraction, label_collars
    ({label: seconds}), bins ({column: [edges]}), threshold, curve_thresholds."""
    request = _nmsim.ScoreRequest()
    request.dataset = os.fspath(dataset)
    request.labels, request.strata, request.where = list(labels), list(strata), list(where)
    request.split = split or ""
    request.collar = -1.0 if collar is None else float(collar)
    request.offset_fraction = -1.0 if offset_fraction is None else float(offset_fraction)
    request.label_collars = _pairs(label_collars)
    request.bins = ["%s=%s" % (k, ",".join(repr(float(e)) for e in v)) for k, v in (bins or {}).items()]
    request.threshold, request.curve_thresholds = float(threshold), int(curve_thresholds)
    out = "" if output is None else os.fspath(output)
    if not isinstance(detections, Detections):
        request.detections = os.fspath(detections)
        return json.loads(_nmsim.score(request, out))
    # In memory: through an HDF5 file (exact numbers), checked and read as nmsim score reads it.
    with tempfile.TemporaryDirectory(prefix="nmsim-detections-") as tmp:
        request.detections = os.path.join(tmp, "detections.h5")
        request.detections_name = "<in memory: %d detections>" % len(detections)
        detections.write(request.detections)
        return json.loads(_nmsim.score(request, out))
