"""While `dev.py serve` runs, a broken protocol file shows its problems in the browser, and
the handbook comes back by itself once the file is fixed."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from .helpers import copy_project, shot


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2).close()
            return
        except OSError:
            time.sleep(0.2)
    pytest.fail(f"mkdocs serve did not answer at {url} within {seconds} s")


@pytest.fixture
def served_broken(tmp_path):
    """A copy of the handbook with two broken steps in ATLAS, served with live reload."""
    project = copy_project(tmp_path / "project")
    atlas = project / "protocols" / "atlas.yml"
    good = atlas.read_text(encoding="utf-8")
    broken = good.replace("    minutes: 10\n", "    minutes: ten\n", 1).replace('title: "ATLAS', 'titel: "ATLAS', 1)
    assert broken.count("minutes: ten") == 1 and "titel:" in broken
    atlas.write_text(broken, encoding="utf-8")
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--livereload", "-a", f"127.0.0.1:{port}"],
        cwd=project,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=dict(os.environ, NO_MKDOCS_2_WARNING="1"),
    )
    url = f"http://127.0.0.1:{port}/"
    try:
        wait_for(url)
        yield url, atlas, good, server
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_problems_show_in_the_browser_until_the_file_is_fixed(served_broken, browser):
    url, atlas, good, _ = served_broken
    context = browser.new_context()
    page = context.new_page()
    # Every address says the same, so the editor sees it wherever the browser is.
    page.goto(url)
    assert page.get_by_role("heading", level=1).inner_text().startswith("The handbook cannot be built yet")
    page.goto(url + "protocols/atlas/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("The handbook cannot be built yet")
    alert = page.get_by_role("alert")
    assert alert.inner_text().startswith("3 problem(s) in 1 file(s).")
    problems = page.locator(".lsw-problems > li")
    assert problems.count() == 3
    listed = problems.all_inner_texts()
    assert any("protocols/atlas.yml" in item and "steps[" in item and "Found: 'ten'" in item
               and "Expected: a number of minutes" in item for item in listed), listed
    assert any("Found: an unknown field 'titel'" in item for item in listed), listed
    assert any("Found: no 'title' field" in item for item in listed), listed
    shot(page, "serve-problems", full_page=True)

    atlas.write_text(good, encoding="utf-8")
    # Live reload rebuilds and reloads the page: no click, no manual refresh.
    page.wait_for_function("document.querySelector('h1') && document.querySelector('h1').textContent.startsWith('ATLAS')",
                           timeout=30000)
    assert re.match(r"ATLAS", page.get_by_role("heading", level=1).inner_text())
    assert page.locator(".lsw-problems").count() == 0

    # A change to a theme template in overrides/ rebuilds and reloads the page too.
    template = atlas.parent.parent / "overrides" / "main.html"
    template.write_text(template.read_text(encoding="utf-8").replace(
        "{% block extrahead %}", '{% block extrahead %}\n  <meta name="lsw-reloaded" content="yes">', 1), encoding="utf-8")
    page.wait_for_function("document.querySelector('meta[name=lsw-reloaded]') !== null", timeout=30000)
    context.close()
