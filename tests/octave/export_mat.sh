#!/usr/bin/env bash
# nmsim export-mat under GNU Octave (docs/format.md, "MATLAB and GNU Octave"): simulate a short
# bundled scenario, export it, run the exact snippet of docs/format.md in octave-cli and check
# what it computed against values read from the HDF5 file with h5py. Then the same check with one
# expected value off must fail, so the check can fail.
# Usage: export_mat.sh NMSIM SOURCE_DIR. Exit 77 (skipped) without octave-cli or h5py; tools/setup.sh
# installs both for the test stage.
set -euo pipefail
nmsim="$1"
src="$2"
command -v octave-cli >/dev/null || { echo "octave-cli not installed: skipped" >&2; exit 77; }
/usr/bin/python3 -c 'import h5py, numpy' 2>/dev/null || { echo "python3-h5py not installed: skipped" >&2; exit 77; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"

# ankle_clonus shortened to 2.5 s: one clonus episode of several beats.
"$nmsim" run "$src/scenarios/ankle_clonus.yaml" -o out.h5 -q --set "protocol[2].duration=1.0" --set "protocol[3].duration=0.3"
"$nmsim" export-mat out.h5 -o out.mat >/dev/null
/usr/bin/python3 "$src/tests/octave/expected_from_hdf5.py" out.h5 expected.json

# The snippet: the first ```matlab block after the "MATLAB and GNU Octave" heading.
awk '/^### MATLAB and GNU Octave/ {s = 1} s && /^```matlab/ {b = 1; next} b && /^```/ {exit} b' \
  "$src/docs/format.md" > snippet.m
grep -q "load('out.mat')" snippet.m || { echo "docs/format.md: no MATLAB/Octave snippet loading out.mat" >&2; exit 1; }

run_check() {
  octave-cli --no-gui --norc --quiet --path "$src/tests/octave" --eval "snippet; check_export('$1');"
}
run_check expected.json

# A wrong expectation must make the check fail.
/usr/bin/python3 -c 'import json; e = json.load(open("expected.json")); e["emg_picks"][0][2] += 1e-3; json.dump(e, open("wrong.json", "w"))'
if run_check wrong.json >wrong.log 2>&1; then
  echo "check_export accepted a wrong EMG value" >&2
  exit 1
fi
grep -q "MAT export mismatch: emg(1, 1)" wrong.log || { echo "unexpected failure:"; cat wrong.log; exit 1; } >&2
# A trial with a recording chain carries its artefact mask into the export: the same bits and
# the same marked cells per bit as the HDF5 file.
"$nmsim" run "$src/scenarios/ankle_recording_chain.yaml" -o chain.h5 -q --set "protocol[2].duration=4.0" \
  --set "protocol[3].duration=0.3" --set "signals.emg.pops.rate=60"
"$nmsim" export-mat chain.h5 -o chain.mat >/dev/null
counts="$(/usr/bin/python3 -c '
import h5py, numpy as np
a = h5py.File("chain.h5", "r")["trials/000000/artefacts/data"]
m = a[()]
print(" ".join(str(int(((m >> b) & 1).sum())) for b in range(len(a.attrs["bit_names"]))))')"
octave-cli --no-gui --norc --quiet --eval "
  s = load('chain.mat'); a = s.trial_000000.artefacts;
  assert(isequal(a.bit_names(:)', {'clipping', 'electrode_pop', 'dropout', 'ecg_qrs', 'electrode_shift'}), 'artefact bit names');
  got = arrayfun(@(b) sum(bitand(a.data(:), uint16(2^b)) > 0), 0:4);
  assert(isequal(got, [$counts]), sprintf('artefact cells per bit: %s, expected %s', mat2str(got), '[$counts]'));
  assert(got(2) > 0, 'pops at 60 per minute mark the mask');"
echo "export_mat: Octave reads the export as documented"
