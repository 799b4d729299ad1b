"""What the tests share: building the real site, serving it, driving Chromium, reading pages.

Test modules import these from here, never from one another; tests/conftest.py holds
the fixtures built from them.
"""

from __future__ import annotations

import functools
import html
import http.server
import json
import os
import re
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


def copy_project(destination: Path) -> Path:
    """A copy of the handbook's sources, to change and build without touching the real one."""
    destination.mkdir(parents=True)
    for name in ("mkdocs.yml", "docs", "protocols", "macros", "overrides"):
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, destination / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, destination / name)
    return destination


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


def chromium_path() -> str:
    """CHROMIUM, or the system's Chromium: its headless shell first, as `dev.py test` picks it."""
    found = os.environ.get("CHROMIUM") or next(filter(None, map(shutil.which, ("chromium-headless-shell", "chromium", "chromium-browser"))), None)
    if not found:
        pytest.fail("Chromium was not found: run the tests with `python3 dev.py test`, which installs it, or set CHROMIUM.")
    return found


# Counts the notes the timer's chimes start (window.__notes), without speakers: sound still
# goes through the browser's real AudioContext.
CHIMES = """
window.__notes = [];
if (window.AudioContext) {
  const Real = window.AudioContext;
  window.AudioContext = class extends Real {
    createOscillator() {
      const tone = super.createOscillator();
      const start = tone.start.bind(tone);
      tone.start = (...args) => { window.__notes.push(tone.frequency.value); return start(...args); };
      return tone;
    }
  };
}
"""


def open_context(browser, **options):
    """A new browser context (with `browser.new_context`'s options), so no test sees another's
    saved state. Pages load everything a reader's would, the search index included: a test
    runs the site as it is published."""
    return browser.new_context(**options)


WCAG_A_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
# The rules that read colours: all that changes between the light and the dark palette.
COLOUR_RULES = ["color-contrast", "link-in-text-block"]


_AXE_SCRIPT = None


def start_axe(page, include: str | None = None, rules: str = "all", tags: list[str] | None = WCAG_A_AA) -> None:
    """Start axe-core's rules on the page as it is now (or on the part of it that the CSS
    selector `include` names); `axe_result` waits for them.

    `tags` picks the rules, WCAG 2.2 A and AA unless told (None: axe's own default set, best
    practices too); `rules` narrows them: "all", "colour" (only COLOUR_RULES) or "other"
    (all but those). axe is asked for violations only (the passes it would otherwise gather
    are most of its time). Pages in other contexts run in other renderer processes, so
    scans started on several pages before any result is read share the machine's cores.
    """
    assert rules in ("all", "colour", "other"), rules
    global _AXE_SCRIPT
    if _AXE_SCRIPT is None:
        import axe_playwright_python

        _AXE_SCRIPT = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(_AXE_SCRIPT)
    page.evaluate(
        """([tags, include, rules, colour]) => {
            const options = {resultTypes: ["violations"]};
            if (tags) options.runOnly = {type: "tag", values: tags};
            if (rules === "colour") options.runOnly = {type: "rule", values: colour};
            if (rules === "other") options.rules = Object.fromEntries(colour.map(id => [id, {enabled: false}]));
            window.__axeScan = axe.run(include ? {include: [[include]]} : document, options);
        }""",
        [tags, include, rules, COLOUR_RULES],
    )


def axe_result(page) -> list[str]:
    """The violations of the scan `start_axe` started on the page, one line each."""
    return page.evaluate(
        """() => window.__axeScan.then(results =>
            results.violations.map(v => `${v.id}: ${v.help} (${v.nodes.slice(0, 3).map(n => String(n.target)).join(", ")})`))"""
    )


def follow_link(page, url: str) -> None:
    """Go to `url` by a link, as a reader moves through the site: Material's instant
    navigation fetches the page and swaps it in, without loading the document again
    (a blank tab loads it). Returns once Material has sent the new page to its
    components (`document$`). Cheaper than a load by about seven times."""
    if page.url == url:
        return
    if page.url == "about:blank":
        page.goto(url)
        return
    # Material takes over links once it has read the sitemap; a click before that loads the
    # page afresh (a reader is never that quick). The sitemap's fetch has ended once its
    # timing entry is there; Material reads it a task later.
    page.wait_for_function("() => performance.getEntriesByType('resource').some(entry => new URL(entry.name).pathname.endsWith('/sitemap.xml'))")
    page.evaluate(
        """async url => {
            await new Promise(done => setTimeout(done, 0));
            window.__arrived = null;
            let first = true;  // document$ replays the page it is on to a new subscriber
            const watch = document$.subscribe(() => {
                if (first) return void (first = false);
                window.__arrived = location.href;
                watch.unsubscribe();
            });
            const link = Object.assign(document.createElement("a"), {href: url});
            document.body.append(link);
            link.click();
            link.remove();
        }""",
        url,
    )
    # A document loaded afresh has no __arrived: the link was not taken over.
    page.wait_for_function("url => window.__arrived === url || window.__arrived === undefined", arg=url)
    assert page.evaluate("window.__arrived") == url, f"{url} was loaded afresh, not by instant navigation: is site_url the test server's address?"


