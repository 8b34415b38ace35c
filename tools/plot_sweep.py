#!/usr/bin/env python3
"""Plots of an `nmsim sweep` table (docs/sweep.md), large enough for a projector:

- bifurcation.png: the oscillation's amplitude at the end of the analysed phase against the
  first swept key (the reflex gain, if it is swept), one line per value of the second key;
  filled markers where the simulated oscillation is sustained, dashed lines at the analytic
  critical gain;
- stability_map.png (two swept keys): that amplitude as colour over the grid, with the analytic
  boundary (where the linearised loop turns unstable) drawn over it;
- frequency.png: the simulated oscillation frequency where it is sustained, on the analytic
  Hopf frequency, against the second key (or the first, with one key).

Usage: /usr/bin/python3 tools/plot_sweep.py SWEEP.csv OUT_DIR
"""
import argparse
import csv
import math
import os
import sys

try:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np
except ModuleNotFoundError as missing:
    sys.exit(f"plot_sweep needs numpy and matplotlib, which {sys.executable} lacks ({missing}); use /usr/bin/python3 "
             "(Debian: apt install python3-matplotlib)")

RESULT_COLUMNS = {"reflex_gain", "rightmost_real", "rightmost_frequency", "critical_gain", "hopf_frequency",
                  "gain_ratio", "clonus_beats", "clonus_frequency", "clonus_fraction", "prior_amplitude",
                  "late_amplitude", "amplitude_growth", "growth_rate", "oscillation_frequency", "analysis_phase",
                  "stable", "sustained", "note"}


def read(path):
    with open(path, newline="") as fh:
        rows = list(csv.DictReader(fh))
    if not rows:
        sys.exit(f"{path}: no rows")
    axes = [c for c in rows[0] if c not in RESULT_COLUMNS]
    if not axes:
        sys.exit(f"{path}: no swept key among the columns; is this an nmsim sweep table?")

    def column(name):
        return np.array([float(r[name]) if r[name] not in ("", None) else math.nan for r in rows])
    table = {c: column(c) for c in rows[0] if c not in ("analysis_phase", "note")}
    return axes, table


def short(key):
    return key.split(".")[-1].replace("_", " ")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("table")
    ap.add_argument("out_dir")
    a = ap.parse_args()
    axes, t = read(a.table)
    plt.rcParams.update({"font.size": 15, "axes.titlesize": 17, "lines.linewidth": 2.2, "figure.dpi": 100})
    gain_axes = [k for k in axes if k.endswith("reflex_gain")]
    x_key = gain_axes[0] if gain_axes else axes[0]
    others = [k for k in axes if k != x_key]
    y_key = others[0] if others else None
    amplitude = np.degrees(t["late_amplitude"])
    sustained = t["sustained"] == 1
    written = []

    def save(fig, name):
        fig.tight_layout()
        path = os.path.join(a.out_dir, name)
        fig.savefig(path)
        plt.close(fig)
        written.append(path)

    # Bifurcation diagram: amplitude against the gain, one line per value of the second key.
    fig, ax = plt.subplots(figsize=(10, 6.5))
    groups = [None] if y_key is None else sorted(set(t[y_key]))
    if len(groups) > 6:
        groups = [groups[int(round(i * (len(groups) - 1) / 5))] for i in range(6)]
    colors = plt.cm.viridis(np.linspace(0, 0.9, len(groups)))
    for g, color in zip(groups, colors):
        sel = np.ones(len(amplitude), bool) if g is None else t[y_key] == g
        order = np.argsort(t[x_key][sel])
        x, y, s = t[x_key][sel][order], amplitude[sel][order], sustained[sel][order]
        label = None if g is None else f"{short(y_key)} = {g:g}"
        ax.plot(x, y, color=color, label=label)
        ax.scatter(x[s], y[s], color=color, zorder=3)
        ax.scatter(x[~s], y[~s], facecolors="white", edgecolors=color, zorder=3)
        crit = t["critical_gain"][sel]
        if gain_axes and np.isfinite(crit).any():
            ax.axvline(np.nanmedian(crit), color=color, linestyle="--", linewidth=1.5)
    ax.set_xlabel(short(x_key))
    ax.set_ylabel("oscillation amplitude at the end (deg)")
    ax.set_title("Bifurcation diagram\nfilled: sustained (simulation); dashed: critical gain (analysis)", fontsize=14)
    if y_key is not None:
        ax.legend(fontsize=12)
    save(fig, "bifurcation.png")

    # Stability map over two keys, with the analytic boundary.
    if y_key is not None:
        xs, ys = sorted(set(t[x_key])), sorted(set(t[y_key]))
        grid = np.full((len(ys), len(xs)), np.nan)
        for xv, yv, v in zip(t[x_key], t[y_key], amplitude):
            grid[ys.index(yv), xs.index(xv)] = v
        fig, ax = plt.subplots(figsize=(10, 7))
        mesh = ax.pcolormesh(xs, ys, grid, shading="nearest", cmap="magma")
        fig.colorbar(mesh, ax=ax, label="oscillation amplitude at the end (deg)")
        if gain_axes:
            crit = [np.nanmedian(t["critical_gain"][t[y_key] == yv]) for yv in ys]
            ax.plot(crit, ys, color="cyan", linestyle="--", label="analytic boundary (critical gain)")
            ax.legend(loc="upper right", fontsize=12)
        else:
            stable = np.full_like(grid, np.nan)
            for xv, yv, v in zip(t[x_key], t[y_key], t["stable"]):
                stable[ys.index(yv), xs.index(xv)] = v
            ax.contour(xs, ys, stable, levels=[0.5], colors="cyan", linestyles="--")
        ax.set_xlabel(short(x_key))
        ax.set_ylabel(short(y_key))
        ax.set_title("Stability map: simulation (colour) and analysis (dashed)")
        save(fig, "stability_map.png")

    # Frequency: simulated where sustained, analytic Hopf frequency.
    f_key = y_key or x_key
    fig, ax = plt.subplots(figsize=(10, 6.5))
    order = np.argsort(t[f_key])
    keys, hopf = t[f_key][order], t["hopf_frequency"][order]
    firsts = np.unique(keys, return_index=True)[1]
    ax.plot(keys[firsts], hopf[firsts], color="black", label="Hopf frequency (analysis)")
    ax.scatter(t[f_key][sustained], t["oscillation_frequency"][sustained], color="tab:red", zorder=3,
               label="oscillation, sustained (simulation)")
    ax.set_xlabel(short(f_key))
    ax.set_ylabel("frequency (Hz)")
    ax.set_title("Clonus frequency")
    ax.legend(fontsize=12)
    save(fig, "frequency.png")
    for p in written:
        print(p)


if __name__ == "__main__":
    main()
