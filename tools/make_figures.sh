#!/usr/bin/env bash
# Regenerates the trial figures in docs/figures/ from the bundled scenarios.
#   tools/make_figures.sh [BUILD_DIR]      (default build/default)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
nmsim="${1:-$root/build/default}/nmsim"
python=/usr/bin/python3  # Debian's, which has h5py and matplotlib
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# figure  scenario  start stop
figures=(
  "ankle_clonus ankle_clonus 0.5 4"
  "ankle_clonus_steady ankle_clonus 10 11"
  "writers_cramp wrist_writers_cramp 0 10"
  "cervical_dystonia cervical_dystonia 0 12"
  "cortical_myoclonus cortical_reflex_myoclonus 1 5"
  "negative_myoclonus negative_myoclonus 1 6"
  "propriospinal_myoclonus propriospinal_myoclonus 1 6"
)
for entry in "${figures[@]}"; do
  read -r name scenario start stop <<<"$entry"
  h5="$work/$scenario.h5"
  [ -f "$h5" ] || "$nmsim" run "$root/scenarios/$scenario.yaml" -o "$h5" -q
  "$python" "$root/tools/plot_trial.py" "$h5" -o "$root/docs/figures/$name.png" --start "$start" --stop "$stop"
done
echo "wrote ${#figures[@]} figures to docs/figures/"