def still(page) -> None:
    """Wait until the page has stopped scrolling and its transitions have ended, so that
    axe reads each colour as it stays, not halfway through a fade. Not under a paused
    Playwright clock: it waits for animation frames."""
    page.evaluate(
        """async () => {
            const frame = () => new Promise(done => requestAnimationFrame(done));
            for (let last = -1, same = 0; same < 3; last = scrollY) {
                await frame();
                same = scrollY === last ? same + 1 : 0;
            }
            const ending = document.getAnimations().filter(animation => animation.effect.getTiming().iterations !== Infinity);
            // A transition cut short (the window resized under it) ends too: its promise rejects.
            await Promise.all(ending.map(animation => animation.finished.catch(() => null)));
        }"""
    )


PALETTES = {"light": "default", "dark": "slate"}  # Material's colour schemes, by the names the switch gives them


def palette(page) -> str:
    """The palette the page shows: "light" or "dark"."""
    scheme = page.locator("body").get_attribute("data-md-color-scheme")
    return next(name for name, shown in PALETTES.items() if shown == scheme)


def show_palette(page, name: str) -> None:
    """Switch the page to the palette `name` with Material's own switch, then wait for the
    colours' transitions to end, so that axe reads the colours a page opened in it has."""
    from playwright.sync_api import expect

    body = page.locator("body")
    if body.get_attribute("data-md-color-scheme") != PALETTES[name]:
        # Clicked by script: the pointer would leave the header's button hovered.
        page.locator(f"[data-md-component=palette] input[data-md-color-scheme={PALETTES[name]}]").evaluate("input => input.click()")
        expect(body).to_have_attribute("data-md-color-scheme", PALETTES[name])
        still(page)


def axe_in_both_palettes(page, include: str | None = None, tags: list[str] | None = WCAG_A_AA, in_dark=None) -> dict:
    """axe-core's violations on the page as it is now, in each palette, the one it shows
    first: every rule (of `tags`) in the light palette; in the dark one, which changes
    colours only, the rules that read colours. `in_dark(page)` is called while the page
    is dark (a screenshot, say). Returns {"light": [...], "dark": [...]}."""
    found = {}
    for name in sorted(PALETTES, key=lambda name: name != palette(page)):
        show_palette(page, name)
        start_axe(page, include, rules="all" if name == "light" else "colour", tags=tags)
        found[name] = axe_result(page)
        if name == "dark" and in_dark:
            in_dark(page)
    return found


def axe_violations(page) -> list[str]:
    """axe-core's WCAG 2.2 A and AA violations on the page as it is now, one line each."""
    start_axe(page)
    return axe_result(page)


def embedded_json(site: Path, page: str, css_class: str, attribute: str):
    """The JSON a built page embeds in `<div class="css_class" attribute="...">`."""
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


# The WCAG 2 contrast of every text a page shows, from Chromium's computed colours: the
# projector window's test holds it to 7:1, and benchmarks/projector_sizes.py writes it down.
# Every text node that is drawn (not hidden, not transparent, not clipped to a pixel for
# screen readers), with its colour and the colour behind it: the first opaque background
# up the tree, with any translucent ones above it laid over it.
_MEASURE = r"""
(root) => {
  const parse = value => {
    const [r, g, b, a = 1] = value.match(/[\d.]+/g).map(Number);
    return { r, g, b, a };
  };
  const over = (top, under) => ({
    r: top.r * top.a + under.r * (1 - top.a),
    g: top.g * top.a + under.g * (1 - top.a),
    b: top.b * top.a + under.b * (1 - top.a),
    a: 1,
  });
  const luminance = ({ r, g, b }) => {
    const linear = c => { c /= 255; return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
  };
  const background = element => {
    const layers = [];
    for (let node = element; node; node = node.parentElement) {
      const colour = parse(getComputedStyle(node).backgroundColor);
      if (colour.a > 0) layers.push(colour);
      if (colour.a === 1) break;
    }
    return layers.reduceRight((under, top) => over(top, under), { r: 255, g: 255, b: 255, a: 1 });
  };
  const hex = ({ r, g, b }) => "#" + [r, g, b].map(c => Math.round(c).toString(16).padStart(2, "0")).join("");
  const found = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let text = walker.nextNode(); text; text = walker.nextNode()) {
    const element = text.parentElement;
    if (!text.data.trim() || ["SCRIPT", "STYLE", "TITLE"].includes(element.tagName)) continue;
    if (!element.checkVisibility({ opacityProperty: true, visibilityProperty: true })) continue;
    const box = element.getBoundingClientRect();
    if (box.width <= 1 || box.height <= 1) continue;
    const back = background(element);
    const fore = over(parse(getComputedStyle(element).color), back);
    const [light, dark] = [luminance(fore), luminance(back)].sort((a, b) => b - a);
    found.push({
      text: text.data.trim(),
      colour: hex(fore),
      background: hex(back),
      ratio: Math.round(((light + 0.05) / (dark + 0.05)) * 100) / 100,
      size: parseFloat(getComputedStyle(element).fontSize),
    });
  }
  return found;
}
"""


def text_contrasts(page, selector: str = "body") -> list[dict]:
    """Every drawn text inside `selector`: its text, colour, background, contrast ratio
    (rounded to two decimals) and font size in CSS pixels."""
    return page.locator(selector).evaluate(_MEASURE)


def timer(page):
    """The step timer on a protocol page or an agenda run, found as a reader finds it."""
    return page.get_by_role("region", name="Step timer")


def timer_button(page, name: str):
    return timer(page).get_by_role("button", name=name, exact=True)
