"""Promises a school relies on, checked on every page of the built site: accessible,
private, usable on a phone, described for search and sharing, printable."""

from __future__ import annotations

import html
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from .helpers import ROOT, axe_result, start_axe

PALETTES = {"light": "default", "dark": "slate"}
WIDTHS = {"phone": (360, 740), "desktop": (1280, 900)}


def pages(site: Path) -> list[str]:
    """Every page of the built site, as paths below the site's address."""
    found = []
    for file in sorted(site.rglob("index.html")):
        relative = file.parent.relative_to(site).as_posix()
        found.append("" if relative == "." else relative + "/")
    return found


def test_the_site_has_the_pages_these_checks_walk(site):
    found = pages(site)
    assert "" in found and "protocols/atlas/" in found and "guides/presenter-checklist/" in found
    assert len(found) >= 20


def test_repository_link_makes_no_request_to_the_code_host(site, base_url, page):
    """Material asks the code host's API for stars and forks when repo_url is set: not here."""
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(base_url)
    page.wait_for_load_state("networkidle")
    assert page.locator(".md-header a.md-source").count() == 1
    assert not [url for url in requests if "api.github.com" in url]
    assert page.locator("[data-md-component=source]").count() == 0


@pytest.fixture(scope="module")
def phone_walk(site, base_url, browser) -> dict:
    """Every page opened once at phone width, left to settle: what it asked of other hosts
    and how wide it is. Two promises are checked on one walk."""
    own = urlsplit(base_url).netloc
    context = browser.new_context(viewport={"width": WIDTHS["phone"][0], "height": WIDTHS["phone"][1]})
    page = context.new_page()
    outside, wide = [], []
    page.on("request", lambda request: outside.append(request.url) if urlsplit(request.url).scheme in ("http", "https", "ws", "wss") and urlsplit(request.url).netloc != own else None)
    for path in pages(site):
        page.goto(base_url + path)
        page.wait_for_load_state("networkidle")
        scroll = page.evaluate("document.documentElement.scrollWidth")
        if scroll > WIDTHS["phone"][0]:
            wide.append((path, scroll))
    context.close()
    return {"outside": outside, "wide": wide}


def test_no_request_leaves_the_site(phone_walk):
    assert phone_walk["outside"] == []


def test_no_page_scrolls_sideways_on_a_phone(phone_walk):
    assert phone_walk["wide"] == []


def test_every_page_has_its_own_description_and_sharing_metadata(site):
    seen = {}
    for path in pages(site):
        source = (site / path / "index.html").read_text(encoding="utf-8")
        description = re.findall(r'<meta name="description" content="([^"]*)">', source)
        assert len(description) == 1 and len(html.unescape(description[0])) > 40, path
        seen.setdefault(description[0], []).append(path)
        for name in ('property="og:title"', 'property="og:description"', 'property="og:url"', 'name="twitter:card"'):
            assert f"<meta {name}" in source, f"{path} has no {name}"
    assert [paths for paths in seen.values() if len(paths) > 1] == []


def test_sitemap_lists_every_page(site, base_url):
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    for path in pages(site):
        if path != "404/":
            assert f"<loc>{base_url}{path}</loc>" in sitemap


def test_axe_finds_no_wcag_violation(site, base_url, browser):
    """Every page, in both palettes, at phone and desktop widths. The header, navigation and
    footer are the same on every page but for the current item: axe reads them whole on the
    home page and on one protocol page, and the content of every other page. A page's four
    views are scanned at once, each in its own context and renderer, sharing the cores."""
    views = {}
    for palette, scheme in PALETTES.items():
        for width, (x, y) in WIDTHS.items():
            context = browser.new_context(viewport={"width": x, "height": y}, color_scheme="dark" if palette == "dark" else "light")
            views[palette, width] = (scheme, context.new_page())
    problems = {}
    for path in pages(site):
        whole = path in ("", "protocols/atlas/")
        for scheme, page in views.values():
            page.goto(base_url + path)
            assert page.locator("body").get_attribute("data-md-color-scheme") == scheme
            start_axe(page, include=None if whole else ".md-content")
        for (palette, width), (_, page) in views.items():
            violations = axe_result(page)
            if violations:
                problems[f"{path} ({palette}, {width})"] = violations
    for _, page in views.values():
        page.context.close()
    assert problems == {}


