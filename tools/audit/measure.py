"""Measures every label back from the EMG it is labelled on, with the envelope of audit.signal.

Burst-type events (beats, myoclonic bursts, dystonia_*): the event level is the 90th percentile
of the fast envelope inside the event; the local baseline is the median (and IQR/1.349 the SD)
of the envelope on both flanks, within max(0.25 s, event length) up to 1 s (2 s if that leaves
under 50 ms) and inside the protocol phase at that side, leaving out other events of the same
label in that channel (so the troughs between beats are a beat's baseline). Visible: level >
baseline + k SD. Salience: 20 log10(level / baseline).

Silent periods: the envelope's median inside the event (edges trimmed by half the smoothing)
against the median over the 200 ms before it. Visible: inside < fraction x before, and before is
tonic activity (> tonic_over_noise x the noise envelope). Salience: 20 log10(before / inside).

Rhythmic events (dystonia_tremor, which rides on an ongoing contraction, so its level need not
rise above its flanks): visible when the fast envelope inside the event, detrended, has an
autocorrelation of at least `osc_autocorr` at the lag of one period of the event's own
`frequency` column. Salience: that autocorrelation (no dB).

Parents: a clonus_episode is visible when at least `min_beats` of its beats are; a jerk
(myoclonus_<origin>) when at least one of its bursts or silent periods is.

Onset of a visible event: the first envelope row from 100 ms before the labelled start on that
crosses the event's threshold, moved back to where that run of the envelope began (at most
0.5 s), never into the previous event of the same label and channel (a beat's onset is not
the beat before it). Onset error = onset - labelled start.
"""
from __future__ import annotations

import numpy as np

from . import signal as sg

SILENT = ("myoclonic_silent_period",)
RHYTHMIC = ("dystonia_tremor",)
PARENTS = {"clonus_episode": "min_beats", "myoclonus_": "one"}
GUARD_S = 0.01  # gap between an event and its flanks (the envelope's smoothing spreads an edge)
MIN_FLANK_S = 0.05
PRE_SILENT_S = 0.2
ONSET_LEAD_S = 0.1
MAX_ONSET_BACK_S = 0.5
NEAR_LABEL_S = 0.02  # a detector hit within 20 ms of a label of its channel counts as labelled
OSC_WINDOW_S, OSC_STEP_S = 1.0, 0.5


def _after_previous(same: np.ndarray, start: int) -> int:
    """First row after the previous event of the same label and channel ends (0 if none): an
    onset is not searched for inside the beat before it."""
    before = np.flatnonzero(same[:start])
    return int(before[-1]) + 1 if before.size else 0


def _onset(crossed: np.ndarray, lo: int, rate: float, floor: int = 0) -> int | None:
    """Row where the run holding the first True of crossed[max(lo, floor):] began (at most
    MAX_ONSET_BACK_S earlier, never before floor)."""
    lo = max(lo, floor)
    hits = np.flatnonzero(crossed[lo:])
    if hits.size == 0:
        return None
    j = lo + int(hits[0])
    back = max(floor, j - int(MAX_ONSET_BACK_S * rate))
    before = np.flatnonzero(~crossed[back:j])
    return back + int(before[-1]) + 1 if before.size else back


