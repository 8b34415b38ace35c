#!/usr/bin/env python3
"""Overlay several trials (from one or more nmsim HDF5 files) in one figure, for comparing
them on a projector: one muscle's EMG, one row per trial, with its label shading, and every
trial's joint angle on shared axes.

    python3 tools/plot_overlay.py g1.h5 g2.h5:0 g4.h5 [--muscle soleus] [--label "gain 1" ...]
                                  [--start S --stop S] -o overlay.png

A file alone means its first trial; FILE:N is trial N. Labels default to FILE (trial N).
"""
from __future__ import annotations

import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from plot_trial import add_window, find_angle, np, nr, parse_window_args, plt, runs, window  # noqa: E402  (its imports check matplotlib)

COLOURS = ["tab:blue", "tab:orange", "tab:green", "tab:red", "tab:purple", "tab:brown", "tab:pink", "tab:olive"]


def load(spec: str) -> tuple[str, nr.Trial]:
    path, _, index = spec.rpartition(":") if ":" in spec and spec.rsplit(":", 1)[1].isdigit() else (spec, "", "")
    with nr.open_dataset(path) as f:
        indices = nr.list_trials(f)
        if not indices:
            raise ValueError(f"{path} holds no trials")
        wanted = int(index) if index else indices[0]
        if wanted not in indices:
            raise ValueError(f"{path} has no trial {wanted} (it has {indices[0]}-{indices[-1]})")
        return f"{os.path.basename(path)} (trial {wanted})", nr.load_trial(f, wanted)


def plot_overlay(specs: list[str], output: str, muscle: str | None, labels: list[str] | None,
                 start: float | None, stop: float | None) -> str:
    if labels and len(labels) != len(specs):
        raise ValueError(f"{len(labels)} --label for {len(specs)} trials: give one per trial, or none")
    trials = [load(s) for s in specs]
    names = labels or [name for name, _ in trials]
    first = trials[0][1].signals.get("emg")
    if first is None:
        raise ValueError(f"{specs[0]} has no 'emg' series")
    muscle = muscle or first.channels[0]
    for spec, (_, t) in zip(specs, trials):
        if "emg" not in t.signals or muscle not in t.signals["emg"].channels:
            have = ", ".join(t.signals["emg"].channels) if "emg" in t.signals else "no EMG"
            raise ValueError(f"{spec} has no muscle '{muscle}' (it has: {have})")
    fig, axes = plt.subplots(len(trials) + 1, 1, sharex=True, figsize=(12, 1.3 * len(trials) + 3.2),
                             gridspec_kw={"height_ratios": [1.0] * len(trials) + [2.2]}, squeeze=False)
    axes = axes[:, 0]
    for k, ((_, t), name) in enumerate(zip(trials, names)):
        colour = COLOURS[k % len(COLOURS)]
        emg = t.signals["emg"]
        c = emg.channels.index(muscle)
        sel = window(emg.times, start, stop)
        ax = axes[k]
        ax.plot(emg.times[sel], emg.data[sel, c] * 1e3, lw=0.5, color=colour)
        ax.set_ylabel(f"{name}\n[mV]", rotation=0, ha="right", va="center", fontsize=9)
        lab = t.labels
        if muscle in lab.channels:
            lsel = window(lab.times, start, stop)
            mask = lab.mask[lsel, lab.channels.index(muscle)]
            lt = lab.times[lsel]
            for a, b in runs(mask != 0):  # any label of this muscle
                ax.axvspan(lt[a], lt[b - 1] + 1.0 / lab.rate, color="tab:red", alpha=0.12, lw=0)
        angle = find_angle(t)
        if angle is not None:
            asel = window(angle.times, start, stop)
            values = np.degrees(angle.data[asel, 0]) if angle.unit == "rad" else angle.data[asel, 0]
            axes[-1].plot(angle.times[asel], values, lw=1.2, color=colour, label=name)
    axes[0].set_title(f"EMG of {muscle} (shaded: labelled)", loc="left", fontsize=11)
    axes[-1].set_ylabel("joint angle\n[deg]", rotation=0, ha="right", va="center", fontsize=9)
    axes[-1].legend(fontsize=9, loc="lower center", ncol=2)
    axes[-1].set_xlabel("time [s]")
    if start is not None or stop is not None:
        axes[-1].set_xlim(start if start is not None else 0.0, stop if stop is not None else max(t.duration for _, t in trials))
    fig.align_ylabels(axes)
    fig.tight_layout()
    fig.savefig(output, dpi=120)
    plt.close(fig)
    return output


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Overlay several nmsim trials' EMG and joint angle in one PNG.")
    parser.add_argument("trials", nargs="+", help="FILE.h5 (its first trial) or FILE.h5:N")
    parser.add_argument("-o", "--output", required=True, help="PNG to write")
    parser.add_argument("--muscle", help="EMG channel to show (default: the first trial's first channel)")
    parser.add_argument("--label", action="append", help="legend text per trial, in order (repeat)")
    add_window(parser)
    args = parse_window_args(parser, argv)
    try:
        print(plot_overlay(args.trials, args.output, args.muscle, args.label, args.start, args.stop))
    except nr.TOOL_ERRORS as e:
        return nr.tool_error(e)
    return 0


if __name__ == "__main__":
    sys.exit(main())
