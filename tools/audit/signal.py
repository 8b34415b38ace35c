"""Signal measures of the leakage audit, written from the textbook definitions and independent of
nmsim's C++ code: EMG envelopes, running baselines, an envelope burst detector and spectra.

Every measure here is computed from the recorded signals only. Those used by the physiological
signature are ratios within one channel (or of normalised envelopes), so a gain on an electrode
cancels out of them.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

ENV_RATE = 500.0  # Hz, envelope sampling rate (2 ms: fine enough for onsets of 10 ms bursts)
FAST_SMOOTH_S = 0.015  # moving average of the rectified EMG for bursts and silent periods
SLOW_SMOOTH_S = 0.025  # extra smoothing for rhythm and co-contraction (passes 3-9 Hz, kills > 40 Hz)
BASELINE_HALF_S = 0.5  # running baseline: median / IQR of the envelope within +-0.5 s
BASELINE_STEP_S = 0.02  # running statistics are computed every 20 ms and interpolated
NOISE_WINDOW_S = 0.2  # noise floor: RMS of the quietest 200 ms
RHYTHM_BAND = (3.0, 9.0)  # Hz: clonus, dystonic and physiological tremor-band rhythms
RHYTHM_TOTAL = (1.0, 20.0)  # Hz: reference band of envelope power


def moving_average(x: np.ndarray, n: int) -> np.ndarray:
    """Centred moving average of n samples along axis 0 (edges average over what exists)."""
    n = max(1, int(n))
    if n == 1 or x.shape[0] == 0:
        return x.astype(np.float64, copy=True)
    c = np.cumsum(np.concatenate([np.zeros((1,) + x.shape[1:]), x.astype(np.float64)]), axis=0)
    lo = np.clip(np.arange(x.shape[0]) - n // 2, 0, x.shape[0])
    hi = np.clip(np.arange(x.shape[0]) + (n - n // 2), 0, x.shape[0])
    shape = (-1,) + (1,) * (x.ndim - 1)
    return (c[hi] - c[lo]) / (hi - lo).reshape(shape)


@dataclass
class Envelopes:
    """Envelopes of one trial's EMG, (samples, channels) at ENV_RATE, time of row 0 = t0."""

    fast: np.ndarray
    slow: np.ndarray
    t0: float
    rate: float = ENV_RATE

    def times(self) -> np.ndarray:
        return self.t0 + np.arange(self.fast.shape[0]) / self.rate

    def rows(self, start: float, stop: float) -> slice:
        """Envelope rows of [start, stop) s, clipped to the trial."""
        n = self.fast.shape[0]  # plain arithmetic: called for every event
        a = min(max(math.floor((start - self.t0) * self.rate), 0), n)
        b = min(max(math.ceil((stop - self.t0) * self.rate), a), n)
        return slice(a, b)


def envelopes(emg: np.ndarray, rate: float, t0: float = 0.0) -> Envelopes:
    """Full-wave rectified EMG (median removed), averaged over 15 ms, decimated to ~500 Hz."""
    x = np.abs(emg.astype(np.float64) - np.median(emg, axis=0, keepdims=True)) if emg.size else \
        np.zeros(emg.shape)
    fast = moving_average(x, round(FAST_SMOOTH_S * rate))
    step = max(1, int(round(rate / ENV_RATE)))
    fast = fast[::step]
    env_rate = rate / step
    slow = moving_average(fast, round(SLOW_SMOOTH_S * env_rate))
    return Envelopes(fast=fast, slow=slow, t0=t0, rate=env_rate)


