#!/usr/bin/env bash
# `mpirun -n 2 nmsim run` must write the same trials, arrays and index as one process, and
# leave no per-rank files behind. Usage: two_ranks_equal_single_process.sh NMSIM SOURCE_DIR
set -euo pipefail
nmsim="$1"
src="$2"
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT
sed -e "s#model: ankle#model: $src/models/ankle.yaml#" \
    -e 's#{name: hold, duration: 25.0, load_torque: 4.0}#{name: hold, duration: 1.0, load_torque: 4.0}#' \
    -e 's#{name: release, duration: 3.8}#{name: release, duration: 0.3}#' "$src/scenarios/ankle_clonus.yaml" > "$dir/s.yaml"
printf 'dataset:\n  subjects: 4\n  trials_per_subject: 2\n  splits: {train: 0.5, test: 0.5}\n' >> "$dir/s.yaml"
mkdir "$dir/one" "$dir/two"
"$nmsim" run "$dir/s.yaml" -o "$dir/one/d.h5" -q
# Open MPI refuses root without these; --oversubscribe allows 2 ranks on small CI machines.
OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 \
  mpirun -n 2 --oversubscribe "$nmsim" run "$dir/s.yaml" -o "$dir/two/d.h5" -q
left="$(ls -A "$dir/two")"
[ "$left" = "d.h5" ] || { echo "unexpected files after mpirun: $left"; exit 1; }
/usr/bin/python3 - "$dir/one/d.h5" "$dir/two/d.h5" <<'PY'
import sys, h5py, numpy as np
a, b = h5py.File(sys.argv[1]), h5py.File(sys.argv[2])
assert sorted(a["trials"]) == sorted(b["trials"]) and len(a["trials"]) == 8, "trial sets differ"
for t in a["trials"]:
    def visit(name, obj):
        if isinstance(obj, h5py.Dataset) and obj.dtype.kind in "fiu":
            assert np.array_equal(obj[()], b["trials"][t][name][()], equal_nan=obj.dtype.kind == "f"), (t, name)
    a["trials"][t].visititems(visit)
for c in a["index"].attrs["columns"]:
    x, y = a["index"][c][()], b["index"][c][()]
    assert (np.array_equal(x, y, equal_nan=True) if x.dtype.kind == "f" else list(x) == list(y)), c
assert b["provenance/shard"][()] in (b"", ""), "a merged file is a whole dataset"
print("1 passed, 0 failed")
PY
