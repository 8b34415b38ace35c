#!/usr/bin/env python3
"""Regenerate every published report card: docs/benchmarks.md and docs/benchmarks/.

    python3 tools/report_cards.py [--build build/default] [--data out/benchmarks] [-j 2]

For each bundled benchmark dataset (generated with `nmsim run` if its file is missing, or
always with --regenerate) it runs each baseline detector (`nmsim detect`), scores it
(`nmsim score --plot`) into docs/benchmarks/<dataset>__<card>.{json,md,png} and writes
docs/benchmarks.md: one summary table per dataset, linking every card. Rerun it whenever
the generator, the labels or a detector changes; the cards are only as current as this run.
"""
import argparse
import json
import os
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# (dataset, card name, detector, detect options, score options, what the card shows)
CARDS = [
    ("clonus_dataset", "clonus_wavelet", "clonus_wavelet", [], ["--labels", "clonus_episode,clonus_beat"],
     "Mummidisetty et al. (2012) wavelet-envelope contractions, grouped into episodes"),
    ("clonus_dataset", "clonus_wavelet_clear", "clonus_wavelet", [],
     ["--labels", "clonus_episode,clonus_beat", "--where", "phenotype=clonus", "--where", "gain_ratio>=1.5"],
     "the same on clearly clonic trials only (clonus class, reflex gain at least 1.5x the trial's critical gain)"),
    ("clonus_dataset", "tremor_band", "tremor_band", ["--rename", "tremor=clonus_episode"], ["--labels", "clonus_episode"],
     "3 s tremor-band windows used as a clonus detector"),
    ("clonus_dataset", "logistic", "logistic", [], ["--split", "test", "--labels", "clonus"],
     "logistic regression on window features, trained on train, scored on test"),
    ("myoclonus_origin_dataset", "myoclonus_45ms", "myoclonus_45ms", [], ["--labels", "myoclonic_burst,myoclonus_cortical"],
     "the 45 ms rule on clean posture recordings of cortical and non-cortical myoclonus (the published population)"),
    ("wrist_dataset", "myoclonus_45ms", "myoclonus_45ms", [], ["--labels", "myoclonic_burst,myoclonus_cortical"],
     "Hodges & Bui (1996) bursts (local baseline) and the 45 ms cortical rule"),
    ("wrist_dataset", "burst_onsets_rest", "burst_onsets", ["--param", "baseline=0"], ["--labels", "myoclonic_burst"],
     "Hodges & Bui (1996) bursts against the rest baseline, as published"),
    ("wrist_dataset", "dystonia_cci", "dystonia_cci", [], ["--labels", "dystonia"],
     "co-contraction index of flexor and extensor envelopes"),
    ("wrist_dataset", "dystonia_mdf", "dystonia_mdf", [], ["--labels", "dystonia"],
     "Go et al. (2014) median frequency below 70 Hz"),
    ("wrist_dataset", "tremor_band", "tremor_band", ["--rename", "tremor=dystonia_tremor"], ["--labels", "dystonia_tremor"],
     "3 s tremor-band windows against the dystonic-tremor labels"),
    ("wrist_dataset", "logistic", "logistic", [], ["--split", "test", "--labels", "dystonia,myoclonus"],
     "logistic regression on window features, trained on train, scored on test"),
]


# (dataset, card, label, quantity, published figure, JSON path in the label's report)
PUBLISHED = [
    ("clonus_dataset", "clonus_wavelet", "clonus_episode", "frequency ICC(A,1), matched episodes", "0.949",
     "value_errors.frequency.icc_a1"),
    ("clonus_dataset", "clonus_wavelet", "clonus_beat", "contraction duration ICC(A,1)", "0.852",
     "value_errors.duration.icc_a1"),
    ("clonus_dataset", "clonus_wavelet_clear", "clonus_episode", "frequency ICC(A,1), clearly clonic trials", "0.949",
     "value_errors.frequency.icc_a1"),
    ("clonus_dataset", "clonus_wavelet_clear", "clonus_beat", "contraction duration ICC(A,1), clearly clonic trials",
     "0.852", "value_errors.duration.icc_a1"),
    ("myoclonus_origin_dataset", "myoclonus_45ms", "myoclonus_cortical", "trial sensitivity (cortical), clean set",
     "1.000", "overall.trial_level.sensitivity"),
    ("myoclonus_origin_dataset", "myoclonus_45ms", "myoclonus_cortical", "trial specificity, clean set", "0.895",
     "overall.trial_level.specificity"),
    ("wrist_dataset", "myoclonus_45ms", "myoclonus_cortical", "trial sensitivity (cortical)", "1.000",
     "overall.trial_level.sensitivity"),
    ("wrist_dataset", "myoclonus_45ms", "myoclonus_cortical", "trial specificity", "0.895",
     "overall.trial_level.specificity"),
    ("wrist_dataset", "dystonia_mdf", "dystonia", "trial sensitivity", "0.73", "overall.trial_level.sensitivity"),
    ("wrist_dataset", "dystonia_mdf", "dystonia", "trial specificity", "0.63", "overall.trial_level.specificity"),
    ("wrist_dataset", "tremor_band", "dystonia_tremor", "trial sensitivity (tremor)", "0.848",
     "overall.trial_level.sensitivity"),
    ("wrist_dataset", "tremor_band", "dystonia_tremor", "trial specificity", "0.965", "overall.trial_level.specificity"),
]


