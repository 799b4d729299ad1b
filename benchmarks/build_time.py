"""How long a full build of the handbook takes: `.venv/bin/python benchmarks/build_time.py [runs]`.

Builds the real project with `mkdocs build --strict` into a temporary folder, several
times in fresh processes (as `python3 dev.py build` does), and prints each run and the median.
A figure, not a test: a busy machine makes it slower, and nothing fails on it.
"""

from __future__ import annotations

import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def build_once(site_dir: Path) -> float:
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(site_dir)],
        cwd=ROOT,
        check=True,
        env=dict(os.environ, NO_MKDOCS_2_WARNING="1"),
    )
    return time.perf_counter() - started


def main() -> int:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    with tempfile.TemporaryDirectory() as folder:
        times = [build_once(Path(folder) / f"site-{n}") for n in range(runs)]
        pages = sum(1 for _ in (Path(folder) / "site-0").rglob("index.html"))
    protocols = sum(1 for p in (ROOT / "protocols").glob("*.yml") if not p.name.startswith("_"))
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()}")
    print(f"site: {protocols} protocols, {pages} pages")
    print("runs (s): " + ", ".join(f"{t:.2f}" for t in times))
    print(f"median: {statistics.median(times):.2f} s (whole process: start-up, checking the protocols, rendering, writing)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
