#!/usr/bin/env bash
# Dataset-generation throughput and memory: a mixed healthy/clonus dataset of N trials, generated
# with `-j 1` (pinned to one CPU) and `-j 2` (pinned to two); prints trials/s, simulated s per
# wall s, peak resident memory and file size per run, then a summary per thread count and the
# ratio of the rates. On a shared machine other processes steal CPU time: each run also prints
# "others", the CPU time other processes used during it (in CPUs), and the summary (best, median
# and worst rate of each thread count) is taken over the runs with others < 0.05 (over all runs
# if there are none).
# Usage: tools/bench_dataset.sh [BUILD_DIR] [N ...]
# Environment:
#   NMSIM_BENCH_DIR      folder for the scenario and output (default /tmp; /dev/shm avoids the disk)
#   NMSIM_BENCH_REPEAT   runs of each configuration, interleaved (default 1)
#   NMSIM_BENCH_THREADS  thread counts to run (default "1 2"); -j N runs on CPUs 0 … N−1
#   NMSIM_BENCH_SHORT=1  0.3 s trials instead of 6.5 s: per-trial bookkeeping dominates (memory)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${1:-$root/build/default}"
shift || true
sizes=("${@:-1000}")
repeat="${NMSIM_BENCH_REPEAT:-1}"
read -r -a thread_counts <<< "${NMSIM_BENCH_THREADS:-1 2}"
if [[ "${NMSIM_BENCH_SHORT:-0}" == 1 ]]; then
  rest=0.05 hold=0.03 release=0.02 seconds=0.3
else
  rest=1.0 hold=5.0 release=0.3 seconds=6.5
fi
# CPU time all processes have used so far, in clock ticks (user, nice, system, irq, softirq, steal).
busy_ticks() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9; exit }' /proc/stat; }
tmp="$(mktemp -d "${NMSIM_BENCH_DIR:-/tmp}/nmsim-bench.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
for n in "${sizes[@]}"; do
  subjects=$(( n / 10 ))
  sed -e "s#model: ankle#model: $root/models/ankle.yaml#" \
      -e "s#{name: rest, duration: 1.0}#{name: rest, duration: $rest}#" \
      -e "s#{name: hold, duration: 25.0, load_torque: 4.0}#{name: hold, duration: $hold, load_torque: 4.0}#" \
      -e "s#{name: release, duration: 3.8}#{name: release, duration: $release}#" \
      "$root/scenarios/ankle_clonus.yaml" > "$tmp/s.yaml"
  cat >> "$tmp/s.yaml" <<YAML
dataset:
  subjects: $subjects
  trials_per_subject: 10
  classes:
    healthy: {proportion: 0.5, set: {parameters.spinal.reflex_gain: 1.0}}
    clonus: {proportion: 0.5, set: {parameters.spinal.reflex_gain: 6.0}}
  vary:
    - {path: parameters.defaults.reflex.delay, level: subject, distribution: uniform, min: 0.035, max: 0.045}
    - {path: 'protocol[2].load_torque', level: trial, distribution: normal, mean: 4.0, sd: 0.5, min: 3.0, max: 5.0}
  splits: {train: 0.8, test: 0.2}
YAML
  : > "$tmp/rates"
  for ((rep = 1; rep <= repeat; ++rep)); do
    for threads in "${thread_counts[@]}"; do
      busy_before=$(busy_ticks)
      /usr/bin/time -f "%e %M %U %S" -o "$tmp/time" taskset -c "0-$(( threads - 1 ))" \
          "$build/nmsim" run "$tmp/s.yaml" -o "$tmp/d.h5" -j "$threads" -q
      busy_after=$(busy_ticks)
      read -r wall rss_kb user sys < "$tmp/time"
      size=$(stat -c %s "$tmp/d.h5")
      awk -v n="$n" -v t="$threads" -v w="$wall" -v r="$rss_kb" -v s="$size" -v sec="$seconds" \
          -v busy="$(( busy_after - busy_before ))" -v hz="$(getconf CLK_TCK)" -v own="$user + $sys" 'BEGIN {
        split(own, o, " [+] "); others = (busy / hz - o[1] - o[2]) / w; if (others < 0) others = 0
        printf "%6d trials, -j %d: %7.2f s wall, %6.1f trials/s, %5.0fx real time, peak RSS %5.1f MiB, file %7.1f MiB, others %.2f\n",
               n, t, w, n / w, n * sec / w, r / 1024, s / 1048576, others
        printf "%d %.6f %.4f\n", t, n / w, others >> "'"$tmp/rates"'" }' 
      rm -f "$tmp/d.h5"
    done
  done
  # Per thread count: its quiet runs, or all its runs if none was quiet.
  awk '{ all[NR] = $0; t[NR] = $1; if ($3 < 0.05) quiet[$1] = 1 }
       END { for (i = 1; i <= NR; ++i) { split(all[i], f, " ");
               if (!quiet[t[i]] || f[3] < 0.05) print all[i], (quiet[t[i]] ? "quiet" : "all") } }' "$tmp/rates" |
    sort -n -k1,1 -k2,2g | awk -v n="$n" '
    { rate[$1, ++count[$1]] = $2; note[$1] = $4 == "quiet" ? "runs with others < 0.05" : "all runs: none was quiet" }
    END {
      for (t = 1; t <= 64; ++t) {
        if (!count[t]) continue
        k = count[t]; best[t] = rate[t, k]
        median[t] = k % 2 ? rate[t, (k + 1) / 2] : (rate[t, k / 2] + rate[t, k / 2 + 1]) / 2
        printf "%6d trials, -j %d: best %.1f, median %.1f, worst %.1f trials/s of %d runs (%s)\n",
               n, t, best[t], median[t], rate[t, 1], k, note[t]
      }
      if (count[1] && count[2])
        printf "%6d trials: -j 2 / -j 1 = %.2f (best), %.2f (median)\n", n, best[2] / best[1], median[2] / median[1]
    }'
done
