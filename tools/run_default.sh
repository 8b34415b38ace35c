#!/usr/bin/env bash
# One command from a fresh clone: install what is missing, build, and generate the bundled
# default dataset (scenarios/ankle_clonus.yaml) into out/ankle_clonus.h5.
# Extra arguments are passed to `nmsim run` (e.g. --set parameters.spinal.reflex_gain=1).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
nmsim_install_missing
nmsim_build default nmsim _nmsim  # the executable and the Python module (docs/python.md)
mkdir -p "$NMSIM_ROOT/out"
exec "$NMSIM_ROOT/build/default/nmsim" run "$NMSIM_ROOT/scenarios/ankle_clonus.yaml" \
  -o "$NMSIM_ROOT/out/ankle_clonus.h5" "$@"
