"""pyflakes finds nothing in the package, the tests and the benchmarks: an unused import or a
name that is never defined fails CI here rather than waiting for a reviewer."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_pyflakes_is_clean():
    pytest.importorskip("pyflakes")
    found = subprocess.run([sys.executable, "-m", "pyflakes", "seoaudit", "tests", "benchmarks"],
                           cwd=ROOT, capture_output=True, text=True)
    assert found.stdout == "" and found.returncode == 0, found.stdout
