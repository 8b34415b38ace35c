#!/usr/bin/env bash
# Times the standard 30 s ankle-clonus trial end to end (model + EMG + HDF5 write) with the
# built nmsim, N repeats, and prints the median wall time and real-time factor.
# Usage: tools/bench_trial.sh [BUILD_DIR] [REPEATS]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${1:-$root/build/default}"
n="${2:-7}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
times=()
for i in $(seq "$n"); do
  s=$(date +%s.%N)
  taskset -c 0 "$build/nmsim" run "$root/scenarios/ankle_clonus.yaml" -o "$tmp/t.h5" -q
  e=$(date +%s.%N)
  times+=("$(echo "$e - $s" | bc -l)")
done
median=$(printf '%s\n' "${times[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
printf 'standard 30 s ankle clonus trial: median %.3f s over %d runs (one core) -> %.0fx real time\n' \
  "$median" "$n" "$(echo "30 / $median" | bc -l)"
