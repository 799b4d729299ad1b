"""Shared fixtures: the real site, built once per test session and served over HTTP,
and Debian's Chromium driven by Playwright. The functions behind them are in helpers.py.

The suite runs in parallel (pytest-xdist, set in pyproject.toml), a test module (or a
test class) to a worker: each worker builds the site and starts Chromium once, and a
module's own fixtures (a build, a walk of every page) are made once.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from .helpers import CHROMIUM_ARGS, ROOT, build_site, chromium_path, open_context, serve


@pytest.fixture(scope="session")
def _server(tmp_path_factory):
    site_dir = tmp_path_factory.mktemp("built") / "site"
    site_dir.mkdir()
    server, url = serve(site_dir)
    yield site_dir, url
    server.shutdown()


@pytest.fixture(scope="session")
def base_url(_server) -> str:
    """The address the built site is served from; the site was built for it."""
    return _server[1]


@pytest.fixture(scope="session")
def site(_server) -> Path:
    """The handbook, built once with strict mode on, with site_url set to `base_url`
    so that Material's instant navigation takes over links as it does when published."""
    site_dir, url = _server
    result = build_site(ROOT, site_dir, url)
    assert result.returncode == 0, f"the build failed:\n{result.stdout}\n{result.stderr}"
    return site_dir


@pytest.fixture(scope="session")
def offline_site(tmp_path_factory) -> Path:
    """The offline edition, built once as `python3 dev.py offline` builds it, to open from a folder."""
    site_dir = tmp_path_factory.mktemp("offline") / "handbook"
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)],
        cwd=ROOT, capture_output=True, text=True, env=dict(os.environ, NO_MKDOCS_2_WARNING="1", OFFLINE="true"),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return site_dir


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, site):
    """A page in a fresh browser context, so no test sees another's saved state."""
    context = open_context(browser)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(scope="session")
def protocol_page(browser, site, base_url):
    """Each protocol page by its id, opened once for the tests that only read it (they
    click, type and navigate nowhere: a test that does opens a page of its own)."""
    context = open_context(browser)
    opened = {}

    def protocol_page(protocol_id: str):
        if protocol_id not in opened:
            opened[protocol_id] = context.new_page()
            opened[protocol_id].goto(f"{base_url}protocols/{protocol_id}/")
        return opened[protocol_id]

    yield protocol_page
    context.close()


# `python3 dev.py test --fast` leaves out what builds the site or drives Chromium.
SLOW_FIXTURES = {"browser", "site", "base_url", "offline_site", "protocol_page"}


# What takes longest starts first, so that no worker is left with it at the end while the
# others wait: the two walks of every page (test_quality.py), then the longest modules,
# as measured. The order changes only how soon the suite ends.
FIRST = (
    "TestEveryPageFromTheFirst", "TestEveryPageFromTheSecond", "test_record.py", "test_site.py", "test_timer_browser.py",
    "test_finder.py", "test_planner.py", "test_projector.py", "test_facilitator.py", "test_hostile.py",
)


def first(item) -> int:
    names = {item.path.name, getattr(item.cls, "__name__", None)}
    return next((rank for rank, name in enumerate(FIRST) if name in names), len(FIRST))


def pytest_collection_modifyitems(config, items):
    for item in items:
        if SLOW_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)
    items.sort(key=first)
