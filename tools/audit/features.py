"""Per-trial feature families of the leakage audit, each a dict name -> value.

amplitude   EMG levels (RMS, peak-to-peak, noise floor, their logs and ratios), per phase and channel
signature   what a clinician reads, from the signals only and invariant to electrode gain:
            envelope rhythm, co-contraction, burst and silent-period statistics, kinematic tremor
metadata    everything that is not a signal sample (source.trial_metadata plus the /index row)
internals   simple statistics of the model's internal series (not observable in a recording)
labels      the label summaries: reference only, they are the answer
"""
from __future__ import annotations

import numpy as np

from . import signal as sg
from .source import Series, TrialData

MIN_RHYTHM_S = 0.8  # phases shorter than this get no rhythm features (fewer than ~3 cycles at 3 Hz)
EDGE_S = 0.05  # signature windows leave out 50 ms at each phase edge: the smoothed envelope of the
               # next phase spills over an edge, and its level relative to the noise is an amplitude
MAX_CATEGORIES = 50  # text features with more distinct values become one ordinal code


def phases(td: TrialData) -> list[tuple[str, float, float]]:
    """The protocol's phases (names made unique) plus 'all' for the whole trial."""
    seen: dict[str, int] = {}
    out = []
    for name, a, b in td.protocol:
        seen[name] = seen.get(name, 0) + 1
        out.append((name if seen[name] == 1 else f"{name}#{seen[name]}", a, b))
    end = td.duration if np.isfinite(td.duration) else (td.emg.data.shape[0] / td.emg.rate if td.emg else 0.0)
    return out + [("all", 0.0, end)]


def _rows(s: Series, a: float, b: float) -> slice:
    n = s.data.shape[0]
    return slice(int(np.clip(round((a - s.t0) * s.rate), 0, n)), int(np.clip(round((b - s.t0) * s.rate), 0, n)))


def _log(x):
    return np.log10(np.maximum(x, 1e-12))


def amplitude(td: TrialData) -> tuple[dict[str, float], dict[str, float]]:
    """(absolute, normalised) amplitude features of one trial.

    Absolute: what a recording's level says by itself, in volts: EMG RMS per channel, per
    protocol phase and over the trial, and the noise floor (the issue-9 shortcut). Judged: these
    depend on the electrode, the skin and the amplifier, so they must not give the class away.
    Normalised: peak-to-peak values (set against the RMS they give the waveform's burstiness),
    logarithms, and log ratios between phases, to the noise floor and between channels. These
    cancel the recording's gains and measure the waveform and how the activity changes across
    the protocol and the muscles (the reflex's response to stretch, co-contraction, bursts),
    which is the physiology; reported for reference, not judged.
    """
    absolute: dict[str, float] = {}
    normalised: dict[str, float] = {}
    if td.emg is None or td.emg.data.shape[0] == 0:
        return absolute, normalised
    x, ch = td.emg.data.astype(np.float64), td.emg.channels
    quiet, low = sg.noise_floor(x, td.emg.rate)
    ph = phases(td)
    rms = {}
    for name, a, b in ph:
        seg = x[_rows(td.emg, a, b)]
        if seg.shape[0] == 0:
            continue
        rms[name] = np.sqrt(np.mean(seg ** 2, axis=0))
        ptp = seg.max(axis=0) - seg.min(axis=0)
        for c, m in enumerate(ch):
            absolute[f"{m}/{name}/rms"], normalised[f"{m}/{name}/log_rms"] = rms[name][c], _log(rms[name][c])
            normalised[f"{m}/{name}/ptp"], normalised[f"{m}/{name}/log_ptp"] = ptp[c], _log(ptp[c])
            normalised[f"{m}/{name}/log_rms_over_noise"] = _log(rms[name][c]) - _log(quiet[c])
    for c, m in enumerate(ch):
        absolute[f"{m}/noise_quietest"], normalised[f"{m}/log_noise_quietest"] = quiet[c], _log(quiet[c])
        absolute[f"{m}/noise_p5"], normalised[f"{m}/log_noise_p5"] = low[c], _log(low[c])
        names = list(rms)
        for i, p in enumerate(names):  # ratios between phases cancel a gain
            for q in names[i + 1:]:
                normalised[f"{m}/log_rms_{p}_over_{q}"] = _log(rms[p][c]) - _log(rms[q][c])
        for d in range(c + 1, len(ch)):
            normalised[f"{m}/log_rms_over_{ch[d]}"] = _log(rms["all"][c]) - _log(rms["all"][d])
    return absolute, normalised