def noise_floor(emg: np.ndarray, rate: float) -> tuple[np.ndarray, np.ndarray]:
    """Per channel: RMS of the quietest 200 ms window and 5th percentile of the 200 ms moving RMS."""
    n = int(round(NOISE_WINDOW_S * rate))
    if emg.shape[0] < n or n < 1:
        rms = np.sqrt(np.mean(emg.astype(np.float64) ** 2, axis=0)) if emg.shape[0] else \
            np.full(emg.shape[1], np.nan)
        return rms, rms
    ms = moving_average(emg.astype(np.float64) ** 2, n)[n // 2: emg.shape[0] - n // 2: max(1, n // 4)]
    rms = np.sqrt(ms)
    return rms.min(axis=0), np.percentile(rms, 5, axis=0)


def running_percentiles(e: np.ndarray, rate: float, q=(25, 50, 75), half_s: float = BASELINE_HALF_S,
                        step_s: float = BASELINE_STEP_S) -> np.ndarray:
    """Percentiles q of e (samples, channels) within +-half_s of every sample: (len(q), samples, channels).

    Taken every step_s over the envelope thinned to ~100 Hz (it is smooth at that scale), on a
    reflection-padded copy, and linearly interpolated in between.
    """
    n = e.shape[0]
    out = np.empty((len(q),) + e.shape)
    if n == 0:
        return out
    thin = max(1, int(round(rate / 100.0)))
    sub = e[::thin]
    h = max(1, int(round(half_s * rate / thin)))
    step = max(1, int(round(step_s * rate / thin)))
    pad = np.pad(sub, ((h, h), (0, 0)), mode="reflect" if sub.shape[0] > h else "edge")
    centres = np.arange(0, sub.shape[0], step)
    win = np.lib.stride_tricks.sliding_window_view(pad, 2 * h + 1, axis=0)[centres]  # (centres, ch, w)
    grid = np.percentile(win, q, axis=-1)  # (len(q), centres, ch)
    rows, at = np.arange(n), centres * thin
    for i in range(len(q)):
        for c in range(e.shape[1]):
            out[i, :, c] = np.interp(rows, at, grid[i, :, c])
    return out


def block_mean(x: np.ndarray, rate: float, target: float = 200.0) -> tuple[np.ndarray, float]:
    """x (samples, m) averaged over blocks to about `target` Hz (enough for rhythms below 20 Hz)."""
    k = max(1, int(rate // target))
    n = x.shape[0] // k * k
    return x[:n].reshape(n // k, k, *x.shape[1:]).mean(axis=1), rate / k


def quantiles(x: np.ndarray, q) -> np.ndarray:
    """Percentiles q (0-100, linear interpolation, as np.percentile) of a small 1-D array, fast."""
    s = np.sort(x)
    pos = np.asarray(q, dtype=np.float64) / 100.0 * (s.size - 1)
    lo = np.floor(pos).astype(int)
    hi = np.minimum(lo + 1, s.size - 1)
    return s[lo] + (pos - lo) * (s[hi] - s[lo])


def runs(mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Start and stop (exclusive) indices of the runs of True in a 1-D mask."""
    d = np.diff(np.concatenate([[0], mask.astype(np.int8), [0]]))
    return np.flatnonzero(d == 1), np.flatnonzero(d == -1)


def merge_runs(starts: np.ndarray, stops: np.ndarray, gap: int, min_len: int) -> tuple[np.ndarray, np.ndarray]:
    """Joins runs separated by fewer than `gap` samples, then drops runs shorter than `min_len`."""
    if starts.size == 0:
        return starts, stops
    keep = np.concatenate([[True], starts[1:] - stops[:-1] >= gap])  # first run of each group
    s = starts[keep]
    e = np.maximum.reduceat(stops, np.flatnonzero(keep))
    long = e - s >= min_len
    return s[long], e[long]


@dataclass
class Detector:
    """Label-free envelope detector.

    Bursts: the fast envelope above the running median + k x running SD (IQR / 1.349, within
    +-0.5 s) for at least min_burst_s. 20 ms keeps cortical bursts (31 +- 7 ms) and leaves out
    most single motor-unit potentials, which the 15 ms smoothing stretches to about 10-20 ms.
    Silent periods: the envelope below silent_fraction x the running median for at least
    min_silent_s (50 ms, where negative myoclonus starts), with tonic activity on both sides: the
    medians of the 200 ms before and after exceed tonic_over_noise x the noise envelope (below
    that the EMG is a few separate motor units, whose inter-spike gaps are no silent periods)
    and are within a factor 1/silent_fraction of each other (the end of a contraction is none).
    """

    k: float = 3.0
    silent_fraction: float = 0.5
    tonic_over_noise: float = 5.0
    min_burst_s: float = 0.020
    min_silent_s: float = 0.050
    merge_s: float = 0.010
    flank_s: float = 0.2

    def baseline(self, e: np.ndarray, rate: float) -> tuple[np.ndarray, np.ndarray]:
        p25, p50, p75 = running_percentiles(e, rate)
        sd = np.maximum((p75 - p25) / 1.349, 1e-3 * p50 + 1e-30)
        return p50, sd

    def bursts(self, e: np.ndarray, rate: float, base) -> list[tuple[np.ndarray, np.ndarray]]:
        """Per channel: (starts, stops) in envelope rows of supra-threshold runs; base = baseline()."""
        med, sd = base
        gap, min_len = int(round(self.merge_s * rate)), max(1, int(round(self.min_burst_s * rate)))
        return [merge_runs(*runs(e[:, c] > med[:, c] + self.k * sd[:, c]), gap, min_len) for c in range(e.shape[1])]

    def silences(self, e: np.ndarray, rate: float, noise_env: np.ndarray, base) -> list[tuple[np.ndarray, np.ndarray]]:
        """Per channel: (starts, stops) of silent periods inside tonic activity."""
        med, _ = base
        gap, min_len = int(round(self.merge_s * rate)), max(1, int(round(self.min_silent_s * rate)))
        w = max(1, int(round(self.flank_s * rate)))
        out = []
        for c in range(e.shape[1]):
            s, t = merge_runs(*runs(e[:, c] < self.silent_fraction * med[:, c]), gap, min_len)
            keep = []
            for a, b in zip(s, t):
                pre, post = e[max(0, a - w):a, c], e[b:b + w, c]
                lo, hi = sorted((np.median(pre), np.median(post))) if pre.size and post.size else (0.0, 1.0)
                keep.append(lo > self.tonic_over_noise * noise_env[c] and lo >= self.silent_fraction * hi
                            and np.median(e[a:b, c]) < self.silent_fraction * lo)
            keep = np.array(keep, dtype=bool)
            out.append((s[keep], t[keep]))
        return out


def rhythm(x: np.ndarray, rate: float, band=RHYTHM_BAND, total=RHYTHM_TOTAL) -> dict[str, np.ndarray]:
    """Rhythmicity of each column of x (samples, m) - envelopes or joint angles: band and peak
    (+-1 Hz) power fractions of the RHYTHM_TOTAL band, peak frequency in `band`, autocorrelation
    at the peak's period and log10 of the band's mean square (signal units^2). Arrays of m."""
    x = np.asarray(x, dtype=np.float64)
    n, m = x.shape
    keys = ("band_fraction", "peak_fraction", "peak_hz", "autocorr", "log_band_power")
    if n < int(2 * rate / band[0]):  # fewer than two cycles of the slowest rhythm
        return {k: np.full(m, np.nan) for k in keys}
    t = np.arange(n) - 0.5 * (n - 1)
    y = x - x.mean(axis=0)
    y -= np.outer(t, t @ y / (t @ t))  # remove mean and linear drift
    win = np.hanning(n)
    nfft = max(4096, 1 << int(np.ceil(np.log2(n))))
    spec = np.abs(np.fft.rfft(y * win[:, None], nfft, axis=0)) ** 2
    f = np.fft.rfftfreq(nfft, 1.0 / rate)
    in_total = (f >= total[0]) & (f <= total[1])
    in_band = (f >= band[0]) & (f <= band[1])
    tot = spec[in_total].sum(axis=0)
    band_idx = np.flatnonzero(in_band)
    peak_idx = band_idx[np.argmax(spec[in_band], axis=0)]
    half = int(round(1.0 / (f[1] - f[0])))
    cum = np.vstack([np.zeros(m), np.cumsum(np.where(in_total[:, None], spec, 0.0), axis=0)])
    near = cum[np.minimum(peak_idx + half + 1, len(f)), np.arange(m)] - cum[np.maximum(peak_idx - half, 0), np.arange(m)]
    full = np.fft.irfft(np.abs(np.fft.rfft(y, 2 * n, axis=0)) ** 2, 2 * n, axis=0)[:n]  # autocovariance x n
    lag = np.clip(np.round(rate / f[peak_idx]).astype(int), 1, n - 1)
    ac = (full[lag, np.arange(m)] / (n - lag)) / (full[0] / n + 1e-300)
    band_power = spec[in_band].sum(axis=0) / (win ** 2).sum() / (nfft / 2)  # ~ mean square in band
    with np.errstate(invalid="ignore", divide="ignore"):
        return {"band_fraction": spec[in_band].sum(axis=0) / tot, "peak_fraction": near / tot,
                "peak_hz": f[peak_idx], "autocorr": np.where(full[0] > 0, ac, np.nan),
                "log_band_power": np.log10(band_power + 1e-300)}


@dataclass
class Activity:
    """What the detector saw in one trial's EMG: envelopes, running baseline, noise envelope,
    bursts and silent periods (per channel, envelope rows)."""

    env: Envelopes
    median: np.ndarray
    sd: np.ndarray
    noise: np.ndarray
    bursts: list
    silences: list


def noise_envelope(env: Envelopes) -> np.ndarray:
    """Per channel: mean fast envelope over the quietest 200 ms (the envelope of the noise floor)."""
    n = max(1, int(round(NOISE_WINDOW_S * env.rate)))
    if env.fast.shape[0] < n:
        return env.fast.mean(axis=0) if env.fast.size else np.zeros(env.fast.shape[1])
    return moving_average(env.fast, n)[n // 2: env.fast.shape[0] - n // 2].min(axis=0)


def detect(emg: np.ndarray, rate: float, t0: float, det: Detector) -> Activity:
    env = envelopes(emg, rate, t0)
    base = det.baseline(env.fast, env.rate)
    noise = noise_envelope(env)
    return Activity(env, base[0], base[1], noise, det.bursts(env.fast, env.rate, base),
                    det.silences(env.fast, env.rate, noise, base))
