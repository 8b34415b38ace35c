#!/usr/bin/env python3
"""Plot one trial of an nmsim HDF5 dataset to a PNG.

    python3 tools/plot_trial.py FILE.h5 [--trial 0] [-o out.png] [--start S --stop S]

Panels: EMG per channel (stacked; below each trace one coloured lane per label bit present,
filled where the bit is set; beat events marked), then the joint angle in degrees.
"""
from __future__ import annotations

import argparse
import os
import sys

try:
    import matplotlib

    matplotlib.use("Agg")  # files only: no display needed
    import matplotlib.pyplot as plt  # noqa: E402
    import numpy as np  # noqa: E402
    from matplotlib.lines import Line2D  # noqa: E402
    from matplotlib.patches import Patch  # noqa: E402
except ModuleNotFoundError as missing:  # e.g. a python3 that is not Debian's
    sys.exit(f"plot_trial needs matplotlib, numpy and h5py, which {sys.executable} lacks ({missing}); run it with "
             "/usr/bin/python3 (Debian: apt install python3-matplotlib python3-numpy python3-h5py) or install them")

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import nmsim_reader as nr  # noqa: E402

# Fixed colour per bit position so that figures are comparable across files.
# One colour per label bit (docs/labels.md lists 13), so that overlapping phenomena differ.
BIT_COLOURS = ["tab:red", "tab:blue", "tab:green", "tab:purple", "tab:orange", "tab:brown", "tab:pink", "tab:olive",
               "tab:cyan", "gold", "teal", "navy", "tab:gray", "lime", "maroon", "black"]
LANE_SPACE = 0.3  # fraction of each EMG panel's height given to the label lanes


def runs(flags: np.ndarray) -> list[tuple[int, int]]:
    """(start, stop) sample ranges where a boolean array is True; stop is exclusive."""
    edges = np.diff(np.concatenate(([0], flags.astype(np.int8), [0])))
    return list(zip(np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)))


def find_angle(trial: nr.Trial) -> nr.Signal | None:
    """The joint-angle series: kinematics/angle if present, else the first series in radians."""
    if "kinematics/angle" in trial.signals:
        return trial.signals["kinematics/angle"]
    for s in trial.signals.values():
        if s.unit in ("rad", "deg") and s.name.startswith("kinematics/"):
            return s
    return None


def window(times: np.ndarray, start: float | None, stop: float | None) -> slice:
    lo = 0 if start is None else int(np.searchsorted(times, start, side="left"))
    hi = len(times) if stop is None else int(np.searchsorted(times, stop, side="right"))
    return slice(lo, hi)


def beat_rows(trial: nr.Trial) -> np.ndarray:
    labels = trial.events.get("label", np.array([], dtype=object))
    return np.array([i for i, name in enumerate(labels) if "beat" in str(name).lower()], dtype=int)


