#!/usr/bin/env bash
# One command from a fresh clone: install what is missing, build everything with warnings as
# errors (the CI preset), and run the whole test suite with CTest.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
nmsim_install_missing
nmsim_build ci
ctest --preset ci -j "$(nproc)"
