"""How many bytes the step timer adds to a page: `.venv/bin/python benchmarks/timer_size.py`.

Prints the raw, gzip and brotli size of everything a protocol page loads for its timer
(as served, unminified) and of all of it together, and exits non-zero when the gzip total
is over the budget of 26 KiB. Gzip is the budget's measure because every server and
Python has it; brotli, smaller still, is printed when the `brotli` package is installed.

What is counted: the timer's own files and the chart paper it shows (record/); the
modules it shares with the finder and the planner (storage, mounting, words for lengths
of time), whole, since a protocol page loads them for the timer; and the section of
handbook.css that gives the widgets' controls their one look. The rest of handbook.css, and content/index.js, are on every
page with or without a timer, and are not counted.
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
    # The chart paper on the timer's facilitator's screen (record/meetings.js is loaded by
    # the page of meeting records alone).
    ASSETS / "javascripts" / "record" / "core.js",
    ASSETS / "javascripts" / "record" / "index.js",
    ASSETS / "stylesheets" / "record.css",
    # Shared with the finder and the planner.
    ASSETS / "javascripts" / "browser" / "storage.js",
    ASSETS / "javascripts" / "browser" / "widgets.js",
    ASSETS / "javascripts" / "format" / "index.js",
]
# Parts of a shared sheet: the sheet, the comment that starts the part, the one that starts the next.
SECTIONS = [
    (ASSETS / "stylesheets" / "handbook.css", "/* The timer's, the finder's and the planner's controls", "/* Accessibility fixes"),
]
BUDGET = 26 * 1024  # bytes, compressed (benchmarks/timer-size.md says why)

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


def section(path: Path, start: str, end: str) -> bytes:
    text = path.read_text(encoding="utf-8")
    if start not in text or end not in text[text.index(start):]:
        raise ValueError(f"{path.relative_to(ROOT)}: the section from {start!r} to {end!r} is not there: update SECTIONS")
    begin = text.index(start)
    return text[begin : text.index(end, begin)].encode()


def measure() -> dict[str, dict[str, int | None]]:
    """Sizes of each file and section and, under "total", of all of them, each compressed
    on its own as a browser fetches them (a section as part of its sheet, which it is
    fetched with, would compress a little better: the figure errs on the heavy side)."""
    each = {path.relative_to(ROOT).as_posix(): sizes(path.read_bytes()) for path in FILES}
    for path, start, end in SECTIONS:
        each[f"{path.relative_to(ROOT).as_posix()} (controls)"] = sizes(section(path, start, end))
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
    print(f"{'file':<52} {'raw':>10} {'gzip -9':>10} {'brotli 11':>10}")
    for name, size in results.items():
        print(f"{name:<52} {show(size['raw']):>10} {show(size['gzip']):>10} {show(size['brotli']):>10}")
    if brotli is None:
        print("brotli: not measured (pip install brotli to see it)")
    total = results["total"]["gzip"]
    print(f"budget: {total:,} of {BUDGET:,} bytes gzip ({total / BUDGET:.0%})")
    if total > BUDGET:
        print("over budget: what a protocol page loads for its timer must stay under 26 KiB compressed", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