class Measurer:
    def __init__(self, det: sg.Detector, min_beats: int = 3, osc_peak_fraction: float = 0.5,
                 osc_autocorr: float = 0.3):
        self.det, self.min_beats = det, min_beats
        self.osc_peak_fraction, self.osc_autocorr = osc_peak_fraction, osc_autocorr

    def trial(self, events: dict, act: sg.Activity, channels: list[str], phase_table, angle=None) -> tuple[dict, dict]:
        """(per-event measures as column arrays, detector findings by phase) of one trial."""
        env = act.env
        n_ev = len(events["label"])
        labels = events["label"].astype(str)
        chan = events["channel"].astype(str)
        start, stop = events["start_time"].astype(np.float64), events["stop_time"].astype(np.float64)
        parent = events["parent"].astype(np.int64) if "parent" in events else np.full(n_ev, -1)
        col = {c: i for i, c in enumerate(channels)}
        rows = env.fast.shape[0]
        bounds = [(a, b) for _, a, b in phase_table if _ != "all"] or [(env.t0, env.t0 + rows / env.rate)]
        covered: dict[tuple[str, int], np.ndarray] = {}  # rows of each (label, channel)
        any_label = np.zeros((rows, len(channels)), dtype=bool)
        for i in range(n_ev):
            c = col.get(chan[i])
            if c is None or labels[i].startswith("stimulus_"):
                continue
            r = env.rows(start[i], stop[i])
            covered.setdefault((labels[i], c), np.zeros(rows, dtype=bool))[r] = True
            any_label[r, c] = True
        vis, db, onset = np.full(n_ev, np.nan), np.full(n_ev, np.nan), np.full(n_ev, np.nan)
        for i in range(n_ev):
            c = col.get(chan[i])
            # Recording artefacts (artefact_*) explain detector hits above but are not labels of the
            # physiology to measure back.
            if (c is None or labels[i].startswith(("stimulus_", "artefact_"))
                    or any(labels[i].startswith(p) for p in PARENTS)):
                continue
            same = covered[(labels[i], c)]
            if labels[i] in RHYTHMIC:
                freq = events["frequency"][i] if "frequency" in events else np.nan
                vis[i], db[i], onset[i] = self._rhythm(act, c, start[i], stop[i], float(freq))
                continue
            how = self._silent if labels[i] in SILENT else self._burst
            vis[i], db[i], onset[i] = how(act, c, start[i], stop[i], same, bounds)
        for i in range(n_ev):  # parents from their children
            rule = next((r for p, r in PARENTS.items() if labels[i].startswith(p)), None)
            kids = np.flatnonzero((parent == i) & np.isfinite(vis)) if rule else []
            if len(kids) == 0:
                continue
            seen = kids[vis[kids] == 1]
            vis[i] = float(seen.size >= (self.min_beats if rule == "min_beats" else 1))
            if seen.size:
                onset[i] = np.min(onset[seen] + start[seen]) - start[i]
        measures = {"label": labels, "channel": chan, "visible_audit": vis, "salience_audit_db": db,
                    "onset_error": onset, "visible_file": np.full(n_ev, np.nan),
                    "salience_db_file": np.full(n_ev, np.nan)}
        if "visible" in events:  # int64 column, -1 = missing
            flag = events["visible"].astype(np.float64)
            measures["visible_file"] = np.where(flag < 0, np.nan, flag)
        if "salience_db" in events:
            measures["salience_db_file"] = events["salience_db"].astype(np.float64)
        return measures, self._unlabelled(act, any_label, phase_table, angle)

    @staticmethod
    def _phase(bounds, t):
        return next(((a, b) for a, b in bounds if a <= t < b), (bounds[0][0], bounds[-1][1]))

    def _flanks(self, e, env, a, b, same, bounds, reach):
        lo, hi = self._phase(bounds, a)[0], self._phase(bounds, max(a, b - 1e-9))[1]
        parts = []
        for r in (env.rows(max(a - reach, lo), a - GUARD_S), env.rows(b + GUARD_S, min(b + reach, hi))):
            parts.append(e[r][~same[r]])
        return np.concatenate(parts)

    def _burst(self, act, c, a, b, same, bounds):
        env, e = act.env, act.env.fast[:, c]
        r = env.rows(a, b)
        if r.stop - r.start < 1:
            r = env.rows(a - 0.005, b + 0.005)
        flank = self._flanks(e, env, a, b, same, bounds, min(max(0.25, b - a), 1.0))
        if flank.size < MIN_FLANK_S * env.rate:
            flank = self._flanks(e, env, a, b, same, bounds, 2.0)
        if r.stop - r.start < 1 or flank.size < MIN_FLANK_S * env.rate:
            return np.nan, np.nan, np.nan  # no envelope to judge it by
        level = sg.quantiles(e[r], [90])[0]
        q1, base, q3 = sg.quantiles(flank, [25, 50, 75])
        thr = base + self.det.k * max((q3 - q1) / 1.349, 1e-3 * base)
        db = 20 * np.log10(max(level, 1e-30) / max(base, 1e-30))
        if level <= thr:
            return 0.0, db, np.nan
        lead = env.rows(a - ONSET_LEAD_S, a).start
        first = _onset(e[:r.stop] > thr, lead, env.rate, _after_previous(same, r.start))
        return 1.0, db, env.t0 + first / env.rate - a

    def _rhythm(self, act, c, a, b, freq):
        env, e = act.env, act.env.fast[:, c]
        r = env.rows(a, b)
        if not np.isfinite(freq) or freq <= 0:
            return np.nan, np.nan, np.nan
        lag = int(round(env.rate / freq))
        x = e[r].astype(np.float64)
        if x.size < 2 * lag + 2:
            return np.nan, np.nan, np.nan
        x = x - np.polyval(np.polyfit(np.arange(x.size), x, 1), np.arange(x.size))
        denom = float(np.dot(x, x))
        ac = float(np.dot(x[:-lag], x[lag:]) / denom) if denom > 0 else 0.0
        return float(ac >= self.osc_autocorr), ac, 0.0

    def _silent(self, act, c, a, b, same, bounds):
        env, e = act.env, act.env.fast[:, c]
        trim = 0.5 * sg.FAST_SMOOTH_S
        mid = 0.5 * (a + b)
        r = env.rows(a + trim, b - trim) if b - a > 2 * trim + 1 / env.rate else env.rows(mid, mid + 1 / env.rate)
        pre_rows = env.rows(max(a - PRE_SILENT_S, self._phase(bounds, a)[0]), a - GUARD_S)
        pre = e[pre_rows][~same[pre_rows]]
        if r.stop - r.start < 1 or pre.size < MIN_FLANK_S * env.rate:
            return np.nan, np.nan, np.nan
        inside, before = sg.quantiles(e[r], [50])[0], sg.quantiles(pre, [50])[0]
        db = 20 * np.log10(max(before, 1e-30) / max(inside, 1e-30))
        thr = self.det.silent_fraction * before
        if not (inside < thr and before > self.det.tonic_over_noise * act.noise[c]):
            return 0.0, db, np.nan
        lead = env.rows(a - ONSET_LEAD_S, a).start
        first = _onset(e[:r.stop] < thr, lead, env.rate, _after_previous(same, r.start))
        return 1.0, db, env.t0 + first / env.rate - a

    def _unlabelled(self, act, any_label, phase_table, angle) -> dict:
        """Detector bursts, silent periods and rhythmic 1 s windows, labelled or not, per phase."""
        env = act.env
        tol = int(round(NEAR_LABEL_S * env.rate))
        near = sg.moving_average(any_label.astype(np.float64), 2 * tol + 1) > 0
        out: dict[str, dict[str, float]] = {}
        table = [(p, a, b) for p, a, b in phase_table if p != "all"]

        def add(kind, row, labelled):
            t = env.t0 + row / env.rate
            d = out.setdefault(next((p for p, a, b in table if a <= t < b), "outside"), {})
            key = f"{kind}_{'labelled' if labelled else 'unlabelled'}"
            d[key] = d.get(key, 0.0) + 1

        for kind, found in (("bursts", act.bursts), ("silences", act.silences)):
            for c, (s, e) in enumerate(found):
                for a, b in zip(s, e):
                    add(kind, a, bool(near[a:b, c].any()))
        # Rhythmic windows: the envelope oscillates in 3-9 Hz and so does the joint (within 1 Hz):
        # a visible oscillation, not one motor unit firing regularly. Without an angle: EMG only.
        w, step = int(OSC_WINDOW_S * env.rate), int(OSC_STEP_S * env.rate)
        starts = np.arange(0, env.slow.shape[0] - w + 1, step)
        if starts.size == 0:
            return out
        moving = np.ones(starts.size, dtype=bool)
        joint_hz = np.full(starts.size, np.nan)
        if angle is not None and angle.data.shape[0]:
            aw = int(OSC_WINDOW_S * angle.rate)
            first = [int(round((env.t0 + a / env.rate - angle.t0) * angle.rate)) for a in starts]
            ok = np.array([0 <= f and f + aw <= angle.data.shape[0] for f in first])
            if ok.any():
                segs = np.stack([angle.data[f:f + aw, 0] for f, k in zip(first, ok) if k], axis=1)
                rh = sg.rhythm(*sg.block_mean(segs.astype(np.float64), angle.rate))
                moving[:] = False
                moving[ok] = (rh["peak_fraction"] >= self.osc_peak_fraction) & (rh["autocorr"] >= self.osc_autocorr)
                joint_hz[ok] = rh["peak_hz"]
        for c in range(env.slow.shape[1]):
            segs = np.stack([env.slow[a:a + w, c] for a in starts], axis=1)  # (w, windows)
            mean = segs.mean(axis=0)
            rh = sg.rhythm(segs / (mean + 1e-30), env.rate)
            rhythmic = ((mean >= self.det.tonic_over_noise * act.noise[c]) & moving
                        & (rh["peak_fraction"] >= self.osc_peak_fraction) & (rh["autocorr"] >= self.osc_autocorr)
                        & ~(np.abs(rh["peak_hz"] - joint_hz) > 1.0))
            for a in starts[rhythmic]:
                add("rhythmic_windows", a + w // 2, near[a:a + w, c].mean() >= 0.5)
        return out
