"""How long the whole test suite takes, and what it spends: `.venv/bin/python benchmarks/suite_time.py [--runs 1] [pytest arguments]`.

Runs the suite as `python3 dev.py test` does (pytest on every core) and prints, for each
run: the wall time; the machine's busy and idle CPU seconds over the run, all processes
(read from /proc/stat, so Linux only; Chromium is most of it); the tests that passed;
and what the test servers served: pages loaded afresh by the browser (`Sec-Fetch-Dest:
document`), pages fetched by Material's instant navigation, and fetches of the search
index (each one builds the index again in the browser). Pages opened from a folder
(the offline edition) go through no server and are not counted.

The loads are the suite's most stable figure: a page load costs Chromium about 0.5 to
0.8 CPU seconds here, and the same tree's wall time varies by about 15 % from run to run.
Budget: the whole suite in 120 s on a quiet 2-core machine (issue 11). A figure, not a
test: nothing fails on it. Results are kept in benchmarks/suite-time.md.

Also a pytest plugin (`-p suite_time`, which the script passes): it counts the requests
in each worker, by test module too, and writes them to the file SUITE_TIME_COUNTS names.
"""

from __future__ import annotations

import collections
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUDGET = 120  # s, on a quiet 2-core machine

# The plugin half: loaded into pytest and each of its workers.

counts: collections.Counter = collections.Counter()
module = ["(no test)"]


def pytest_runtest_logstart(nodeid, location):
    module[0] = nodeid.split("::")[0]


def pytest_configure(config):
    from tests import helpers

    served = helpers.QuietHandler.do_GET

    def do_GET(self):
        path = self.path.split("?")[0]
        if path.endswith("search/search_index.json"):
            counts["search index"] += 1
        elif path.endswith(("/", ".html")):
            kind = "page loads" if self.headers.get("Sec-Fetch-Dest") == "document" else "instant navigations"
            counts[kind] += 1
            counts[f"{kind} in {module[0]}"] += 1
        return served(self)

    helpers.QuietHandler.do_GET = do_GET


def pytest_unconfigure(config):
    if os.environ.get("SUITE_TIME_COUNTS") and counts:
        with open(os.environ["SUITE_TIME_COUNTS"], "a", encoding="utf-8") as out:
            out.write(json.dumps(counts) + "\n")


# The script half.


def busy_and_idle() -> tuple[float, float]:
    """The machine's CPU seconds so far, busy (user, nice, system) and idle (idle, iowait)."""
    fields = [int(value) for value in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    ticks = os.sysconf("SC_CLK_TCK")
    return (fields[0] + fields[1] + fields[2]) / ticks, (fields[3] + fields[4]) / ticks


def run_once(pytest_args: list[str]) -> dict:
    with tempfile.NamedTemporaryFile("r", suffix=".jsonl") as served:
        env = dict(os.environ, NO_MKDOCS_2_WARNING="1", SUITE_TIME_COUNTS=served.name,
                   PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT / "benchmarks"), os.environ.get("PYTHONPATH")])))
        busy, idle = busy_and_idle()
        started = time.perf_counter()
        result = subprocess.run([sys.executable, "-m", "pytest", "-p", "suite_time", "-p", "no:cacheprovider", "-q", *pytest_args],
                                cwd=ROOT, env=env, capture_output=True, text=True)
        wall = time.perf_counter() - started
        busy_after, idle_after = busy_and_idle()
        total: collections.Counter = collections.Counter()
        for line in served.read().splitlines():
            total.update(json.loads(line))
    summary = result.stdout.strip().splitlines()[-1] if result.stdout.strip() else result.stderr[-500:]
    passed = re.search(r"(\d+) passed", summary)
    return {"wall": wall, "busy": busy_after - busy, "idle": idle_after - idle, "passed": int(passed[1]) if passed else 0,
            "summary": summary, "ok": result.returncode == 0, **total}


def main() -> int:
    args = sys.argv[1:]
    runs = 1
    if args[:1] == ["--runs"]:
        runs, args = int(args[1]), args[2:]
    load = os.getloadavg()[0]
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()}; load average before: {load:.2f}")
    results = []
    for n in range(1, runs + 1):
        found = run_once(args)
        results.append(found)
        print(f"run {n}: {found['wall']:.1f} s wall, {found['busy']:.0f} CPU-s busy, {found['idle']:.0f} CPU-s idle; "
              f"{found['passed']} passed ({found['summary']}); {found.get('page loads', 0)} page loads, "
              f"{found.get('instant navigations', 0)} instant navigations, {found.get('search index', 0)} search index fetches", flush=True)
        by_module = sorted(((value, key.removeprefix("page loads in ")) for key, value in found.items() if key.startswith("page loads in ")), reverse=True)
        print("  page loads by module: " + ", ".join(f"{name} {value}" for value, name in by_module), flush=True)
        if not found["ok"]:
            print("the suite failed: the figures above are not the suite's")
            return 1
    wall = statistics.median(result["wall"] for result in results)
    print(f"median: {wall:.1f} s wall, {statistics.median(result['busy'] for result in results):.0f} CPU-s busy")
    if args:
        print(f"budget: {BUDGET} s for the whole suite on a quiet 2-core machine (run without pytest arguments to compare)")
    else:
        print(f"budget: {BUDGET} s for the whole suite on a quiet 2-core machine: {'holds' if wall <= BUDGET else 'does not hold'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