def signature(td: TrialData, act: sg.Activity) -> dict[str, float]:
    """Gain-invariant physiological features of one trial, from the detector's view of its EMG."""
    out: dict[str, float] = {}
    env, ch = act.env, td.emg.channels
    if env.fast.shape[0] == 0:
        return out
    norm = env.slow / (np.percentile(env.slow, 95, axis=0) + 1e-30)  # co-contraction of normalised envelopes
    windows = [p for p in phases(td) if p[0] != "all"] or phases(td)  # "all" would mix levels of phases
    for name, a, b in windows:
        if b - a > 4 * EDGE_S:
            a, b = a + EDGE_S, b - EDGE_S
        r = env.rows(a, b)
        length = (r.stop - r.start) / env.rate
        if length <= 0:
            continue
        if length >= MIN_RHYTHM_S:
            seg = env.slow[r]
            rh = sg.rhythm(seg / (seg.mean(axis=0) + 1e-30), env.rate)
            for k, v in rh.items():
                if k != "log_band_power":  # the envelope's own power is an amplitude
                    out.update({f"{m}/{name}/env_{k}": float(v[c]) for c, m in enumerate(ch)})
        for c, m in enumerate(ch):
            for kind, (s, e) in (("burst", act.bursts[c]), ("silent", act.silences[c])):
                inside = (s >= r.start) & (s < r.stop)
                dur = (e[inside] - s[inside]) / env.rate
                out[f"{m}/{name}/{kind}_rate"] = inside.sum() / length
                out[f"{m}/{name}/{kind}_median_s"] = float(np.median(dur)) if dur.size else np.nan
                if kind == "burst" and dur.size >= 3:
                    ibi = np.diff(s[inside]) / env.rate
                    out[f"{m}/{name}/burst_interval_cv"] = float(ibi.std() / ibi.mean())
        for c in range(len(ch)):
            for d in range(c + 1, len(ch)):
                A, B = norm[r, c], norm[r, d]
                out[f"{ch[c]}+{ch[d]}/{name}/cci"] = float(2 * np.minimum(A, B).sum() / ((A + B).sum() + 1e-30))
                if A.std() > 0 and B.std() > 0:
                    out[f"{ch[c]}+{ch[d]}/{name}/env_corr"] = float(np.corrcoef(A, B)[0, 1])
        if td.angle is not None and length >= MIN_RHYTHM_S:
            seg, rate = sg.block_mean(td.angle.data[_rows(td.angle, a, b)].astype(np.float64), td.angle.rate)
            for k, v in sg.rhythm(seg, rate).items():
                out.update({f"{joint}/{name}/angle_{k}": float(v[j]) for j, joint in enumerate(td.angle.channels)})
    return out


def internals(td: TrialData) -> dict[str, float]:
    out: dict[str, float] = {}
    for path, s in td.internals.items():
        x = s.data.astype(np.float64)
        if x.shape[0] == 0:
            continue
        names = s.channels or [str(i) for i in range(x.shape[1])]
        stats = {"mean": x.mean(axis=0), "sd": x.std(axis=0)}
        stats["p5"], stats["p95"] = np.percentile(x, [5, 95], axis=0)
        for name, a, b in phases(td)[:-1]:
            seg = x[_rows(s, a, b)]
            if seg.size:
                stats[f"{name}/mean"] = seg.mean(axis=0)
        for k, v in stats.items():
            out.update({f"{path}/{m}/{k}": float(v[c]) for c, m in enumerate(names)})
    return out


def labels(td: TrialData) -> dict[str, float]:
    """Event counts and labelled seconds per label (all channels), from the truth's events."""
    ev = td.events
    out: dict[str, float] = {}
    lab = ev["label"].astype(str)
    for name in np.unique(lab):
        if name.startswith("stimulus_"):
            continue
        pick = lab == name
        out[f"{name}/count"] = float(pick.sum())
        out[f"{name}/seconds"] = float(np.sum(ev["stop_time"][pick] - ev["start_time"][pick]))
    return out


def to_matrix(rows: list[dict]) -> tuple[np.ndarray, list[str]]:
    """Stacks per-trial dicts into (trials, features); a missing key is NaN. Text becomes one-hot
    columns (name=value), or one ordinal code when it has more than MAX_CATEGORIES values."""
    names = sorted({k for r in rows for k in r})
    cols, out_names = [], []
    for k in names:
        vals = [r.get(k) for r in rows]
        if any(isinstance(v, str) for v in vals):
            cats = sorted({str(v) for v in vals if v is not None})
            if len(cats) <= MAX_CATEGORIES:
                for cat in cats:
                    cols.append([np.nan if v is None else float(str(v) == cat) for v in vals])
                    out_names.append(f"{k}={cat}")
            else:
                code = {c: i for i, c in enumerate(cats)}
                cols.append([np.nan if v is None else float(code[str(v)]) for v in vals])
                out_names.append(f"{k}#code")
        else:
            cols.append([np.nan if v is None else float(v) for v in vals])
            out_names.append(k)
    X = np.array(cols, dtype=np.float64).T if cols else np.zeros((len(rows), 0))
    return X, out_names
