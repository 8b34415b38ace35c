"""Writes small synthetic nmsim files (docs/format.md, version 1) with h5py, for the tool tests.

A trial is a dict: subject, phenotype, split, emg ((samples, channels) volts), rate, channels,
protocol [(phase, start, stop)], and optionally events (column -> list), parameters (name ->
value), angle ((samples,) rad at `rate`) and internals (path -> (samples, channels)).
"""
from __future__ import annotations

import h5py
import numpy as np

STR = h5py.string_dtype("utf-8")
LABEL_SUMMARIES = ("clonus_episodes", "clonus_beats", "dystonia_events", "myoclonic_jerks")


def _strings(group, name, values):
    group.create_dataset(name, data=np.array(list(values), dtype=object), dtype=STR)


def _series(group, path, data, rate, channels, unit, description="synthetic"):
    ds = group.create_dataset(f"{path}/data", data=np.asarray(data, dtype=np.float32))
    ds.attrs["rate"] = float(rate)
    ds.attrs["starting_time"] = 0.0
    ds.attrs.create("unit", unit, dtype=STR)
    ds.attrs.create("description", description, dtype=STR)
    ds.attrs.create("channels", np.array(channels, dtype=object), dtype=STR)


def write(path, trials: list[dict], index_extra: dict[str, list] | None = None, with_index: bool = True,
          classes_in_index: bool = True, splits_in_index: bool = True) -> None:
    with h5py.File(path, "w") as f:
        f.attrs.create("format", "nmsim", dtype=STR)
        f.attrs.create("format_version", 1, dtype=np.int32)
        f.attrs.create("generator", "nmsim synthetic-test", dtype=STR)
        prov = f.create_group("provenance")
        for k in ("scenario_yaml", "model_yaml", "command_line", "nmsim_version", "scenario_path", "model_path", "shard"):
            prov.create_dataset(k, data="", dtype=STR)
        prov.create_dataset("seed", data=np.uint64(1))
        root = f.create_group("trials")
        for i, tr in enumerate(trials):
            g = root.create_group(f"{i:06d}")
            emg = np.asarray(tr["emg"])
            duration = emg.shape[0] / tr["rate"]
            g.attrs["index"] = np.uint64(i)
            g.attrs["duration"] = float(duration)
            series = ["emg"]
            _series(g, "emg", emg, tr["rate"], tr["channels"], "V")
            if tr.get("angle") is not None:
                _series(g, "kinematics/angle", np.asarray(tr["angle"])[:, None], tr["rate"], ["joint"], "rad")
                series.append("kinematics/angle")
            for p, data in tr.get("internals", {}).items():
                _series(g, p, data, tr["rate"], tr["channels"], "1")
                series.append(p)
            g.attrs.create("series", np.array(series, dtype=object), dtype=STR)
            lab = g.create_dataset("labels/data", data=np.zeros(emg.shape, dtype=np.uint16))
            lab.attrs["rate"] = float(tr["rate"])
            lab.attrs["starting_time"] = 0.0
            lab.attrs.create("channels", np.array(tr["channels"], dtype=object), dtype=STR)
            lab.attrs.create("bit_names", np.array(["clonus", "dystonia", "myoclonus"], dtype=object), dtype=STR)
            ev = g.create_group("events")
            events = {"start_time": [], "stop_time": [], "label": [], "channel": [], "parent": []}
            events.update(tr.get("events", {}))
            for name, values in events.items():
                if name in ("label", "channel"):
                    _strings(ev, name, values)
                elif name in ("parent", "visible"):
                    ev.create_dataset(name, data=np.array(values, dtype=np.int64))
                else:
                    ev.create_dataset(name, data=np.array(values, dtype=np.float64))
            ev.attrs.create("columns", np.array(list(events), dtype=object), dtype=STR)
            par = g.create_group("parameters")
            params = tr.get("parameters", {"model.a": 1.0})
            _strings(par, "name", params.keys())
            par.create_dataset("value", data=np.array(list(params.values()), dtype=np.float64))
            pro = g.create_group("protocol")
            _strings(pro, "phase", [p for p, _, _ in tr["protocol"]])
            pro.create_dataset("start_time", data=np.array([a for _, a, _ in tr["protocol"]], dtype=np.float64))
            pro.create_dataset("stop_time", data=np.array([b for _, _, b in tr["protocol"]], dtype=np.float64))
        if not with_index:
            return
        n = len(trials)
        cols = {"trial": np.arange(n, dtype=np.int64), "subject": np.array([t["subject"] for t in trials]),
                "phenotype": [t["phenotype"] if classes_in_index else "" for t in trials],
                "split": [t["split"] if splits_in_index else "" for t in trials],
                "status": ["ok"] * n, "failure_reason": [""] * n,
                "duration": np.array([np.asarray(t["emg"]).shape[0] / t["rate"] for t in trials])}
        for k in LABEL_SUMMARIES:
            cols[k] = np.array([sum(lab != "" for lab in t.get("events", {}).get("label", [])) if k == "myoclonic_jerks"
                                else 0 for t in trials], dtype=np.int64)
        cols.update(index_extra or {})
        idx = f.create_group("index")
        for k, v in cols.items():
            if isinstance(v, list) and v and isinstance(v[0], str):
                _strings(idx, k, v)
            else:
                idx.create_dataset(k, data=np.asarray(v))
        idx.attrs.create("columns", np.array(list(cols), dtype=object), dtype=STR)


def subjects_and_splits(n_subjects: int, classes=("a", "b"), seed: int = 0):
    """Class and split per subject: classes alternate, splits stratified 60/20/20 by subject."""
    out = []
    per_class = {c: [s for s in range(n_subjects) if classes[s % len(classes)] == c] for c in classes}
    for c, subs in per_class.items():
        n = len(subs)
        n_val = n_test = max(1, round(0.2 * n))
        for k, s in enumerate(subs):
            split = "validation" if k < n_val else ("test" if k < n_val + n_test else "train")
            out.append((s, c, split))
    return sorted(out)


def activity(rng, env: np.ndarray, noise_rms: float = 3e-6) -> np.ndarray:
    """Surface-EMG-like signal: white Gaussian carrier times an envelope (V), plus instrument noise."""
    return env * rng.standard_normal(env.shape) + noise_rms * rng.standard_normal(env.shape)
