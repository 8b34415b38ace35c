"""tools/plot_recording.py on a small synthetic file with a clean and a recorded EMG and an
artefact mask: it draws one PNG, and refuses a file without emg_clean or an unknown muscle with
exit code 2 and a message, writing nothing."""
import os
import subprocess
import sys

import h5py
import numpy as np
import pytest

sys.path.insert(0, os.path.dirname(__file__))
import synthetic_nmsim as syn  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
SCRIPT = os.path.join(ROOT, "tools", "plot_recording.py")
RATE = 2000.0


def recorded_trial(seconds=3.0):
    t = np.arange(int(RATE * seconds)) / RATE
    clean = 1e-4 * np.sin(2 * np.pi * 80 * t)[:, None] * np.ones((1, 2))
    hum = 3e-5 * np.sin(2 * np.pi * 50 * t)[:, None]
    return {"emg": clean + hum, "rate": RATE, "channels": ["soleus", "tibialis_anterior"], "angle": 0.1 * np.sin(t),
            "protocol": [("rest", 0.0, seconds)], "subject": 0, "phenotype": "a", "split": "train"}, clean


def add_chain(path, clean, with_clean=True):
    """What nmsim writes for a chain: emg_clean beside emg, the artefact mask, the mains setting."""
    with h5py.File(path, "a") as f:
        g = f["trials/000000"]
        if with_clean:
            syn._series(g, "emg_clean", clean, RATE, ["soleus", "tibialis_anterior"], "V")
            g.attrs.create("series", np.array(["emg", "emg_clean", "kinematics/angle"], dtype=object), dtype=syn.STR)
        mask = np.zeros(clean.shape, dtype=np.uint16)
        mask[1000:1400, 0] = 2  # an electrode pop on soleus
        a = g.create_dataset("artefacts/data", data=mask)
        a.attrs["rate"], a.attrs["starting_time"] = RATE, 0.0
        a.attrs.create("channels", np.array(["soleus", "tibialis_anterior"], dtype=object), dtype=syn.STR)
        a.attrs.create("bit_names", np.array(["clipping", "electrode_pop", "dropout"], dtype=object), dtype=syn.STR)


def run(*args):
    return subprocess.run([sys.executable, SCRIPT, *map(str, args)], capture_output=True, text=True)


@pytest.fixture
def chain_file(tmp_path):
    trial, clean = recorded_trial()
    path = tmp_path / "chain.h5"
    syn.write(path, [trial])
    add_chain(path, clean)
    return path


def test_draws_clean_recorded_and_spectra(chain_file, tmp_path):
    out = tmp_path / "chain.png"
    r = run(chain_file, "--muscle", "soleus", "--start", "0.2", "--stop", "2.5", "-o", out)
    assert r.returncode == 0, r.stderr
    with open(out, "rb") as fh:
        assert fh.read(8) == b"\x89PNG\r\n\x1a\n"
    assert out.stat().st_size > 20_000


def test_refuses_a_file_without_the_clean_emg(tmp_path):
    trial, clean = recorded_trial()
    path = tmp_path / "plain.h5"
    syn.write(path, [trial])
    r = run(path, "-o", tmp_path / "x.png")
    assert r.returncode == 2 and "store_clean: true" in r.stderr
    assert not (tmp_path / "x.png").exists()


def test_refuses_an_unknown_muscle(chain_file, tmp_path):
    r = run(chain_file, "--muscle", "sol", "-o", tmp_path / "x.png")
    assert r.returncode == 2 and "has no muscle 'sol' (it has: soleus, tibialis_anterior)" in r.stderr
    assert not (tmp_path / "x.png").exists()
