"""Shared fixtures: the real site, built once per test session and served over HTTP,
and Debian's Chromium driven by Playwright. The functions behind them are in helpers.py."""

from __future__ import annotations

from pathlib import Path

import pytest

from .helpers import CHROMIUM_ARGS, ROOT, build_site, chromium_path, serve


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
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, site):
    """A page in a fresh browser context, so no test sees another's saved state."""
    context = browser.new_context()
    page = context.new_page()
    yield page
    context.close()


# `python3 dev.py test --fast` leaves out what builds the site or drives Chromium.
SLOW_FIXTURES = {"browser", "site", "base_url"}


def pytest_collection_modifyitems(config, items):
    for item in items:
        if SLOW_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)
