#!/usr/bin/env bash
# Installs nmsim's build dependencies from Debian (when missing) and builds with a CMake
# preset. Sourced by tools/run_default.sh and tools/run_tests.sh; safe to run repeatedly.
set -euo pipefail

NMSIM_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
NMSIM_PACKAGES=(cmake g++ make libboost-dev libeigen3-dev libhdf5-dev libyaml-cpp-dev libcli11-dev
                librandom123-dev libgtest-dev libbenchmark-dev python3 python3-numpy python3-h5py
                python3-matplotlib python3-pytest libopenmpi-dev openmpi-bin clang libfuzzer-14-dev
                pkg-config libmatio-dev pybind11-dev python3-dev)
# Only the test stage needs these (tools/run_tests.sh): GNU Octave reads nmsim export-mat's files;
# PyTorch (Debian 1.13) runs the Python module's DataLoader adapter for real, and pandas its
# DataFrame views of events and detections; Chromium (driven over its DevTools protocol with
# python3-websocket) loads the teaching lab, whose own script (tools/lab.sh) installs emscripten.
NMSIM_TEST_PACKAGES=(octave python3-torch python3-pandas chromium python3-websocket)

# nmsim_install_missing [PACKAGE...]: installs those of the packages (default NMSIM_PACKAGES)
# that are missing, without recommended packages.
nmsim_install_missing() {
  local missing=()
  local wanted=("$@")
  [ ${#wanted[@]} -gt 0 ] || wanted=("${NMSIM_PACKAGES[@]}")
  for p in "${wanted[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "nmsim: installing ${missing[*]}" >&2
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

# nmsim_build PRESET [TARGET...]
nmsim_build() {
  local preset="$1"
  shift
  cmake --preset "$preset" -S "$NMSIM_ROOT" >/dev/null
  cmake --build --preset "$preset" -j "$(nproc)" ${1:+--target "$@"}
}
