"""Shared by the lab's tests: where the built lab is (tools/lab.sh --build-only puts it in
build/lab; NMSIM_LAB_DIR overrides), and the Python module of a native build for comparison
(PYTHONPATH, set by tools/run_tests.sh's web stage)."""
import os
import sys

import pytest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "tools"))


@pytest.fixture(scope="session")
def lab_dir():
    site = os.environ.get("NMSIM_LAB_DIR", os.path.join(ROOT, "build", "lab"))
    engine = os.path.join(site, "nmsim_engine.js")
    assert os.path.isfile(engine), f"{engine} is missing: build the lab first (tools/lab.sh --build-only)"
    return site
