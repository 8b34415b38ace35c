"""Shared by the Python module's tests: the command line's output for the same scenario, to
compare the module against (NMSIM_BINARY is set by CTest)."""
import os
import subprocess
import sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "tools"))


def scenario_file(name):
    return os.path.join(ROOT, "scenarios", name + ".yaml")


def nmsim_run(out, scenario, sets=None, seed=None, extra=()):
    """Runs `nmsim run` and returns the output path."""
    args = [os.environ["NMSIM_BINARY"], "run", scenario, "-o", str(out), "-q", *extra]
    if seed is not None:
        args += ["--seed", str(seed)]
    for k, v in (sets or {}).items():
        args += ["--set", "%s=%s" % (k, v)]
    subprocess.run(args, check=True)
    return out


def assert_same_trial(a, b):
    """Every stored item of two trials is equal, bit for bit."""
    import numpy as np
    assert set(a.signals) == set(b.signals)
    for path, sig in b.signals.items():
        mine = a.signals[path]
        assert mine.data.dtype == sig.data.dtype and mine.data.shape == sig.data.shape, path
        assert np.array_equal(mine.data, sig.data), path
        assert (mine.channels, mine.unit, mine.rate, mine.starting_time) == \
            (sig.channels, sig.unit, sig.rate, sig.starting_time), path
    assert a.labels.bit_names == b.labels.bit_names
    assert np.array_equal(a.labels.mask, b.labels.mask)
    assert a.event_columns == b.event_columns
    for column in b.event_columns:
        x, y = a.events[column], b.events[column]
        assert x.dtype == y.dtype, column
        assert np.array_equal(x, y, equal_nan=x.dtype.kind == "f"), column  # NaN: missing
    assert a.parameters == b.parameters
    assert a.parameter_units == b.parameter_units
    assert a.parameter_sources == b.parameter_sources
    assert a.protocol == b.protocol
    assert (a.index, a.duration) == (b.index, b.duration)
    assert (a.artefacts is None) == (b.artefacts is None)
    if a.artefacts is not None:
        assert (a.artefacts.bit_names, a.artefacts.channels) == (b.artefacts.bit_names, b.artefacts.channels)
        assert np.array_equal(a.artefacts.mask, b.artefacts.mask)