HIDDEN_IN_PRINT = [".md-header", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-search", ".lsw-timer", ".md-footer", ".md-content__button"]


def visible(page, selector: str) -> bool:
    return page.evaluate(
        """selector => [...document.querySelectorAll(selector)].some(node => {
            const box = node.getBoundingClientRect();
            return getComputedStyle(node).display !== "none" && getComputedStyle(node).visibility !== "hidden" && box.width > 0 && box.height > 0;
        })""",
        selector,
    )


def test_every_protocol_prints_as_a_clean_handout(site, base_url, page):
    from macros.library import load_library

    library = load_library(ROOT / "protocols", ROOT / "school")
    page.emulate_media(media="print")
    for protocol_id, protocol in library.protocols.items():
        page.goto(f"{base_url}protocols/{protocol_id}/")
        for selector in HIDDEN_IN_PRINT:
            assert not visible(page, selector), f"{protocol_id}: {selector} shows in print"
        text = page.locator("article").inner_text()
        for n, step in enumerate(protocol["steps"], start=1):
            assert f"{n}. {' '.join(step['title'].split())}" in text
        assert visible(page, ".lsw-step__facts") and visible(page, "#source")
        assert len(page.locator(".lsw-step__prompt").all()) == sum(1 for step in protocol["steps"] if step["prompt"])
        pdf = page.pdf(format="A4")
        assert pdf.startswith(b"%PDF")


def pdf_pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf))


def test_presenter_checklist_prints_on_one_page(site, base_url, page):
    page.goto(f"{base_url}guides/presenter-checklist/")
    for size in ("A4", "Letter"):
        assert pdf_pages(page.pdf(format=size)) == 1, size
    page.goto(f"{base_url}protocols/atlas/")
    assert pdf_pages(page.pdf(format="A4")) > 1  # the page count itself is measured, not assumed


@pytest.fixture(scope="module")
def offline_site(tmp_path_factory):
    """The offline edition, built as `python3 dev.py offline` builds it."""
    import os
    import subprocess
    import sys

    site_dir = tmp_path_factory.mktemp("offline") / "handbook"
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)],
        cwd=ROOT, capture_output=True, text=True, env=dict(os.environ, NO_MKDOCS_2_WARNING="1", OFFLINE="true"),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return site_dir


def test_offline_edition_works_from_a_folder(offline_site, page):
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.clock.install()
    page.goto((offline_site / "index.html").as_uri())
    page.locator("nav.md-nav--primary").get_by_role("link", name="ATLAS: Learning from Student Work").click()
    assert page.url == (offline_site / "protocols" / "atlas.html").as_uri()

    timer = page.locator(".lsw-timer")
    timer.get_by_role("button", name="Start").click()
    page.clock.run_for("01:00")
    assert "4:00" in timer.get_by_role("timer").inner_text()
    timer.get_by_role("button", name="Next step").click()
    assert "What do you see?" in timer.inner_text()

    page.keyboard.press("s")
    page.keyboard.type("tuning")
    page.clock.run_for(2000)
    results = page.locator(".md-search-result__item")
    results.first.wait_for()
    assert results.count() >= 1

    # A plan's link here is a file on this computer, and the planner says so.
    page.goto((offline_site / "plan" / "planner.html").as_uri() + "?add=atlas")
    page.get_by_role("button", name="Copy a link to this plan").click()
    said = page.get_by_text(re.compile("^(Link copied|Copy the address from the address bar)"))
    assert said.inner_text().endswith(
        ". It opens this plan only on this computer, from this copy of the handbook: it will not open on another computer. "
        "To share the plan, print the agenda."
    )
    assert [url for url in requests if not url.startswith(("file:", "data:", "blob:"))] == []


def focused(page) -> dict:
    return page.evaluate(
        """() => {
            const node = document.activeElement;
            if (node === document.body) return {name: "(end of page)", outline: true};
            // Material's palette switch and toggles focus a hidden input and outline its label.
            const shown = node.classList.contains("md-option") || node.classList.contains("md-toggle") ? node.nextElementSibling : node;
            const style = getComputedStyle(shown);
            return {name: (node.getAttribute("aria-label") || shown.getAttribute("title") || node.innerText || node.value || "").trim(),
                    outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0 || style.boxShadow !== "none"};
        }"""
    )


def test_a_protocol_can_be_run_by_keyboard_alone(site, base_url, page):
    page.goto(f"{base_url}protocols/atlas/")
    page.keyboard.press("Tab")
    assert focused(page)["name"] == "Skip to content"
    names = []
    for _ in range(80):
        page.keyboard.press("Tab")
        state = focused(page)
        assert state["outline"], f"no visible focus on {state['name']!r}"
        names.append(state["name"])
        if state["name"] == "Start":
            break
    assert names[-1] == "Start", names
    page.keyboard.press("Enter")
    assert page.locator(".lsw-timer").get_by_role("button", name="Pause").is_visible()


def test_guidance_links_are_reachable_by_keyboard(site, base_url, page):
    page.goto(base_url)
    seen = set()
    for _ in range(120):
        page.keyboard.press("Tab")
        state = focused(page)
        if state["name"] == "(end of page)":
            break
        assert state["outline"], f"no visible focus on {state['name']!r}"
        seen.add(state["name"])
    for name in ("Facilitating a meeting", "Bringing student work", "Adapt this handbook for your school"):
        assert name in seen, sorted(seen)
