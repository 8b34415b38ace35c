#!/usr/bin/env python3
"""Draw the plots of an `nmsim score` report from its JSON (matplotlib only).

    python3 tools/score_report.py REPORT.json

For each scored label it writes, next to the JSON, REPORT_<label>_<kind>.png:
  pr       precision-recall (events, samples) and ROC (samples, trials) when scores exist
  latency  histograms of onset and offset errors of matched events
  classes  error classes after Ward, Lukowicz & Gellersen (2011), reference vs detections
  strata   recall, precision and F1 by stratum (trial strata and reference-event strata)
`nmsim score --plot` runs it and links the images from REPORT.md. Files are written
atomically (temporary name, then rename).
"""
import json
import os
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

DPI = 80


def save(fig, path):
    tmp = os.path.join(os.path.dirname(path) or ".", "." + os.path.basename(path) + ".tmp-%d" % os.getpid())
    fig.savefig(tmp, dpi=DPI, format="png", metadata={"Software": None})
    plt.close(fig)
    os.replace(tmp, path)


def pr_plot(name, lab, path):
    curves = lab.get("curves")
    if not curves:
        return False
    fig, (a, b) = plt.subplots(1, 2, figsize=(9, 3.8))
    ev, sm, tr = curves["event"], curves["samples"], curves["trials"]
    if ev["pr"]:
        a.plot([p[1] for p in ev["pr"]], [p[2] for p in ev["pr"]], "o-", ms=3,
               label="events (AP %s)" % fmt(ev["average_precision"]))
    if sm["pr"]:
        a.plot([p[1] for p in sm["pr"]], [p[2] for p in sm["pr"]], "-",
               label="samples (AP %s)" % fmt(sm["average_precision"]))
    a.set(xlabel="recall", ylabel="precision", xlim=(0, 1.02), ylim=(0, 1.02), title="precision-recall")
    a.legend(fontsize=8, loc="lower left")
    for c, lbl in ((sm, "samples"), (tr, "trials")):
        if c["roc"]:
            b.plot([0] + [p[1] for p in c["roc"]] + [1], [0] + [p[2] for p in c["roc"]] + [1], "-",
                   label="%s (AUROC %s)" % (lbl, fmt(c["auroc"])))
    b.plot([0, 1], [0, 1], ":", color="grey")
    b.set(xlabel="false-positive rate", ylabel="true-positive rate", xlim=(0, 1), ylim=(0, 1.02), title="ROC")
    b.legend(fontsize=8, loc="lower right")
    fig.suptitle(name)
    fig.tight_layout()
    save(fig, path)
    return True


def latency_plot(name, lab, path):
    lat = lab["latency_s"]
    if lat["onset"]["n"] == 0:
        return False
    fig, axes = plt.subplots(1, 2, figsize=(9, 3.2))
    for ax, which in zip(axes, ("onset", "offset")):
        h = lat[which]["histogram"]
        edges = [1000 * e for e in h["edges"]]
        ax.stairs(h["counts"], edges, fill=True, alpha=0.7)
        q = lat[which]["quantiles"]
        if q["median"] is not None:
            ax.axvline(1000 * q["median"], color="k", lw=1)
        ax.set(xlabel="%s error, detected - reference (ms)" % which, ylabel="matched events",
               title="%s: median %s ms (n = %d)" % (which, fmt(None if q["median"] is None else 1000 * q["median"], 0),
                                                    lat[which]["n"]))
    fig.suptitle(name)
    fig.tight_layout()
    save(fig, path)
    return True


def classes_plot(name, lab, path):
    ec = lab["overall"]["error_classes"]
    ref, det = ec["reference"], ec["detections"]
    if sum(ref.values()) + sum(det.values()) == 0:
        return False
    colours = {"correct": "#4c9a2a", "deleted": "#c0392b", "inserted": "#c0392b", "fragmented": "#e67e22",
               "fragmenting": "#e67e22", "merged": "#8e44ad", "merging": "#8e44ad",
               "fragmented_and_merged": "#2c3e50", "fragmenting_and_merging": "#2c3e50"}
    fig, ax = plt.subplots(figsize=(9, 2.6))
    for y, (row, counts) in enumerate((("reference events", ref), ("detections", det))):
        left = 0
        for k, v in counts.items():
            if v:
                ax.barh(y, v, left=left, color=colours[k], edgecolor="white")
                ax.text(left + v / 2, y, "%s\n%d" % (k.replace("_", " "), v), ha="center", va="center", fontsize=7,
                        color="white")
            left += v
    ax.set_yticks([0, 1], ["reference events", "detections"])
    ax.invert_yaxis()
    ax.set(xlabel="events", title="%s: error classes (Ward et al. 2011)" % name)
    fig.tight_layout()
    save(fig, path)
    return True


def strata_plot(name, lab, path):
    panels = [(s["column"], s["strata"], True) for s in lab.get("strata", []) if len(s["strata"]) >= 2]
    panels += [("event: " + s["column"], s["strata"], False) for s in lab.get("event_strata", []) if len(s["strata"]) >= 2]
    panels = panels[:9]
    if not panels:
        return False
    cols = min(3, len(panels))
    rows = (len(panels) + cols - 1) // cols
    fig, axes = plt.subplots(rows, cols, figsize=(3.6 * cols, 2.9 * rows), squeeze=False)
    for ax, (title, strata, trials) in zip(axes.flat, panels):
        xs = range(len(strata))
        ax.plot(xs, [nan(s["recall"]) for s in strata], "o-", label="recall")
        if trials:
            ax.plot(xs, [nan(s["precision"]) for s in strata], "s-", label="precision")
            ax.plot(xs, [nan(s["f1"]) for s in strata], "^-", label="F1")
        ax.set_xticks(list(xs), [s["stratum"] for s in strata], rotation=40, ha="right", fontsize=7)
        ax.set(ylim=(-0.02, 1.02), title=title)
        ax.title.set_fontsize(9)
    for ax in list(axes.flat)[len(panels):]:
        ax.axis("off")
    axes.flat[0].legend(fontsize=7)
    fig.suptitle("%s by stratum" % name)
    fig.tight_layout()
    save(fig, path)
    return True


def nan(x):
    return float("nan") if x is None else x


def fmt(x, digits=3):
    return "–" if x is None else "%.*f" % (digits, x)


def main(argv):
    if len(argv) != 2:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    path = argv[1]
    with open(path) as f:
        report = json.load(f)
    stem = path[:-5] if path.endswith(".json") else path
    for name, lab in report["labels"].items():
        for kind, draw in (("pr", pr_plot), ("latency", latency_plot), ("classes", classes_plot),
                           ("strata", strata_plot)):
            out = "%s_%s_%s.png" % (stem, name, kind)
            if not draw(name, lab, out) and os.path.exists(out):
                os.remove(out)  # a stale plot from an earlier report
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