def load(cards_dir, dataset, card):
    with open(os.path.join(cards_dir, "%s__%s.json" % (dataset, card))) as f:
        return json.load(f)


def get(obj, path):
    for k in path.split("."):
        if not isinstance(obj, dict) or k not in obj:
            return None
        obj = obj[k]
    return obj


def run(cmd):
    print("+", " ".join(cmd), flush=True)
    subprocess.run(cmd, check=True, cwd=ROOT)


def fmt(x, digits=3):
    return "–" if x is None else "%.*f" % (digits, x)


def burst_width_section(data):
    """Markdown: does myoclonus_origin_dataset's EMG hold its labelled burst durations, and does
    the 45 ms rule's burst detector measure them? (tools/burst_widths.py)"""
    h5 = os.path.join(data, "myoclonus_origin_dataset.h5")
    det = os.path.join(data, "myoclonus_origin_dataset__myoclonus_45ms.csv")
    if not (os.path.exists(h5) and os.path.exists(det)):
        return []
    sys.path.insert(0, os.path.join(ROOT, "tools"))
    import burst_widths as bw
    import nmsim_reader as nr
    with nr.open_dataset(h5) as f:
        bursts, emg = bw.labelled_bursts(f)
    out = ["", "**Why the 45 ms rule misses on the clean set.** The EMG holds the labelled durations: averaged",
           "over the bursts of each 10 ms duration bin, the rectified EMG is as wide at half height as",
           "the labels say (bursts under ~30 ms are widened by the ~10 ms motor-unit action potentials).",
           "The burst detector's per-burst duration, measured on one noisy envelope at half its peak,",
           "follows them only in part, so mean durations of cortical and non-cortical trials overlap",
           "around the 45 ms cut-off (`/usr/bin/python3 tools/burst_widths.py` reproduces this):", "",
           "| labelled duration (ms) | bursts | mean EMG envelope width at half height (ms) |", "|---|---|---|"]
    for key, n, width in bw.width_table(bursts, emg):
        out.append("| %d | %d | %.1f |" % (key, n, width))
    n, bias, mae, slope = bw.detector_agreement(bursts, det)
    if bias is not None:
        out += ["", "Detected against labelled burst durations: %d paired bursts, mean error %+.1f ms, mean absolute"
                " error %.1f ms, slope %.2f (1 would be exact)." % (n, 1000 * bias, 1000 * mae, slope)]
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    ap.add_argument("--build", default="build/default")
    ap.add_argument("--data", default="out/benchmarks")
    ap.add_argument("-j", "--threads", default="2")
    ap.add_argument("--regenerate", action="store_true", help="simulate the datasets even if their files exist")
    ap.add_argument("--tables-only", action="store_true", help="rewrite docs/benchmarks.md from the existing cards")
    a = ap.parse_args()
    nmsim = os.path.join(ROOT, a.build, "nmsim")
    data = os.path.join(ROOT, a.data)
    cards_dir = os.path.join(ROOT, "docs", "benchmarks")
    os.makedirs(data, exist_ok=True)
    os.makedirs(cards_dir, exist_ok=True)
    timings = {}
    for dataset in sorted({c[0] for c in CARDS}) if not a.tables_only else []:
        h5 = os.path.join(data, dataset + ".h5")
        if a.regenerate or not os.path.exists(h5):
            t0 = time.time()
            run([nmsim, "run", "scenarios/%s.yaml" % dataset, "-o", h5, "-j", a.threads, "-q"])
            timings[dataset] = time.time() - t0
    for dataset, card, detector, dopts, sopts, _ in CARDS if not a.tables_only else []:
        h5 = os.path.join(data, dataset + ".h5")
        det = os.path.join(data, "%s__%s.csv" % (dataset, card))
        run([nmsim, "detect", detector, h5, "-o", det, "-q"] + dopts)
        # Paths relative to the checkout (the cards quote them), as `run` works from there.
        run([nmsim, "score", os.path.relpath(h5, ROOT), os.path.relpath(det, ROOT),
             "-o", os.path.relpath(os.path.join(cards_dir, "%s__%s" % (dataset, card)), ROOT), "--plot", "-q"] + sopts)

    out = ["# Baseline report cards", "",
           "Generated by `/usr/bin/python3 tools/report_cards.py` (do not edit by hand): every baseline detector of",
           "`nmsim detect` on every bundled benchmark, scored by `nmsim score` (conventions in docs/scoring.md).",
           "Each card links to its full page with error classes, latencies, per-channel figures, curves and",
           "every stratum. Figures are events unless marked; `–` means undefined (e.g. no detections).", ""]
    for dataset in sorted({c[0] for c in CARDS}):
        out += ["## `%s` (scenarios/%s.yaml)" % (dataset, dataset), "",
                "| card | what it shows | label | trials | precision | recall | F1 | false alarms/min | sample F1 | "
                "trial sensitivity | trial specificity |",
                "|---|---|---|---|---|---|---|---|---|---|---|"]
        for ds, card, detector, _, sopts, what in CARDS:
            if ds != dataset:
                continue
            name = "%s__%s" % (ds, card)
            with open(os.path.join(cards_dir, name + ".json")) as f:
                rep = json.load(f)
            for label, lab in rep["labels"].items():
                o = lab["overall"]
                out.append("| [%s](benchmarks/%s.md) | %s | `%s` | %d | %s | %s | %s | %s | %s | %s | %s |" % (
                    card, name, what, label, o["trials"], fmt(o["precision"]), fmt(o["recall"]), fmt(o["f1"]),
                    fmt(o["false_alarms_per_minute"], 2), fmt(o["samples"]["f1"]),
                    fmt(o["trial_level"]["sensitivity"]), fmt(o["trial_level"]["specificity"])))
        out.append("")
    out += ["## Against the published figures", "",
            "The papers' figures come from their own patients and conventions (docs/scoring.md gives the",
            "sources); here the same quantity is measured on nmsim's truth.", "",
            "| card | label | quantity | published | here |", "|---|---|---|---|---|"]
    for ds, card, label, what, published, path in PUBLISHED:
        rep = load(cards_dir, ds, card)
        if label in rep["labels"]:
            out.append("| [%s / %s](benchmarks/%s__%s.md) | `%s` | %s | %s | %s |" % (
                ds, card, ds, card, label, what, published, fmt(get(rep["labels"][label], path))))
    out += burst_width_section(data)
    out += ["",
            "Why figures can differ: the 45 ms rule was published for recordings already known to hold",
            "myoclonic jerks; here it classifies every burst that the onset detector reports, writing",
            "activity and dystonic spasms included, so its specificity measures the burst detector as",
            "well. The ICCs here are over every matched event of a thousand trials, the papers' over a",
            "few dozen hand-marked ones.",
            "", "## Where the baselines fail: by class", "",
            "Each card's figures by the `phenotype` stratum of `/index` (all strata, including every",
            "`value:` column and the reference-event columns, are on the card's page). Look-alike classes",
            "show up as false alarms in classes without the label; hard cases as low recall.", ""]
    for ds, card, detector, _, sopts, what in CARDS:
        rep = load(cards_dir, ds, card)
        for label, lab in rep["labels"].items():
            strata = [s for s in lab["strata"] if s["column"] == "phenotype"]
            if not strata:
                continue
            out += ["**%s / %s, `%s`**" % (ds, card, label), "",
                    "| class | trials | reference | detections | precision | recall | false alarms/min | sample F1 |",
                    "|---|---|---|---|---|---|---|---|"]
            for b in strata[0]["strata"]:
                out.append("| %s | %d | %d | %d | %s | %s | %s | %s |" % (
                    b["stratum"], b["trials"], b["reference_events"], b["detections"], fmt(b["precision"]),
                    fmt(b["recall"]), fmt(b["false_alarms_per_minute"], 2), fmt(b["samples"]["f1"])))
            out.append("")
    out += ["Difficulty coordinates that the generator adds later (ratio to the critical gain, SNR,",
            "salience, edge-case tags) appear as strata on every card when this script is rerun.", ""]
    tmp = os.path.join(ROOT, "docs", ".benchmarks.md.tmp")
    with open(tmp, "w") as f:
        f.write("\n".join(out))
    os.replace(tmp, os.path.join(ROOT, "docs", "benchmarks.md"))
    for k, v in timings.items():
        print("generated %s in %.0f s" % (k, v))
    return 0


if __name__ == "__main__":
    sys.exit(main())
