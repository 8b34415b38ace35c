#!/usr/bin/env bash
# One command from a fresh clone: install what is missing, build everything with warnings as
# errors (the CI preset) and run the whole test suite with CTest; then the same suite under
# AddressSanitizer + UndefinedBehaviorSanitizer (the debug preset, clang), the threading tests
# under ThreadSanitizer (the tsan preset), and each libFuzzer target for a fixed number of inputs
# from a fixed seed (or NMSIM_FUZZ_SECONDS each, if set). Between ci and debug, the web stage
# builds the teaching lab (WebAssembly, tools/lab.sh) and tests its engine under Node against the
# native one and its page in headless Chromium. docs/testing.md describes the stages.
# NMSIM_STAGES (default "ci web debug tsan fuzz") selects stages, e.g. NMSIM_STAGES=ci.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
nmsim_install_missing
nmsim_install_missing "${NMSIM_TEST_PACKAGES[@]}"
stages="${NMSIM_STAGES:-ci web debug tsan fuzz}"
jobs="$(nproc)"

stage() { echo "nmsim: stage $1 ($(date +%T))" >&2; }
for s in $stages; do
  case "$s" in
    ci)
      stage "ci: release build, warnings as errors, whole suite"
      nmsim_build ci
      ctest --preset ci -j "$jobs"
      ;;
    web)
      stage "web: the lab's WebAssembly engine under Node against the native engine; its page in headless Chromium"
      nmsim_build ci _nmsim  # the native engine (its Python module) the WebAssembly one is compared with
      "$NMSIM_ROOT/tools/lab.sh" --build-only
      PYTHONPATH="$NMSIM_ROOT/build/ci/python" PYTHONDONTWRITEBYTECODE=1 \
        /usr/bin/python3 -m pytest -q -p no:cacheprovider "$NMSIM_ROOT/tests/web"
      ;;
    debug)
      stage "debug: whole suite under AddressSanitizer + UndefinedBehaviorSanitizer"
      nmsim_build debug
      ctest --preset debug -j "$jobs"
      ;;
    tsan)
      stage "tsan: threading tests under ThreadSanitizer"
      nmsim_build tsan nmsim test_pipeline test_validation test_cli
      ctest --preset tsan -j "$jobs"
      ;;
    fuzz)
      stage "fuzz: libFuzzer targets, ${NMSIM_FUZZ_SECONDS:+$NMSIM_FUZZ_SECONDS s each}${NMSIM_FUZZ_SECONDS:-a fixed number of inputs each}"
      nmsim_build debug
      "$NMSIM_ROOT/tools/run_fuzzers.sh" "$NMSIM_ROOT/build/debug" ${NMSIM_FUZZ_SECONDS:+"$NMSIM_FUZZ_SECONDS"}
      ;;
    *) echo "nmsim: unknown stage '$s'" >&2; exit 2 ;;
  esac
done
