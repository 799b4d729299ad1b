"""The Python reads one way everywhere: ruff, with the rules set in pyproject.toml."""

from __future__ import annotations

import subprocess
import sys

from .helpers import ROOT


def test_ruff_finds_nothing():
    result = subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache", str(ROOT)], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
