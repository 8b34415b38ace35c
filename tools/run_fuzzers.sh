#!/usr/bin/env bash
# Runs every libFuzzer program of a debug-preset build for SECONDS each, from the committed seed
# corpus (tests/fuzz/corpus/<target>, tests/fuzz/regressions/<target>, and for scenarios the
# bundled scenarios). New corpus entries go to a scratch folder, never into the repository.
# A crash fails the run; its input is copied to tests/fuzz/regressions/<target>/, where the
# replay test (Fuzz.<target>.Replay) keeps it as a regression test once committed.
# libFuzzer's seed is NMSIM_FUZZ_SEED (default 1: the same sequence of mutations each run; 0: a new seed).
# Without SECONDS each target runs a fixed number of inputs (runs_of below, about 20 s each on a
# 2-core machine under the sanitizers): with the fixed seed that is the same inputs on every
# machine, so the test command's fuzz stage passes or fails the same way here and in CI. That
# needs two more things: no periodic corpus reload (-reload=0) and no address-space randomisation
# (setarch -R), because comparison tracing and coverage see addresses. With SECONDS each target
# runs for that long instead, for exploring (with NMSIM_FUZZ_SEED=0).
# Usage: tools/run_fuzzers.sh BUILD_DIR [SECONDS]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="$1"
seconds="${2:-}"
runs_of() {
  case "$1" in
    scenario_reader) echo 20000 ;;
    set_parser) echo 60000 ;;
    part_reader) echo 1000000 ;;
    dataset_reader) echo 12000 ;;
  esac
}
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1" UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"
export LSAN_OPTIONS="suppressions=$root/tests/sanitizers/lsan.supp:print_suppressions=0"
fixed=()
if setarch "$(uname -m)" -R true 2>/dev/null; then
  fixed=(setarch "$(uname -m)" -R)
else
  echo "nmsim: setarch -R is not permitted here; the fuzz inputs may differ from run to run" >&2
fi
status=0
for target in scenario_reader set_parser part_reader dataset_reader; do
  program="$build/tests/fuzz/fuzz_$target"
  seeds=("$root/tests/fuzz/corpus/$target")
  [ -d "$root/tests/fuzz/regressions/$target" ] && seeds+=("$root/tests/fuzz/regressions/$target")
  [ "$target" = scenario_reader ] && seeds+=("$root/scenarios")
  mkdir -p "$scratch/$target" "$scratch/crashes-$target"
  if [ -n "$seconds" ]; then
    budget=(-max_total_time="$seconds")
    echo "nmsim: fuzzing $target for $seconds s" >&2
  else
    budget=(-runs="$(runs_of "$target")")
    echo "nmsim: fuzzing $target for $(runs_of "$target") inputs" >&2
  fi
  if ! "${fixed[@]}" "$program" "${budget[@]}" -reload=0 -seed="${NMSIM_FUZZ_SEED:-1}" -timeout=30 -rss_limit_mb=4096 -print_final_stats=1 \
       -artifact_prefix="$scratch/crashes-$target/" "$scratch/$target" "${seeds[@]}" 2> "$scratch/$target.log"; then
    tail -n 60 "$scratch/$target.log" >&2
    mkdir -p "$root/tests/fuzz/regressions/$target"
    cp "$scratch/crashes-$target/"* "$root/tests/fuzz/regressions/$target/" 2>/dev/null || true
    echo "nmsim: fuzz target $target failed; its input is in tests/fuzz/regressions/$target/" >&2
    status=1
  else
    grep -E "stat::number_of_executed_units|stat::peak_rss_mb" "$scratch/$target.log" | sed "s/^/  $target: /" >&2 || true
  fi
done
exit $status
