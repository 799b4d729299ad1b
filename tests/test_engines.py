"""Room to move engines: ProperDocs, the maintained fork of MkDocs 1.x, builds the same site.

MkDocs 1.x is unmaintained and Material for MkDocs reaches end of life in May 2027; the
handbook's pages come from plain functions, so the engine under them can change. This
builds the handbook with ProperDocs for the same address as the session's MkDocs build and
compares every file, apart from the line that names the generator.
"""

from __future__ import annotations

import gzip
import os
import re
import subprocess
import sys
from pathlib import Path

from .helpers import ROOT

GENERATOR = re.compile(rb'\s*<meta name="generator" content="[^"]*">')


def contents(path: Path) -> bytes:
    data = path.read_bytes()
    if path.suffix == ".gz":
        data = gzip.decompress(data)  # the archive's header carries the time it was written
    return GENERATOR.sub(b"", data) if path.suffix == ".html" else data


def test_properdocs_builds_the_same_site(site, base_url, tmp_path):
    other = tmp_path / "properdocs-site"
    result = subprocess.run(
        [sys.executable, "-m", "properdocs", "build", "--strict", "-f", str(ROOT / "mkdocs.yml"), "-d", str(other)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=dict(os.environ, NO_MKDOCS_2_WARNING="1", DISABLE_MKDOCS_2_WARNING="true", SITE_URL=base_url),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert b"ProperDocs" in (other / "index.html").read_bytes(), "the second build must really be ProperDocs'"

    ours = {path.relative_to(site).as_posix() for path in site.rglob("*") if path.is_file()}
    theirs = {path.relative_to(other).as_posix() for path in other.rglob("*") if path.is_file()}
    assert ours == theirs, f"only MkDocs: {sorted(ours - theirs)[:10]}; only ProperDocs: {sorted(theirs - ours)[:10]}"
    different = [name for name in sorted(ours) if contents(site / name) != contents(other / name)]
    assert different == [], f"pages that differ between the engines: {different[:10]}"
    assert len(ours) > 50
