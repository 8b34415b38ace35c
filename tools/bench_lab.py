#!/usr/bin/env python3
"""Times the teaching lab in headless Chromium (docs/performance.md): loads build/lab, moves the
gain slider to each of a list of values, and reports the median and range of the page's own
figures for a slider move: the 5 s trial's simulation, and the whole update (simulation, linear
analysis and drawing). The first update (the engine warming up) is reported apart.

    /usr/bin/python3 tools/bench_lab.py [--site build/lab] [--moves 20]
"""
import argparse
import os
import statistics
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lab_browser import LabBrowser  # noqa: E402


def main() -> int:
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--site", default=os.path.join(root, "build", "lab"))
    ap.add_argument("--moves", type=int, default=20)
    args = ap.parse_args()
    if not os.path.isfile(os.path.join(args.site, "nmsim_engine.js")):
        print(f"{args.site} holds no built lab: run tools/lab.sh --build-only", file=sys.stderr)
        return 2
    gains = [1.0 + (5.0 * k) / max(1, args.moves - 1) for k in range(args.moves)]
    with LabBrowser(args.site) as page:
        page.open()
        first = page.wait_for(lambda s: s.get("ready") == "yes" and s.get("runs") == "1", 120, "the first trial")
        page.wait_for(lambda s: s.get("curveReady") == "yes", 120, "the Hopf curve")
        simulate, update = [], []
        for g in gains:
            runs = int(page.state()["runs"])
            page.evaluate(f"(() => {{ const e = document.getElementById('gain'); e.value = {g}; "
                          "e.dispatchEvent(new Event('input')); })()")
            s = page.wait_until_settled(runs)
            simulate.append(float(s["simulateMs"]))
            update.append(float(s["updateMs"]))
    print(f"first update (engine warming up): {float(first['updateMs']):.0f} ms")
    for name, v in (("5 s trial simulated", simulate), ("whole update", update)):
        print(f"{name}: median {statistics.median(v):.1f} ms, range {min(v):.1f}-{max(v):.1f} ms over {len(v)} slider moves")
    return 0


if __name__ == "__main__":
    sys.exit(main())
