"""Promises a school relies on, checked on every page of the built site: accessible,
private, usable on a phone, described for search and sharing, printable."""

from __future__ import annotations

import html
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from .helpers import ROOT, axe_result, follow_link, palette, show_palette, start_axe, still

WIDTHS = {"phone": {"width": 360, "height": 740}, "desktop": {"width": 1280, "height": 900}}


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


def test_repository_link_makes_no_request_to_the_code_host(site, base_url, browser):
    """Material asks the code host's API for stars and forks when repo_url is set: not here."""
    page = browser.new_context().new_page()  # the search index too: every request the page makes
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(base_url)
    page.wait_for_load_state("networkidle")
    assert page.locator(".md-header a.md-source").count() == 1
    assert not [url for url in requests if "api.github.com" in url]
    assert page.locator("[data-md-component=source]").count() == 0
    page.context.close()


# The walk: every page of the site, visited once and seen at phone width and at desktop width.
# What changes between the views is read from the stylesheets by the next test, so that
# the walk scans each thing that can differ in a view where it differs.

WHOLE = ("", "protocols/atlas/")  # the home page and one protocol page, scanned with the header and navigation
# Where a colour may depend on the screen's width: Material's header, navigation, sidebars,
# tabs and search (its drawer and overlay at phone width), never the content of a page.
CHROME = ("md-header", "md-tabs", "md-nav", "md-sidebar", "md-search", "md-overlay", "data-md-toggle")
COLOUR_PROPERTIES = re.compile(r"^(color|background(-color|-image)?|fill|stroke|border(-\w+)?-color|outline-color|box-shadow|text-shadow|opacity|filter|--[\w-]+)$")
ONE_PALETTE_IMAGES = ("#only-light", "#only-dark", "#gh-light-mode-only", "#gh-dark-mode-only")


def css_rules(css: str, media: str = ""):
    """Each rule of a stylesheet: (the media query around it, its selector, its declarations)."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    at = 0
    while True:
        found = re.compile(r"([^{};]*)\{").search(css, at)
        if not found:
            return
        depth, end = 1, found.end()
        while depth:
            depth += {"{": 1, "}": -1}.get(css[end], 0)
            end += 1
        head, body = found.group(1).strip(), css[found.end():end - 1]
        if head.startswith(("@media", "@supports")):
            yield from css_rules(body, f"{media} {head}".strip())
        elif not head.startswith("@"):
            declarations = [part.split(":", 1) for part in body.split(";") if ":" in part]
            yield media, head, [(name.strip(), value.strip()) for name, value in declarations]
        at = end


def test_only_colours_change_with_the_palette_and_only_the_chromes_with_the_width(site):
    """What lets the walk below scan colours once for content: the dark palette changes
    custom properties (colours), `color-scheme` and the images marked for one palette,
    which the site has none of; a colour that depends on the screen's width is the
    header's, the navigation's or the search's, which the walk scans whole at both widths."""
    sheets = sorted((site / "assets" / "stylesheets").glob("*.css"))
    assert len(sheets) >= 4 and any(sheet.name.startswith("main.") for sheet in sheets) and any(sheet.name.startswith("palette.") for sheet in sheets)
    dark, wide, read = [], [], {"dark": 0, "wide": 0}
    for sheet in sheets:
        for media, selector, declarations in css_rules(sheet.read_text(encoding="utf-8")):
            if "slate" in selector:
                read["dark"] += 1
                for name, value in declarations:
                    images = name == "display" and value == "none" and all(any(mark in part for mark in ONE_PALETTE_IMAGES) for part in selector.split(","))
                    if not (name.startswith("--") or name == "color-scheme" or images):
                        dark.append(f"{sheet.name}: {selector} {{ {name}: {value} }}")
            colours = [name for name, _ in declarations if COLOUR_PROPERTIES.match(name)]
            if "width" in media and colours:
                read["wide"] += 1
                if not any(part in selector for part in CHROME):
                    wide += [f"{sheet.name}: {media} {selector} {{ {name} }}" for name in colours]
    assert dark == [] and wide == []
    # The stylesheets were read: Material's dark palette, and its drawer's colours at phone width.
    assert read["dark"] >= 5 and read["wide"] >= 5, read
    marked = [path for path in pages(site) for mark in ONE_PALETTE_IMAGES if mark in (site / path / "index.html").read_text(encoding="utf-8")]
    assert marked == []