def plot_trial(path: str, index: int | None, output: str | None, start: float | None, stop: float | None,
               signal: str = "emg") -> str:
    """Writes the figure and returns its path (default: FILE_trialN.png next to FILE)."""
    with nr.open_dataset(path) as f:
        indices = nr.list_trials(f)
        if not indices:
            raise ValueError(f"{path} holds no trials")
        index = indices[0] if index is None else index
        trial = nr.load_trial(f, index)
    output = output or f"{os.path.splitext(path)[0]}_trial{index}.png"
    if signal not in trial.signals:
        raise ValueError(f"trial {index} has no '{signal}' series (has: {', '.join(trial.signals)})")

    emg = trial.signals[signal]
    angle = find_angle(trial)
    n_ch = emg.data.shape[1]
    heights = [1.0] * n_ch + ([1.3] if angle is not None else [])
    fig, axes = plt.subplots(len(heights), 1, sharex=True, figsize=(12, 1.6 * len(heights) + 1.2),
                             gridspec_kw={"height_ratios": heights}, squeeze=False)
    axes = axes[:, 0]

    sel = window(emg.times, start, stop)
    scale, unit = (1e3, "mV") if emg.unit == "V" else (1.0, emg.unit)
    lab = trial.labels
    lab_sel = window(lab.times, start, stop)
    lab_t = lab.times[lab_sel]
    dt = 1.0 / lab.rate if lab.rate > 0 else 0.0
    used_bits: set[int] = set()
    beats = beat_rows(trial)
    present = np.bitwise_or.reduce(lab.mask[lab_sel], axis=None) if lab_t.size else 0
    lanes = [bit for bit in range(len(lab.bit_names)) if (int(present) >> bit) & 1]

    for c in range(n_ch):
        ax = axes[c]
        name = emg.channels[c]
        ax.plot(emg.times[sel], emg.data[sel, c] * scale, lw=0.5, color="black")
        ax.set_ylabel(f"{name}\n[{unit}]", rotation=0, ha="right", va="center", fontsize=8)
        if name in lab.channels and lab_t.size:
            # One lane per label bit present in the window, below the trace, so that
            # overlapping phenomena (e.g. a dystonic posture with tremor) stay readable.
            mask = lab.mask[lab_sel, lab.channels.index(name)]
            lo, hi = ax.get_ylim()
            ax.set_ylim(lo - (hi - lo) * LANE_SPACE / (1 - LANE_SPACE), hi)
            for lane, bit in enumerate(lanes):
                y0 = LANE_SPACE * lane / len(lanes)
                for a, b in runs((mask >> bit) & 1 == 1):
                    ax.axvspan(lab_t[a], lab_t[b - 1] + dt, ymin=y0, ymax=y0 + 0.8 * LANE_SPACE / len(lanes),
                               color=BIT_COLOURS[bit % len(BIT_COLOURS)], alpha=0.85, lw=0)
                    used_bits.add(bit)
        if beats.size:
            on_channel = [r for r in beats if trial.events["channel"][r] in (name, "")]
            times = np.asarray(trial.events["start_time"])[on_channel] if on_channel else np.array([])
            if start is not None:
                times = times[times >= start]
            if stop is not None:
                times = times[times <= stop]
            if times.size:
                top = ax.get_ylim()[1]
                ax.plot(times, np.full(times.shape, top), "v", color="black", ms=4, clip_on=False)

    if angle is not None:
        ax = axes[-1]
        asel = window(angle.times, start, stop)
        values = np.degrees(angle.data[asel]) if angle.unit == "rad" else angle.data[asel]
        ax.plot(angle.times[asel], values, lw=0.8)
        ax.set_ylabel(f"{angle.name.split('/')[-1]}\n[deg]", rotation=0, ha="right", va="center", fontsize=8)
        if angle.data.shape[1] > 1:
            ax.legend(angle.channels, fontsize=7, loc="upper right")

    axes[-1].set_xlabel("time [s]")
    if start is not None or stop is not None:
        axes[-1].set_xlim(start if start is not None else emg.times[0] if emg.times.size else 0.0,
                          stop if stop is not None else emg.times[-1] if emg.times.size else trial.duration)

    handles = [Patch(color=BIT_COLOURS[b % len(BIT_COLOURS)], alpha=0.85, label=lab.bit_names[b])
               for b in sorted(used_bits)]
    if beats.size:
        handles.append(Line2D([], [], marker="v", color="black", ls="none", ms=5, label="beat"))
    if handles:
        fig.legend(handles=handles, loc="upper right", ncol=len(handles), fontsize=8, frameon=False)
    fig.suptitle(f"{os.path.basename(path)}: trial {trial.index} ({trial.duration:.1f} s)", x=0.01, ha="left",
                 fontsize=10)
    fig.align_ylabels(axes)
    fig.tight_layout(rect=(0, 0, 1, 0.96))
    fig.savefig(output, dpi=120)
    plt.close(fig)
    return output


def add_window(parser: argparse.ArgumentParser) -> None:
    """The --start / --stop options every plotting tool takes."""
    parser.add_argument("--start", type=float, help="first time to show [s]")
    parser.add_argument("--stop", type=float, help="last time to show [s]")


def parse_window_args(parser: argparse.ArgumentParser, argv: list[str] | None) -> argparse.Namespace:
    """parse_args, refusing a window that ends before it starts (exit 2, argparse's way)."""
    args = parser.parse_args(argv)
    if args.start is not None and args.stop is not None and args.stop <= args.start:
        parser.error("--stop must be after --start")
    return args


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Plot one trial of an nmsim dataset to a PNG.")
    parser.add_argument("file", help="nmsim .h5 file")
    parser.add_argument("--trial", type=int, help="trial index (default: the first in the file)")
    parser.add_argument("-o", "--output", help="PNG to write (default: FILE_trialN.png next to FILE)")
    add_window(parser)
    parser.add_argument("--signal", default="emg", help="series to plot per channel (default: emg)")
    args = parse_window_args(parser, argv)
    try:
        written = plot_trial(args.file, args.trial, args.output, args.start, args.stop, args.signal)
    except nr.TOOL_ERRORS as e:
        return nr.tool_error(e)
    print(written)
    return 0


if __name__ == "__main__":
    sys.exit(main())
