"""How many bytes the step timer adds to a page: `.venv/bin/python benchmarks/timer_size.py`.

Prints the raw, gzip and brotli size of each of the timer's files (as they are served,
unminified) and of all of them together, and exits non-zero when the gzip total is over
the budget of 10 KiB. Gzip is the budget's measure because every server and Python has
it; brotli, smaller still, is printed when the `brotli` package is installed.
"""

from __future__ import annotations

import gzip
import os
import platform
import sys
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ASSETS = ROOT / "docs" / "assets"
FILES = [
    ASSETS / "javascripts" / "timer" / "core.js",
    ASSETS / "javascripts" / "timer" / "index.js",
    ASSETS / "stylesheets" / "timer.css",
]
BUDGET = 10 * 1024  # bytes, compressed

try:
    import brotli
except ImportError:  # an optional extra: the budget does not depend on it
    brotli = None


def sizes(data: bytes) -> dict[str, int | None]:
    return {
        "raw": len(data),
        "gzip": len(gzip.compress(data, compresslevel=9, mtime=0)),
        "brotli": len(brotli.compress(data, quality=11)) if brotli else None,
    }


def measure() -> dict[str, dict[str, int | None]]:
    """Sizes of each file and, under "total", of all of them, each compressed on its own
    as a browser fetches them."""
    each = {path.relative_to(ROOT).as_posix(): sizes(path.read_bytes()) for path in FILES}
    total = {
        kind: None if any(s[kind] is None for s in each.values()) else sum(s[kind] for s in each.values())
        for kind in ("raw", "gzip", "brotli")
    }
    return {**each, "total": total}


def show(value: int | None) -> str:
    return "-" if value is None else f"{value:,} B"


def main() -> int:
    results = measure()
    print(f"date: {date.today().isoformat()}")
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()}")
    print(f"{'file':<42} {'raw':>10} {'gzip -9':>10} {'brotli 11':>10}")
    for name, size in results.items():
        print(f"{name:<42} {show(size['raw']):>10} {show(size['gzip']):>10} {show(size['brotli']):>10}")
    if brotli is None:
        print("brotli: not measured (pip install brotli to see it)")
    total = results["total"]["gzip"]
    print(f"budget: {total:,} of {BUDGET:,} bytes gzip ({total / BUDGET:.0%})")
    if total > BUDGET:
        print("over budget: the timer's JavaScript and CSS must stay under 10 KiB compressed", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
