"""tools/plot_overlay.py on small synthetic files: several trials overlay into one PNG (the
trial chosen by FILE:N is the one drawn), and a wrong muscle, trial or label count is refused
with exit code 2 and a message naming what exists."""
import os
import subprocess
import sys

import numpy as np
import pytest

sys.path.insert(0, os.path.dirname(__file__))
import synthetic_nmsim as syn  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
SCRIPT = os.path.join(ROOT, "tools", "plot_overlay.py")


def trial(amplitude, rate=1000.0, seconds=2.0):
    t = np.arange(int(rate * seconds)) / rate
    emg = amplitude * np.sin(2 * np.pi * 60 * t)[:, None] * np.ones((1, 2))
    return {"emg": emg, "rate": rate, "channels": ["soleus", "tibialis_anterior"], "angle": 0.1 * np.sin(2 * np.pi * t),
            "protocol": [("rest", 0.0, seconds)], "subject": 0, "phenotype": "a", "split": "train"}


@pytest.fixture
def files(tmp_path):
    a, b = tmp_path / "a.h5", tmp_path / "b.h5"
    syn.write(a, [trial(1e-4)])
    syn.write(b, [trial(2e-4), trial(4e-4)])
    return a, b


def run(*args):
    return subprocess.run([sys.executable, SCRIPT, *map(str, args)], capture_output=True, text=True)


def test_overlays_trials_of_several_files(files, tmp_path):
    a, b = files
    out = tmp_path / "overlay.png"
    r = run(a, f"{b}:1", "--muscle", "tibialis_anterior", "--label", "one", "--label", "two", "-o", out)
    assert r.returncode == 0, r.stderr
    assert out.stat().st_size > 10_000
    with open(out, "rb") as fh:
        assert fh.read(8) == b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize("args, message", [
    (["--muscle", "sol"], "has no muscle 'sol' (it has: soleus, tibialis_anterior)"),
    (["--label", "only one"], "1 --label for 2 trials"),
])
def test_refuses_what_does_not_exist(files, tmp_path, args, message):
    a, b = files
    r = run(a, b, *args, "-o", tmp_path / "x.png")
    assert r.returncode == 2 and message in r.stderr
    assert not (tmp_path / "x.png").exists()


def test_refuses_a_missing_trial(files, tmp_path):
    a, _ = files
    r = run(f"{a}:5", "-o", tmp_path / "x.png")
    assert r.returncode == 2 and "has no trial 5 (it has 0-0)" in r.stderr
