#!/usr/bin/env bash
# Times two commands against each other: A and B run alternately N times (default 7), each
# pinned to core 0, and the script prints both medians of wall time and the median of the
# pair-by-pair ratio A/B (pairing cancels slow drifts of the machine between runs).
# Usage: tools/bench_pair.sh [-n N] "COMMAND A" "COMMAND B"
set -euo pipefail
n=7
if [ "${1:-}" = "-n" ]; then n="$2"; shift 2; fi
[ $# -eq 2 ] || { echo "usage: $0 [-n N] \"COMMAND A\" \"COMMAND B\"" >&2; exit 2; }
wall() {  # wall seconds of one pinned run of "$1"
  local s e
  s=$(date +%s.%N)
  taskset -c 0 bash -c "$1" >/dev/null
  e=$(date +%s.%N)
  echo "$e - $s" | bc -l
}
median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
a=() b=() r=()
for _ in $(seq "$n"); do
  ta=$(wall "$1"); tb=$(wall "$2")
  a+=("$ta") b+=("$tb") r+=("$(echo "$ta / $tb" | bc -l)")
done
printf 'A: median %.3f s\nB: median %.3f s\nA/B: median %.3f (pair by pair, %d pairs)\n' \
  "$(printf '%s\n' "${a[@]}" | median)" "$(printf '%s\n' "${b[@]}" | median)" \
  "$(printf '%s\n' "${r[@]}" | median)" "$n"
