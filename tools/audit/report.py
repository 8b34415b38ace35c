"""The audit's Markdown report (and the JSON one, with numpy values made plain)."""
from __future__ import annotations

import json
import math

from .run import reported

REFERENCE = {"labels": "reference: the label summaries are the answer",
             "amplitude_normalised": "reference: ratios that cancel the recording's gains measure the physiology "
                                     "(the response to stretch, co-contraction)",
             "internals": "reference: model internals are answer content of a full file; a blind export "
                          "must not carry them (judged with --key)"}


def _f(x, nd=3) -> str:
    return "-" if x is None or (isinstance(x, float) and math.isnan(x)) else f"{x:.{nd}f}"


def _pct(x) -> str:
    return "-" if x is None or (isinstance(x, float) and math.isnan(x)) else f"{100 * x:.1f} %"


def _model_cell(m: dict) -> str:
    hyper = {k: v for k, v in m.items() if k in ("L2", "depth")}
    (k, v), = hyper.items()
    lo, hi = m["test_ci95"]
    return f"{_f(m['test'])} [{_f(lo, 2)}, {_f(hi, 2)}] (val {_f(m['validation'])}, {k} {v})"


def markdown(r: dict) -> str:
    chance = r["chance"]
    lines = [f"# Leakage audit of `{r['file']}`", ""]
    lines.append(f"- answer key: `{r['key']}` (classes, splits, labels from the key; signals and metadata from the "
                 f"audited file)" if r["blind"] else "- answer key: none (everything from the one file)")
    lines.append(f"- {r['trials']} trials, {r['subjects']} subjects; classes "
                 + ", ".join(f"{c} {n}" for c, n in r["classes"].items())
                 + f"; chance = 1/{len(r['classes'])} = {chance:.3f}")
    lines.append("- splits: " + ", ".join(f"{s or '(none)'} {v['trials']} trials / {v['subjects']} subjects"
                                          for s, v in r["splits"].items()))
    lines.append(f"- protocol: {r['protocol']}")
    for n in r["notes"]:
        lines.append(f"- note: {n}")
    for n in r["file_findings"]:
        lines.append(f"- **file-level finding**: {n}")
    lines += ["", "## Classifiers", "",
              "Balanced accuracy on test [95 % interval over resampled test subjects] (validation score, chosen "
              "hyperparameter). Leak families report the better model on test; the signature reports the model "
              "its validation preferred.", "",
              "| family | features | logistic regression | decision tree | reported | above chance | judged |",
              "|---|---|---|---|---|---|---|"]
    judged = {c["criterion"].split(":")[0]: c for c in r["criteria"]}
    for name, fam in r["families"].items():
        c = judged.get(name)
        verdict = "reference" if c is None else f"{'PASS' if c['pass'] else 'FAIL'} ({c['criterion'].split(': ', 1)[1]})"
        if not fam["models"]:
            lines.append(f"| {name} | 0 | - | - | - | - | {verdict} |")
            continue
        m = reported(fam, leak=name != "signature")
        cells = [_model_cell(x) for x in fam["models"]]
        lines.append(f"| {name} | {fam['features']} | {cells[0]} | {cells[1]} | {_f(m['test'])} | "
                     f"{m['test'] - chance:+.3f} | {verdict} |")
    lines += ["", "Best single features (a depth-2 tree on one feature, balanced accuracy on test):", ""]
    for name, fam in r["families"].items():
        if fam["top_features"]:
            note = f" ({REFERENCE[name]})" if name in REFERENCE and not (name == "internals" and r["blind"]) else ""
            lines.append(f"- {name}{note}: " + ", ".join(f"`{n}` {_f(s)}" for n, s in fam["top_features"]))
    mb = r["measure_back"]
    lines += ["", "## Labels measured back from the EMG", "",
              f"Envelope detector: burst = level above local baseline + {r['detector']['k']:g} SD; silent period = "
              f"below {r['detector']['silent_fraction']:g} x the preceding tonic level. "
              + ("Events carry a `visible` flag." if mb["has_visible_column"] else
                 "The file has no `visible` column: every event counts as marked visible."), "",
              "| label | events | measured | marked visible | visible (marked visible) | visible (marked not) | "
              "onset error median / abs median / abs p90 (ms) | salience median (dB) | audit - file (dB) |",
              "|---|---|---|---|---|---|---|---|---|"]
    for label, e in mb["labels"].items():
        lines.append(f"| {label} | {e['events']} | {e['measured']} | {_pct(e['marked_visible'])} | "
                     f"{_pct(e['visible_of_claimed'])} | {_pct(e['visible_of_unclaimed'])} | "
                     f"{_f(e['onset_error_median_ms'], 1)} / {_f(e['onset_abs_error_median_ms'], 1)} / "
                     f"{_f(e['onset_abs_error_p90_ms'], 1)} | {_f(e['salience_audit_median_db'], 1)} | "
                     f"{_f(e['salience_audit_minus_file_median_db'], 1)} |")
    if mb["labels"]:
        lines += ["", "Visible fraction by class: " + "; ".join(
            f"{label}: " + ", ".join(f"{c} {_pct(v)}" for c, v in e["visible_by_class"].items())
            for label, e in mb["labels"].items())]
    lines += ["", "## Activity the detector finds, per trial", "",
              "Detector bursts, silent periods and rhythmic 1 s windows (envelope peak fraction and autocorrelation "
              "above threshold), unlabelled / labelled in that channel, summed over channels.", "",
              "| class | phase | bursts unlabelled | bursts labelled | silences unlabelled | silences labelled | "
              "rhythmic windows unlabelled | rhythmic windows labelled |", "|---|---|---|---|---|---|---|---|"]
    for cls, u in r["unlabelled"].items():
        n = max(u["trials"], 1)
        for phase, c in u["phases"].items():
            lines.append(f"| {cls} | {phase} | " + " | ".join(
                f"{c.get(f'{k}_{s}', 0.0) / n:.2f}" for k in ("bursts", "silences", "rhythmic_windows")
                for s in ("unlabelled", "labelled")) + " |")
    lines += ["", "## Criteria", ""]
    for c in r["criteria"]:
        value = "-" if c["value"] is None else _f(c["value"])
        worst = f" (worst: {c['worst']})" if c.get("worst") else ""
        lines.append(f"- {'PASS' if c['pass'] else 'FAIL'}: {c['criterion']}: {value}{worst}")
    lines.append(f"- overall: {'PASS' if all(c['pass'] for c in r['criteria']) else 'FAIL'}")
    return "\n".join(lines) + "\n"


def _plain(x):
    if isinstance(x, dict):
        return {str(k): _plain(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [_plain(v) for v in x]
    if hasattr(x, "item"):
        x = x.item()
    if isinstance(x, float) and not math.isfinite(x):
        return None
    return x


def to_json(r: dict) -> str:
    return json.dumps(_plain(r), indent=1)
