"""Shared fixtures: the real site, built once per test session and served over HTTP,
and Debian's Chromium driven by Playwright."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def build_site(project: Path, site_dir: Path, site_url: str) -> subprocess.CompletedProcess:
    """Build `project` as a user does, with `mkdocs build --strict`, into `site_dir`, for `site_url`."""
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(project / "mkdocs.yml"), "-d", str(site_dir)],
        cwd=project,
        capture_output=True,
        text=True,
        env=dict(os.environ, NO_MKDOCS_2_WARNING="1", SITE_URL=site_url),
    )


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve(directory: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


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


def chromium_path() -> str:
    found = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not found:
        pytest.fail("Chromium was not found: run the tests with `python3 dev.py test`, which installs it, or set CHROMIUM.")
    return found


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


WCAG_A_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]


def axe_violations(page) -> list[str]:
    """axe-core's WCAG 2.2 A and AA violations on the page as it is now, one line each."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_A_AA}})
    return [
        f"{violation['id']}: {violation['help']} ({', '.join(str(node['target']) for node in violation['nodes'][:3])})"
        for violation in results.response["violations"]
    ]


def embedded_json(site: Path, page: str, css_class: str, attribute: str):
    """The JSON a built page embeds in `<div class="css_class" attribute="...">`."""
    import html
    import json
    import re

    source = (site / page / "index.html").read_text(encoding="utf-8")
    found = re.findall(rf'<div class="{css_class}" {attribute}="([^"]*)"', source)
    assert len(found) == 1, f"{page} has {len(found)} {css_class} elements"
    return json.loads(html.unescape(found[0]))


SCREENSHOTS = os.environ.get("SCREENSHOTS")


def shot(page, name: str, target=None, full_page: bool = False) -> None:
    """Keep a screenshot for a person to look at, when SCREENSHOTS names a folder."""
    if SCREENSHOTS:
        Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
        options = {"full_page": True} if full_page and target is None else {}
        (target or page).screenshot(path=f"{SCREENSHOTS}/{name}.png", **options)


# `python3 dev.py test --fast` leaves out what builds the site or drives Chromium.
SLOW_FIXTURES = {"browser", "site", "base_url"}


def pytest_collection_modifyitems(config, items):
    for item in items:
        if SLOW_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)
