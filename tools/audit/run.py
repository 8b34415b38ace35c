"""Runs the audit: reads every trial once, builds the feature families, scores them with the
file's splits and measures the labels back. Returns a plain dict (the JSON report)."""
from __future__ import annotations

import sys
import time
from dataclasses import asdict, dataclass

import numpy as np

from . import features as ft
from . import models as md
from . import signal as sg
from .measure import Measurer
from .source import Source

FAMILIES = ("amplitude", "amplitude_normalised", "metadata", "signature", "internals", "labels")


@dataclass
class Thresholds:
    leak_margin: float = 0.25  # amplitude / metadata: at most chance + this
    signature_min: float = 0.9  # signature: above this
    visible_min: float = 0.95  # events marked visible that the audit sees


def _as_feature(v):
    if isinstance(v, (str, bytes)):
        return v.decode() if isinstance(v, bytes) else v
    return float(v)


def collect(src: Source, det: sg.Detector, measurer: Measurer, progress: bool) -> tuple[dict, list, dict]:
    rows = {f: [] for f in FAMILIES}
    measures, unlabelled = [], {}
    t_start = time.monotonic()
    for j, t in enumerate(src.trials):
        td = src.trial(int(t))
        absolute, normalised = ft.amplitude(td)
        rows["amplitude"].append(absolute)
        rows["amplitude_normalised"].append(normalised)
        rows["internals"].append(ft.internals(td))
        meta = dict(td.meta)
        meta.update({f"index:{c}": _as_feature(v[j]) for c, v in src.index_meta.items()})
        rows["metadata"].append(meta)
        lab = ft.labels(td)
        lab.update({f"index:{c}": v[j] for c, v in src.index_labels.items()})
        rows["labels"].append(lab)
        if td.emg is not None and td.emg.data.shape[0]:
            act = sg.detect(td.emg.data, td.emg.rate, td.emg.t0, det)
            rows["signature"].append(ft.signature(td, act))
            m, found = measurer.trial(td.events, act, td.emg.channels, ft.phases(td), td.angle)
            m["class"] = np.full(len(m["label"]), src.classes[j], dtype=object)
            measures.append(m)
            per_class = unlabelled.setdefault(src.classes[j], {"trials": 0, "phases": {}})
            per_class["trials"] += 1
            for phase, counts in found.items():
                d = per_class["phases"].setdefault(phase, {})
                for k, v in counts.items():
                    d[k] = d.get(k, 0.0) + v
        else:
            rows["signature"].append({})
        if progress and (j + 1) % 100 == 0:
            print(f"audit: {j + 1}/{len(src.trials)} trials read ({time.monotonic() - t_start:.0f} s)", file=sys.stderr)
    return rows, measures, unlabelled


def score_family(rows: list[dict], y, K, groups, proto) -> dict:
    X, names = ft.to_matrix(rows)
    X, names = md.with_missing_indicators(X, names)
    usable = [j for j in range(X.shape[1]) if np.unique(X[np.isfinite(X[:, j]), j]).size > 1]
    if not usable:
        return {"features": 0, "models": [], "top_features": []}
    X, names = X[:, usable], [names[j] for j in usable]
    models = [md.score(m, X, y, K, groups, proto) for m in md.MODELS]
    for m in models:
        m.pop("predictions")
    return {"features": len(names), "models": models,
            "top_features": md.single_feature_ranking(X, names, y, K, proto)}


def _pct(x, q):
    x = x[np.isfinite(x)]
    return float(np.percentile(x, q)) if x.size else float("nan")


def summarise_labels(measures: list[dict], visible_min: float) -> dict:
    if not measures:
        return {"labels": {}, "has_visible_column": False}
    cat = {k: np.concatenate([m[k] for m in measures]) for k in measures[0]}
    has_flag = bool(np.isfinite(cat["visible_file"]).any())
    out = {}
    for label in sorted(set(cat["label"].tolist())):
        if label.startswith(("stimulus_", "artefact_")):
            continue
        pick = cat["label"] == label
        vis, flag = cat["visible_audit"][pick], cat["visible_file"][pick]
        measured = np.isfinite(vis)
        # Without a `visible` column every event is claimed visible.
        claimed = (flag == 1) if has_flag else np.ones(pick.sum(), dtype=bool)
        unclaimed = (flag == 0) if has_flag else np.zeros(pick.sum(), dtype=bool)
        ok = measured & (vis == 1)
        err = cat["onset_error"][pick][ok]
        db, db_file = cat["salience_audit_db"][pick], cat["salience_db_file"][pick]
        both = np.isfinite(db) & np.isfinite(db_file)
        cls = cat["class"][pick]
        entry = {
            "events": int(pick.sum()), "measured": int(measured.sum()),
            "visible": float(vis[measured].mean()) if measured.any() else float("nan"),
            "marked_visible": float(np.mean(flag[np.isfinite(flag)] == 1)) if np.isfinite(flag).any() else float("nan"),
            "claimed_measured": int((claimed & measured).sum()),
            "visible_of_claimed": float(vis[claimed & measured].mean()) if (claimed & measured).any() else float("nan"),
            "visible_of_unclaimed": float(vis[unclaimed & measured].mean()) if (unclaimed & measured).any()
            else float("nan"),
            "onset_error_median_ms": 1e3 * _pct(err, 50), "onset_abs_error_median_ms": 1e3 * _pct(np.abs(err), 50),
            "onset_abs_error_p90_ms": 1e3 * _pct(np.abs(err), 90),
            "salience_audit_median_db": _pct(db, 50),
            "salience_audit_minus_file_median_db": _pct(db[both] - db_file[both], 50) if both.any() else float("nan"),
            "visible_by_class": {str(c): float(vis[measured & (cls == c)].mean())
                                 for c in sorted(set(cls.tolist())) if (measured & (cls == c)).any()},
        }
        entry["pass"] = (None if entry["claimed_measured"] == 0 else bool(entry["visible_of_claimed"] >= visible_min))
        out[label] = entry
    return {"labels": out, "has_visible_column": has_flag}


