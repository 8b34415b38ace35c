"""Every ```python block of docs/python.md runs as written (with the module on sys.path), from the
source tree's root as the page says, with NMSIM_BINARY at the build's executable."""
import os
import re

import pytest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
DOC = os.path.join(ROOT, "docs", "python.md")


def blocks():
    with open(DOC) as fh:
        return re.findall(r"```python\n(.*?)```", fh.read(), flags=re.S)


def test_the_page_has_examples():
    assert len(blocks()) >= 8


@pytest.mark.parametrize("code", blocks())
def test_example_runs(code, monkeypatch):
    monkeypatch.chdir(ROOT)
    exec(compile(code, DOC, "exec"), {})
