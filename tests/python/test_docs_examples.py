"""Every ```python block of docs/python.md runs as written (with the module on sys.path)."""
import os
import re

import pytest

DOC = os.path.join(os.path.dirname(__file__), "..", "..", "docs", "python.md")


def blocks():
    with open(DOC) as fh:
        return re.findall(r"```python\n(.*?)```", fh.read(), flags=re.S)


def test_the_page_has_examples():
    assert len(blocks()) >= 3


@pytest.mark.parametrize("code", blocks())
def test_example_runs(code):
    exec(compile(code, DOC, "exec"), {})
