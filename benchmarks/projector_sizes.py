"""How big the projector window draws its text, and at what contrast:
`.venv/bin/python benchmarks/projector_sizes.py [--site DIR]`.

Builds the handbook (or uses the site already built in DIR), opens ATLAS's page in
Chromium, opens the projector window from its timer, and at 1920×1080 and 1280×720
prints the rendered font sizes of the clock, the step's title, who speaks and the
prompt, the clock's height and the height of its digits in pixels; then, in each state
of a run (ready, running, paused, overtime, finished), the lowest WCAG contrast of any
text in the window. Figures, not a test (tests/test_projector.py holds the 7:1 floor);
they are kept in benchmarks/projector.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.helpers import CHROMIUM_ARGS, build_site, chromium_path, serve, text_contrasts  # noqa: E402

SIZES = [(1920, 1080), (1280, 720)]
STATES = ["ready", "running", "paused", "overtime", "finished"]
START = 1_800_000_000  # s: the clock every run starts from, so every run shows the same times
PARTS = {
    "clock": ".lsw-projector__clock",
    "step title": ".lsw-projector__title",
    "who speaks": ".lsw-projector__speaks",
    "prompt": ".lsw-projector__prompt",
    "next step": ".lsw-projector__next",
    "protocol and step": ".lsw-projector__head",
    "progress": ".lsw-projector__progress",
}
# The height of the clock's digits as drawn (ink, not line box), from the font it uses.
DIGITS = """node => {
  const context = document.createElement("canvas").getContext("2d");
  const style = getComputedStyle(node);
  context.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
  const ink = context.measureText("0123456789");
  return ink.actualBoundingBoxAscent + ink.actualBoundingBoxDescent;
}"""


def open_windows(browser, base_url: str, width: int, height: int):
    """ATLAS's page and the projector window opened from it, at width×height, on step 2
    (the first with a prompt), with the clock paused."""
    context = browser.new_context(viewport={"width": width, "height": height})
    context.clock.install(time=START)
    facilitator = context.new_page()
    facilitator.goto(f"{base_url}protocols/atlas/")
    context.clock.pause_at(START + 60)
    with facilitator.expect_popup() as popup:
        facilitator.get_by_role("button", name="Projector window", exact=True).click()
    projector = popup.value
    projector.set_viewport_size({"width": width, "height": height})
    projector.get_by_role("timer").wait_for()
    return context, facilitator, projector


def sizes(projector) -> dict[str, float]:
    figures = {}
    for name, selector in PARTS.items():
        figures[f"{name} font (px)"] = projector.locator(selector).evaluate("node => parseFloat(getComputedStyle(node).fontSize)")
    time = projector.locator(".lsw-projector__clock [data-part=time]")
    figures["clock height (px)"] = time.bounding_box()["height"]
    figures["clock digits, drawn (px)"] = time.evaluate(DIGITS)
    return figures


def press(page, name: str) -> None:
    page.get_by_role("region", name="Step timer").get_by_role("button", name=name, exact=True).click()


def reach(state: str, context, facilitator, projector) -> None:
    if state in ("running", "paused", "overtime"):
        press(facilitator, "Start")
        context.clock.run_for(30_000)
    if state == "paused":
        press(facilitator, "Pause")
    if state == "overtime":
        context.clock.run_for(10 * 60_000)
    if state == "finished":
        for _ in range(5):  # from step 2 of 6 to the end
            press(facilitator, "Next step")
    # The controls show, so that their text is measured too.
    projector.mouse.move(600, 500)
    projector.mouse.move(620, 520)
    projector.wait_for_function("getComputedStyle(document.querySelector('.lsw-projector__controls')).opacity === '1'")


def contrasts(browser, base_url: str, state: str) -> dict:
    context, facilitator, projector = open_windows(browser, base_url, *SIZES[0])
    press(facilitator, "Next step")
    projector.get_by_text("Step 2 of 6", exact=True).wait_for()
    reach(state, context, facilitator, projector)
    found = text_contrasts(projector)
    context.close()
    lowest = min(found, key=lambda item: item["ratio"])
    return {"texts": len(found), "lowest": lowest}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, help="a site built with `mkdocs build` (default: build one now)")
    options = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as temporary:
        site = options.site or Path(temporary) / "site"
        server, base_url = serve(site)
        if not options.site:
            result = build_site(ROOT, site, base_url)
            if result.returncode:
                print(result.stdout + result.stderr, file=sys.stderr)
                return 1
        print(f"date: {date.today().isoformat()}")
        print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()}")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
            print(f"browser: Chromium {browser.version}")
            print()
            by_size = {}
            for width, height in SIZES:
                context, facilitator, projector = open_windows(browser, base_url, width, height)
                press(facilitator, "Next step")
                projector.get_by_text("Step 2 of 6", exact=True).wait_for()
                by_size[f"{width}×{height}"] = sizes(projector)
                context.close()
            names = list(next(iter(by_size.values())))
            print("| measure | " + " | ".join(by_size) + " |")
            print("| --- |" + " ---: |" * len(by_size))
            for name in names:
                print(f"| {name} | " + " | ".join(f"{figures[name]:.0f}" for figures in by_size.values()) + " |")
            print()
            print("| state | texts measured | lowest contrast | its text | colour on background |")
            print("| --- | ---: | ---: | --- | --- |")
            for state in STATES:
                result = contrasts(browser, base_url, state)
                lowest = result["lowest"]
                print(f"| {state} | {result['texts']} | {lowest['ratio']:.2f}:1 | {lowest['text'][:30]} | {lowest['colour']} on {lowest['background']} |")
            browser.close()
        server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