VIEWS = (("desktop", "light", "all"), ("phone", "light", "other"), ("phone", "dark", "colour"))
WHOLE_VIEWS = (("desktop", "light", "all"), ("desktop", "dark", "colour"), ("phone", "light", "all"), ("phone", "dark", "colour"))


def in_order(views, width: str, shown: str) -> list:
    """`views` in an order that turns the palette and the window as few times as it can,
    from the page as it opened (`width`, the palette `shown`)."""
    left, done = list(views), []
    while left:
        view = min(left, key=lambda view: (view[0] != width) + (view[1] != shown) * 2)
        left.remove(view)
        done.append(view)
        width, shown = view[0], view[1]
    return done


def walk(site, base_url, browser, paths: list[str]) -> dict:
    """Each page of `paths` visited once and scanned by axe-core (WCAG 2.2 A and AA) at
    phone and at desktop width, in both palettes. The first page and the two read whole
    are opened afresh; the walk reaches every other page from the one before by a link, as
    a reader moves through the site (Material's instant navigation), and axe-core, loaded
    once, stays in the tab. The scans:

    - desktop, light: every rule;
    - phone, light: every rule but the colour rules (helpers.COLOUR_RULES);
    - phone, dark: the colour rules;
    - the home page and ATLAS's page, read whole (header, navigation, footer): every rule
      in both palettes at both widths. On the other pages axe reads the content: the
      header, navigation and footer are the same on every page but for the current item.

    That is every rule in every view: the dark palette changes colours only, so the rules
    that read no colour give the same in both palettes; the content's colours do not depend
    on the width (the test above holds both to the stylesheets), so the colour rules on the
    content give the same at both widths. The width is changed as a reader turns a tablet,
    by resizing the window (Material lays out by media queries, which follow it), and the
    palette with Material's switch, in whichever order the page opened in.

    The same walk keeps every request the pages make to other hosts (a listener on the
    context, which sees the search index and any late request too) and how wide each page
    is at phone width."""
    own = urlsplit(base_url).netloc
    outside, wide, problems = [], [], {}
    context = browser.new_context(viewport=WIDTHS["desktop"], color_scheme="light")
    context.on("request", lambda request: outside.append(request.url) if urlsplit(request.url).scheme in ("http", "https", "ws", "wss") and urlsplit(request.url).netloc != own else None)
    page = context.new_page()
    width = "desktop"
    for path in paths:
        whole = path in WHOLE
        if whole:
            page.goto(base_url + path)
        else:
            follow_link(page, base_url + path)
        opened = palette(page)
        if path == paths[0]:  # nothing chosen yet: the page follows the system, light here
            assert opened == "light", f"{path} opened {opened} in a light system"
        measured = False
        for view_width, view_palette, rules in in_order(WHOLE_VIEWS if whole else VIEWS, width, opened):
            if view_width != width:
                width = view_width
                page.set_viewport_size(WIDTHS[width])
                still(page)
            if width == "phone" and not measured:
                measured, (window, scroll) = True, page.evaluate("[innerWidth, document.documentElement.scrollWidth]")
                assert window == WIDTHS["phone"]["width"], f"{path}: the window is {window} px wide, not a phone's"
                if scroll > WIDTHS["phone"]["width"]:
                    wide.append((path, scroll))
            show_palette(page, view_palette)
            start_axe(page, include=None if whole else ".md-content", rules=rules)
            violations = axe_result(page)
            if violations:
                problems[f"{path} ({view_palette}, {width}, {rules} rules)"] = violations
    context.close()
    return {"outside": outside, "wide": wide, "problems": problems}


class Walk:
    """The walk of half the pages. A class for each half: pyproject.toml sends a class's
    tests to one worker, so the two halves walk at once, side by side."""

    half = 0

    @pytest.fixture(scope="class")
    @classmethod
    def walked(cls, site, base_url, browser) -> dict:
        return walk(site, base_url, browser, pages(site)[cls.half::2])

    def test_axe_finds_no_wcag_violation(self, walked):
        """Every page, in both palettes at both widths: see `walk`."""
        assert walked["problems"] == {}

    def test_no_request_leaves_the_site(self, walked):
        assert walked["outside"] == []

    def test_no_page_scrolls_sideways_on_a_phone(self, walked):
        assert walked["wide"] == []


class TestEveryPageFromTheFirst(Walk):
    """The first page of the site, the third, the fifth and so on."""

    half = 0


class TestEveryPageFromTheSecond(Walk):
    """The second page of the site, the fourth, the sixth and so on."""

    half = 1


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
        follow_link(page, f"{base_url}protocols/{protocol_id}/")
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
