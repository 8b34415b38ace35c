#!/usr/bin/env python3
"""What a trial's recording chain did to one muscle's EMG: the clean EMG (emg_clean), the EMG as
recorded with the artefact mask shaded by artefact, and both amplitude spectra, with the
mains harmonics marked. Needs a trial written with signals.emg.store_clean: true.

    python3 tools/plot_recording.py chain.h5[:N] [--muscle soleus] [--start S --stop S] -o chain.png
"""
from __future__ import annotations

import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from plot_overlay import load  # noqa: E402
from plot_trial import add_window, np, nr, parse_window_args, plt, runs, window  # noqa: E402  (its imports check matplotlib)

ARTEFACT_COLOURS = {"clipping": "tab:red", "electrode_pop": "tab:orange", "dropout": "tab:purple", "ecg_qrs": "tab:green"}
# States rather than moments: drawn as a line where each begins.
ARTEFACT_ONSETS = {"electrode_shift": "tab:cyan"}


def amplitude_spectrum(x: np.ndarray, rate: float, segment_s: float = 2.0) -> tuple[np.ndarray, np.ndarray]:
    """Mean amplitude spectrum over Hann-windowed 50 %-overlapping segments (Welch, amplitude)."""
    n = min(len(x), int(segment_s * rate))
    hann = np.hanning(n)
    starts = range(0, len(x) - n + 1, max(1, n // 2))
    spectra = [np.abs(np.fft.rfft(hann * (x[s:s + n] - x[s:s + n].mean()))) for s in starts]
    return np.fft.rfftfreq(n, 1.0 / rate), 2.0 * np.mean(spectra, axis=0) / hann.sum()


def mains_lines(trial: nr.Trial) -> list[float]:
    """The powerline components the trial's scenario asked for (fundamental and harmonics), from
    its parameters table; none without a powerline stage."""
    f = trial.parameters.get("signals.emg.powerline.frequency")
    if not f:
        return []
    harmonics = sum(1 for k in trial.parameters if k.startswith("signals.emg.powerline.harmonics["))
    return [f * h for h in range(1, harmonics + 2)]


def plot_recording(spec: str, output: str, muscle: str | None, start: float | None, stop: float | None) -> str:
    name, trial = load(spec)
    if "emg_clean" not in trial.signals:
        raise ValueError(f"{name} has no emg_clean: write it with signals.emg.store_clean: true (docs/model.md)")
    emg, clean = trial.signals["emg"], trial.signals["emg_clean"]
    muscle = muscle or emg.channels[0]
    if muscle not in emg.channels:
        raise ValueError(f"{name} has no muscle '{muscle}' (it has: {', '.join(emg.channels)})")
    c = emg.channels.index(muscle)
    t = emg.times
    w = window(t, start, stop)
    fig, (ax_clean, ax_rec, ax_spec) = plt.subplots(3, 1, figsize=(10, 8.5), gridspec_kw={"height_ratios": [1, 1, 1.2]})
    ax_clean.plot(t[w], 1e3 * clean.data[w, c], lw=0.5, color="tab:blue")
    ax_clean.set_title(f"{name}: {muscle}, clean EMG (emg_clean)")
    ax_rec.plot(t[w], 1e3 * emg.data[w, c], lw=0.5, color="black")
    ax_rec.set_title("as recorded (emg), artefact mask shaded")
    shown = set()
    if trial.artefacts is not None and muscle in trial.artefacts.channels:
        a = trial.artefacts
        ac = a.channels.index(muscle)
        for bit in a.bit_names:
            if bit in ARTEFACT_ONSETS:  # one line per event: consecutive states make one run in the mask
                labels = trial.events.get("label", np.array([], dtype=object)).astype(str)
                chans = trial.events.get("channel", np.array([], dtype=object)).astype(str)
                for at in trial.events["start_time"][(labels == f"artefact_{bit}") & (chans == muscle)]:
                    if t[w][0] <= at <= t[w][-1]:
                        ax_rec.axvline(at, color=ARTEFACT_ONSETS[bit], lw=1.5, label=None if bit in shown else bit)
                        shown.add(bit)
                continue
            for lo, hi in runs(a.bit(bit)[w, ac]):
                ax_rec.axvspan(t[w][lo], t[w][min(hi, len(t[w]) - 1)], color=ARTEFACT_COLOURS.get(bit, "tab:gray"),
                               alpha=0.3, lw=0, label=None if bit in shown else bit)
                shown.add(bit)
    if shown:
        ax_rec.legend(loc="upper right", fontsize=8)
    for ax in (ax_clean, ax_rec):
        ax.set_ylabel("mV")
        ax.set_xlim(t[w][0], t[w][-1])
    ax_rec.set_xlabel("time (s)")
    for series, colour, label in ((clean, "tab:blue", "clean"), (emg, "black", "recorded")):
        f, amp = amplitude_spectrum(series.data[w, c].astype(np.float64), series.rate)
        ax_spec.loglog(f[1:], 1e6 * amp[1:], lw=0.8, color=colour, label=label)
    mains = mains_lines(trial)
    for line in mains:
        ax_spec.axvline(line, color="tab:red", lw=0.5, alpha=0.5)
    ax_spec.set_xlabel("frequency (Hz)")
    ax_spec.set_ylabel("amplitude (µV)")
    ax_spec.set_title("amplitude spectra" + (f" (the {mains[0]:g} Hz mains components in red)" if mains else ""))
    ax_spec.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(output, dpi=120)
    plt.close(fig)
    return output


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Plot what a trial's recording chain did to one muscle's EMG.")
    parser.add_argument("trial", help="FILE.h5 (its first trial) or FILE.h5:N")
    parser.add_argument("-o", "--output", required=True, help="PNG to write")
    parser.add_argument("--muscle", help="EMG channel to show (default: the first)")
    add_window(parser)
    args = parse_window_args(parser, argv)
    try:
        print(plot_recording(args.trial, args.output, args.muscle, args.start, args.stop))
    except nr.TOOL_ERRORS as e:
        return nr.tool_error(e)
    return 0


if __name__ == "__main__":
    sys.exit(main())
