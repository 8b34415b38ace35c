#!/usr/bin/env bash
# Dataset-generation throughput and memory: a mixed healthy/clonus dataset of N short trials
# (6.5 s each), generated with 1 and 2 threads; prints trials/s, simulated s per wall s, peak
# resident memory and file size. Usage: tools/bench_dataset.sh [BUILD_DIR] [N ...]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${1:-$root/build/default}"
shift || true
sizes=("${@:-1000}")
tmp="$(mktemp -d "${NMSIM_BENCH_DIR:-/tmp}/nmsim-bench.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
for n in "${sizes[@]}"; do
  subjects=$(( n / 10 ))
  sed -e "s#model: ankle#model: $root/models/ankle.yaml#" \
      -e 's#{name: hold, duration: 25.0, load_torque: 4.0}#{name: hold, duration: 5.0, load_torque: 4.0}#' \
      -e 's#{name: release, duration: 3.8}#{name: release, duration: 0.3}#' \
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
  # "1 core": one simulation thread and the writer pinned to one CPU; "2 threads": both CPUs.
  for config in "1 core:1:0" "1 thread:1:0,1" "2 threads:2:0,1"; do
    IFS=: read -r label threads cpus <<< "$config"
    /usr/bin/time -f "%e %M" -o "$tmp/time" taskset -c "$cpus" "$build/nmsim" run "$tmp/s.yaml" -o "$tmp/d.h5" -j "$threads" -q
    read -r wall rss_kb < "$tmp/time"
    size=$(stat -c %s "$tmp/d.h5")
    awk -v n="$n" -v t="$label" -v w="$wall" -v r="$rss_kb" -v s="$size" 'BEGIN {
      printf "%6d trials, %-9s: %7.1f s wall, %6.1f trials/s, %5.0fx real time, peak RSS %5.1f MiB, file %6.1f MiB\n",
             n, t, w, n / w, n * 6.5 / w, r / 1024, s / 1048576 }'
    rm -f "$tmp/d.h5"
  done
done
