#!/usr/bin/env python3
"""Speed of the Python module (docs/performance.md, "Python module").

1. Per trial: nmsim.simulate("ankle_clonus") (one 30 s trial) against the engine alone, which
   is the Google Benchmark BM_ClonusTrialEngineFromFile (YAML, model and run, without Python)
   when --bench gives the nmsim_bench program.
2. simulate_many on 1 and 2 threads: trials per second.
3. Windows per second streamed into a PyTorch DataLoader (back-to-back windows of --window s
   of clonus_dataset trials, each simulated on the fly, batch 64) with 0 and 2 worker
   processes, if torch is installed. The time includes starting the workers.

Usage: PYTHONPATH=build/default/python /usr/bin/python3 tools/bench_python.py \
           [--bench build/default/tools/bench/nmsim_bench] [--reps 9] [--trials 80] [--window 2]
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import time

import nmsim


def timed(fn, reps):
    """Median wall and CPU seconds (of this process) of fn() over reps calls, after one warm-up."""
    fn()
    walls, cpus = [], []
    for _ in range(reps):
        w, c = time.perf_counter(), time.process_time()
        fn()
        walls.append(time.perf_counter() - w)
        cpus.append(time.process_time() - c)
    return statistics.median(walls), statistics.median(cpus)


def engine_alone(bench, reps):
    out = subprocess.run([bench, "--benchmark_filter=^BM_ClonusTrialEngineFromFile/", "--benchmark_format=json",
                          "--benchmark_repetitions=%d" % reps, "--benchmark_report_aggregates_only=true"],
                         check=True, capture_output=True, text=True).stdout
    rows = {b["aggregate_name"]: b for b in json.loads(out)["benchmarks"] if b.get("run_type") == "aggregate"}
    return rows["median"]["real_time"] / 1e3, rows["median"]["cpu_time"] / 1e3  # ms -> s


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--bench", help="the nmsim_bench program, for the engine-alone figure")
    ap.add_argument("--reps", type=int, default=9)
    ap.add_argument("--trials", type=int, default=80, help="clonus_dataset trials streamed into the DataLoader")
    ap.add_argument("--window", type=float, default=2.0, help="window length, s")
    a = ap.parse_args()

    wall, cpu = timed(lambda: nmsim.simulate("ankle_clonus"), a.reps)
    print("nmsim.simulate(ankle_clonus), one 30 s trial: median %.1f ms wall, %.1f ms CPU" % (wall * 1e3, cpu * 1e3))
    if a.bench:
        ew, ec = engine_alone(a.bench, a.reps)
        print("engine alone (BM_ClonusTrialEngineFromFile): median %.1f ms wall, %.1f ms CPU" % (ew * 1e3, ec * 1e3))
        print("module / engine: wall %.3f, CPU %.3f; overhead %.2f ms per trial" % (wall / ew, cpu / ec, (wall - ew) * 1e3))

    items = [{"parameters.spinal.reflex_gain": 1.0 + 0.25 * i} for i in range(8)]
    for threads in (1, 2):
        w, _ = timed(lambda: nmsim.simulate_many(items, scenario="ankle_clonus", threads=threads), max(3, a.reps // 3))
        print("simulate_many, 8 trials of 30 s, %d thread(s): %.2f s wall, %.1f trials/s" % (threads, w, len(items) / w))

    try:
        import torch
    except ImportError:
        print("torch is not installed: no DataLoader figure (Debian: apt install python3-torch)")
        return
    torch.set_num_threads(1)
    ds = nmsim.Dataset("clonus_dataset")
    for workers in (0, 2):
        stream = nmsim.WindowStream(ds, a.window, indices=range(a.trials), shuffle=True)
        loader = torch.utils.data.DataLoader(nmsim.torch_windows(stream), batch_size=64, num_workers=workers)
        start = time.perf_counter()
        windows = sum(int(emg.shape[0]) for emg, _, _ in loader)
        w = time.perf_counter() - start
        print("DataLoader, %d worker(s), %d trials of 12 s, %g s windows: %d windows in %.2f s, %.0f windows/s "
              "(%.0f x real time)" % (workers, a.trials, a.window, windows, w, windows / w, a.trials * 12.0 / w))


if __name__ == "__main__":
    main()