def audit(path: str, key: str | None = None, label_columns=(), det: sg.Detector | None = None,
          thresholds: Thresholds | None = None, progress: bool = False, min_beats: int = 3) -> dict:
    det = det or sg.Detector()
    th = thresholds or Thresholds()
    src = Source(path, key, label_columns)
    try:
        if len(src.trials) == 0:
            raise ValueError(f"{key or path}: no written trial has a class (/index phenotype)")
        class_names = sorted(set(src.classes.tolist()))
        if len(class_names) < 2:
            raise ValueError(f"{key or path}: only one class ({class_names[0]}): nothing to separate")
        y = np.array([class_names.index(c) for c in src.classes])
        K = len(class_names)
        rows, measures, unlabelled = collect(src, det, Measurer(det, min_beats=min_beats), progress)
        proto = md.protocol_for(src.splits, src.subjects)
        families = {f: score_family(rows[f], y, K, src.subjects, proto) for f in FAMILIES}
        split_counts = {s: {"trials": int(np.sum(src.splits == s)),
                            "subjects": int(np.unique(src.subjects[src.splits == s]).size)}
                        for s in sorted(set(src.splits.tolist()))}
        result = {
            "file": path, "key": key, "blind": src.blind, "trials": int(len(src.trials)),
            "subjects": int(np.unique(src.subjects).size),
            "classes": {c: int(np.sum(src.classes == c)) for c in class_names}, "chance": 1.0 / K,
            "splits": split_counts, "protocol": proto.description, "notes": src.notes + proto.notes,
            "file_findings": src.file_findings(), "detector": asdict(det), "thresholds": asdict(th),
            "families": families, "measure_back": summarise_labels(measures, th.visible_min),
            "unlabelled": unlabelled,
        }
    finally:
        src.close()
    result["criteria"] = criteria(result, th)
    return result


def reported(family: dict, leak: bool) -> dict | None:
    """The figure a family is judged by: the better model on test for leak families (a shortcut
    found by either model counts); for the signature, the model its own selection preferred."""
    if not family["models"]:
        return None
    if leak:
        return max(family["models"], key=lambda m: m["test"])
    return max(family["models"], key=lambda m: (m["selection_score"], -m["test"]))


def criteria(r: dict, th: Thresholds) -> list[dict]:
    out = []
    chance = r["chance"]
    leak_families = ["amplitude", "metadata"] + (["internals"] if r["blind"] else [])
    for f in leak_families:
        m = reported(r["families"][f], leak=True)
        ok = True if m is None else bool(m["test"] - chance <= th.leak_margin)
        out.append({"criterion": f"{f}: balanced accuracy at most chance + {th.leak_margin:g}",
                    "value": None if m is None else m["test"], "pass": ok})
    m = reported(r["families"]["signature"], leak=False)
    out.append({"criterion": f"signature: balanced accuracy above {th.signature_min:g}",
                "value": None if m is None else m["test"], "pass": bool(m is not None and m["test"] > th.signature_min)})
    labels = r["measure_back"]["labels"]
    judged = {k: v for k, v in labels.items() if v["pass"] is not None}
    worst = min(judged.items(), key=lambda kv: kv[1]["visible_of_claimed"]) if judged else None
    out.append({"criterion": f"every label: at least {100 * th.visible_min:g} % of events marked visible are visible"
                             + ("" if r["measure_back"]["has_visible_column"] else
                                " (no `visible` column: every event counts as marked visible)"),
                "value": None if worst is None else worst[1]["visible_of_claimed"],
                "worst": None if worst is None else worst[0],
                "pass": all(v["pass"] for v in judged.values())})
    return out
