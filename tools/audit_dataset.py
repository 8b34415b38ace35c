#!/usr/bin/env python3
"""Leakage audit of an nmsim dataset (docs/datasets.md, "Leakage audit").

Trains simple models (logistic regression, shallow tree) on amplitude-only, metadata-only and
physiological-signature features with the file's own splits and reports how far above chance
they get; measures every label back from the EMG (fraction visible, onset errors, unlabelled
bursts, silent periods and rhythms).

    python3 tools/audit_dataset.py DATA.h5 [--key DATA.key.h5] [-o report.md] [--json report.json] [--strict]

Exit status: 0 when the audit ran (whatever it found), 1 with --strict when a criterion failed,
2 on bad input.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import nmsim_reader as nr  # noqa: E402
from audit.report import markdown, to_json  # noqa: E402
from audit.run import Thresholds, audit  # noqa: E402
from audit.signal import Detector  # noqa: E402


def write_atomic(path: str, text: str) -> None:
    folder = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=f".{os.path.basename(path)}.tmp-", dir=folder)
    umask = os.umask(0)
    os.umask(umask)
    try:
        os.fchmod(fd, 0o666 & ~umask)  # mkstemp makes 0600; give the report the usual mode
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="Leakage audit of an nmsim dataset.")
    p.add_argument("file", help="nmsim .h5 dataset (a blind export with --key)")
    p.add_argument("--key", help="answer key of a blind export: classes, splits, labels and events come from it")
    p.add_argument("-o", "--output", help="write the Markdown report here (default: standard output)")
    p.add_argument("--json", help="write the full results as JSON here ('-' = standard output)")
    p.add_argument("--strict", action="store_true", help="exit 1 when a criterion fails")
    p.add_argument("--leak-margin", type=float, default=0.25,
                   help="amplitude / metadata pass at most this far above chance (default 0.25)")
    p.add_argument("--signature-min", type=float, default=0.9,
                   help="the physiological signature passes above this balanced accuracy (default 0.9)")
    p.add_argument("--visible-min", type=float, default=0.95,
                   help="share of events marked visible that must be visible (default 0.95)")
    p.add_argument("--k", type=float, default=3.0, help="burst threshold: baseline + k SD (default 3)")
    p.add_argument("--silent-fraction", type=float, default=0.5,
                   help="silent period: envelope below this fraction of the tonic level (default 0.5)")
    p.add_argument("--min-beats", type=int, default=3, help="visible beats that make an episode visible (default 3)")
    p.add_argument("--label-column", action="append", default=[],
                   help="another /index column that summarises labels (kept out of metadata; repeatable)")
    p.add_argument("--quiet", action="store_true", help="no progress messages")
    args = p.parse_args(argv)
    for name in ("leak_margin", "signature_min", "visible_min", "k", "silent_fraction"):
        if not getattr(args, name) >= 0:
            p.error(f"--{name.replace('_', '-')} must be a non-negative number")
    try:
        result = audit(args.file, args.key, args.label_column,
                       Detector(k=args.k, silent_fraction=args.silent_fraction),
                       Thresholds(args.leak_margin, args.signature_min, args.visible_min),
                       progress=not args.quiet, min_beats=args.min_beats)
    except nr.TOOL_ERRORS as e:
        return nr.tool_error(e)
    text = markdown(result)
    if args.output:
        write_atomic(args.output, text)
    else:
        sys.stdout.write(text)
    if args.json == "-":
        sys.stdout.write(to_json(result) + "\n")
    elif args.json:
        write_atomic(args.json, to_json(result) + "\n")
    failed = not all(c["pass"] for c in result["criteria"])
    return 1 if (args.strict and failed) else 0


if __name__ == "__main__":
    sys.exit(main())
