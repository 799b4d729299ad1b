"""The step timer on the built site, used the way a facilitator uses it, in Chromium.

Playwright's clock stands in for the wall clock: it is installed before the page loads
and then paused, so each test moves time exactly. `run_for` fires every timer on the
way, as an open tab does; `fast_forward` jumps and fires each due timer once, as a tab
the browser hid or a laptop lid closed for a while does.

Set SCREENSHOTS to a folder to keep screenshots of each state for a person to look at.
"""

from __future__ import annotations

import html
import json
import re

import pytest
from playwright.sync_api import expect

from .helpers import CHIMES, axe_in_both_palettes, open_context, palette, shot

START = 1_800_000_000  # seconds since 1970, when every test's clock starts
MIN = 60_000  # ms
FOCUSED = "node => node === document.activeElement"
MATERIAL_KEYS = {"F", "S", "/", "P", "N", ",", "."}

# Records what the timer asks of Web Audio and the Screen Wake Lock API, so a test can
# count chimes and locks without speakers or a screen. Sound still goes through the
# browser's real AudioContext.
RECORDERS = CHIMES + """
window.__locks = 0;
Object.defineProperty(navigator, "wakeLock", { configurable: true, value: { request() {
  const lock = new EventTarget();
  window.__locks += 1;
  lock.release = () => { window.__locks -= 1; lock.dispatchEvent(new Event("release")); return Promise.resolve(); };
  return Promise.resolve(lock);
} } });
"""


@pytest.fixture(scope="module")
def protocol(site) -> dict:
    """The step data that one protocol page of the built site embeds, ATLAS where it exists."""
    pages = sorted(site.glob("protocols/*/index.html"), key=lambda path: (path.parent.name != "atlas", path))
    for path in pages:
        found = re.search(r'<div class="lsw-timer" data-timer="([^"]*)"', path.read_text(encoding="utf-8"))
        if found:
            return json.loads(html.unescape(found.group(1)))
    pytest.fail("no protocol page of the built site has a timer")


@pytest.fixture
def timer(page, base_url, protocol):
    """The protocol's page, loaded with the clock paused one minute after START."""
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.add_init_script(RECORDERS)
    page.clock.install(time=START)
    page.goto(f"{base_url}protocols/{protocol['id']}/")
    page.clock.pause_at(START + 60)
    yield page
    assert errors == []


def region(page):
    return page.get_by_role("region", name="Step timer")


def button(page, name):
    return region(page).get_by_role("button", name=name, exact=True)


def shown(page) -> str:
    return region(page).get_by_role("timer").inner_text()


def seconds(text: str) -> int:
    """'4:05 left' -> 245, '1:02 over' -> -62."""
    found = re.fullmatch(r"(\d+):(\d\d) (left|over)", text.strip())
    assert found, f"not a time: {text!r}"
    value = int(found[1]) * 60 + int(found[2])
    return -value if found[3] == "over" else value


def status(page) -> str:
    return region(page).get_by_role("status").inner_text()


def notes(page) -> list:
    return page.evaluate("window.__notes")




def step_minutes(protocol, index) -> int:
    return protocol["steps"][index]["minutes"]


def test_the_timer_replaces_the_fallback_with_the_first_step(timer, protocol):
    first = protocol["steps"][0]
    text = region(timer).inner_text()
    assert timer.locator(".lsw-timer__fallback").count() == 0
    assert f"Step 1 of {len(protocol['steps'])}" in text
    assert first["title"] in text
    assert seconds(shown(timer)) == first["minutes"] * 60
    for name in ["Start", "Previous step", "Next step", "+1 min", "Reset", "Mute", "Projector view"]:
        assert button(timer, name).is_visible(), name
    assert region(timer).get_by_role("timer").get_attribute("aria-live") == "off"
    assert region(timer).get_by_role("status").count() == 1
    shot(timer, "idle", region(timer))


def test_ten_minutes_of_a_meeting(timer, protocol):
    first, second = step_minutes(protocol, 0), step_minutes(protocol, 1)
    assert first < 9, "this test needs a protocol whose first step is under nine minutes"
    button(timer, "Start").click()
    timer.clock.run_for((first - 1) * MIN)
    assert shown(timer) == "1:00 left"
    assert status(timer) == "One minute left in this step."
    assert timer.title().startswith("1:00 left · ")
    assert len(notes(timer)) == 1
    timer.clock.run_for(MIN)
    assert shown(timer) == "0:00 left"
    assert status(timer) == "Time's up for this step."
    assert len(notes(timer)) == 3
    timer.clock.run_for(30_000)
    assert shown(timer) == "0:30 over"
    assert button(timer, "Pause").is_visible()
    shot(timer, "overtime", region(timer))
    button(timer, "Next step").click()
    step = protocol["steps"][1]
    assert status(timer).startswith(f"Step 2 of {len(protocol['steps'])}: {step['title']}.")
    assert step["title"] in region(timer).inner_text()
    if step["prompt"]:
        assert step["prompt"] in region(timer).inner_text()
    if protocol["id"] == "atlas":
        assert "What do you see?" in region(timer).inner_text()
    timer.clock.run_for(10 * MIN - first * MIN - 30_000)
    assert seconds(shown(timer)) == second * 60 - (10 * 60 - first * 60 - 30)
    later = sum(step["minutes"] for step in protocol["steps"][1:]) * 60 - (10 * 60 - first * 60 - 30)
    assert f"Protocol: {later // 60}:{later % 60:02d} left" in region(timer).inner_text()
    shot(timer, "running", region(timer))


def test_an_hour_away_shows_the_right_time_the_moment_it_is_back(timer, protocol):
    button(timer, "Start").click()
    timer.clock.fast_forward("01:00:00")
    assert seconds(shown(timer)) == (step_minutes(protocol, 0) - 60) * 60
    # Only the newest cue sounds: the two-note "time's up", not the minute's note too.
    assert len(notes(timer)) == 2
    assert re.match(r"\d+:\d\d over · ", timer.title())


def test_a_reload_mid_step_resumes_on_the_same_step_with_the_right_time(timer, protocol):
    button(timer, "Start").click()
    button(timer, "Next step").click()
    timer.clock.run_for((step_minutes(protocol, 1) - 1) * MIN + 20_500)
    before = seconds(shown(timer))
    assert len(notes(timer)) == 1  # the one-minute chime
    timer.reload()
    assert f"Step 2 of {len(protocol['steps'])}" in region(timer).inner_text()
    assert seconds(shown(timer)) == before
    assert button(timer, "Pause").is_visible()
    timer.clock.run_for(10_000)
    assert seconds(shown(timer)) == before - 10
    assert notes(timer) == [], "the one-minute chime sounded again after the reload"


def test_a_paused_timer_stays_paused_after_a_reload(timer):
    button(timer, "Start").click()
    timer.clock.run_for(90_000)
    button(timer, "Pause").click()
    before = shown(timer)
    timer.reload()
    timer.clock.run_for(5 * MIN)
    assert shown(timer) == before
    assert button(timer, "Resume").is_visible()


def away_and_back(page, protocol, back):
    """Leaves for the glossary by the navigation and returns, with instant navigation."""
    page.evaluate("window.__sameDocument = true")
    page.get_by_role("navigation", name="Navigation").get_by_role("link", name="Glossary").click()
    page.get_by_role("heading", level=1, name="Glossary").wait_for()
    page.clock.run_for(3000)
    assert page.locator(".lsw-timer").count() == 0
    assert not re.match(r"\d+:\d\d (left|over)", page.title()), "a timer still writes the tab's title"
    assert page.evaluate("window.__locks") == 0, "the wake lock was kept after leaving"
    back()
    page.wait_for_url(f"**/protocols/{protocol['id']}/**")
    region(page).get_by_role("timer").wait_for()
    assert page.evaluate("window.__sameDocument") is True, "the page was reloaded, not navigated"


def one_second_moves_the_display_by_one_second(page):
    before = seconds(shown(page))
    page.clock.run_for(1000)
    assert seconds(shown(page)) == before - 1


def test_leaving_and_coming_back_keeps_the_time_and_runs_one_timer(timer, protocol):
    button(timer, "Start").click()
    timer.clock.run_for(5000)
    away_and_back(timer, protocol, timer.go_back)
    assert seconds(shown(timer)) == step_minutes(protocol, 0) * 60 - 8
    one_second_moves_the_display_by_one_second(timer)
    # One press pauses once: a second keyboard listener left behind would resume it.
    timer.keyboard.press("k")
    assert button(timer, "Resume").is_visible()
    timer.keyboard.press("k")
    nav = timer.get_by_role("navigation", name="Navigation")
    away_and_back(timer, protocol, lambda: nav.get_by_role("link", name=protocol["title"], exact=True).click())
    one_second_moves_the_display_by_one_second(timer)
    assert button(timer, "Pause").is_visible()
    assert timer.evaluate("window.__locks") == 1


def test_projector_view_fills_the_screen_with_the_step_and_the_same_controls(timer, protocol):
    button(timer, "Start").click()
    button(timer, "Projector view").click()
    assert button(timer, "Projector view").get_attribute("aria-pressed") == "true"
    box = region(timer).bounding_box()
    viewport = timer.viewport_size
    assert (box["x"], box["y"], box["width"], box["height"]) == (0, 0, viewport["width"], viewport["height"])
    size = region(timer).get_by_role("timer").evaluate("node => parseFloat(getComputedStyle(node).fontSize)")
    assert size >= viewport["height"] / 6, "the time is too small to read from the back of the room"
    assert not region(timer).get_by_role("list", name="Steps").is_visible(), "the steps' list is for the facilitator's screen"
    assert region(timer).get_by_text(protocol["steps"][0]["title"], exact=True).bounding_box()["y"] >= 0
    shot(timer, "projector")
    button(timer, "Next step").click()
    assert f"Step 2 of {len(protocol['steps'])}" in region(timer).inner_text()
    # A presentation remote's keys.
    timer.keyboard.press("PageDown")
    assert f"Step 3 of {len(protocol['steps'])}" in region(timer).inner_text()
    timer.keyboard.press("ArrowLeft")
    assert f"Step 2 of {len(protocol['steps'])}" in region(timer).inner_text()
    timer.keyboard.press("Escape")
    assert button(timer, "Projector view").get_attribute("aria-pressed") == "false"
    assert region(timer).get_by_role("list", name="Steps").is_visible(), "the facilitator's screen is back"


def test_fit_to_time_scales_the_steps_and_reset_restores_them(timer, protocol):
    own = [step["minutes"] for step in protocol["steps"]]
    total = round(sum(own) / 2)
    region(timer).get_by_text("Fit to time").click()
    region(timer).get_by_label("Minutes the group has").fill(str(total))
    button(timer, "Fit").click()
    listed = region(timer).get_by_role("list", name="Steps").get_by_role("listitem").all_inner_texts()
    fitted = [int(re.search(r": (\d+) min", item)[1]) for item in listed]
    assert sum(fitted) == total
    assert min(fitted) >= 1
    for item, minutes in zip(listed, own, strict=True):
        assert f"(protocol: {minutes:g} minutes)" in item
    assert seconds(shown(timer)) == fitted[0] * 60
    assert f"left of {total} minutes." in region(timer).inner_text()
    button(timer, "Reset").click()
    assert "(protocol:" not in region(timer).inner_text()
    assert seconds(shown(timer)) == own[0] * 60


@pytest.mark.parametrize("name", ["meeting", "fit"], ids=["meeting", "fit, the name in older links"])
def test_a_link_with_the_minutes_the_group_has_opens_the_timer_fitted(page, base_url, protocol, name):
    own = [step["minutes"] for step in protocol["steps"]]
    total = round(sum(own) / 2)
    page.goto(f"{base_url}protocols/{protocol['id']}/?{name}={total}")
    listed = region(page).get_by_role("list", name="Steps").get_by_role("listitem").all_inner_texts()
    fitted = [int(re.search(r": (\d+) min", item)[1]) for item in listed]
    assert sum(fitted) == total
    assert f"left of {total} minutes." in region(page).inner_text()
    assert region(page).get_by_label("Minutes the group has").input_value() == str(total)


def test_every_action_has_a_key_that_material_does_not_use(timer, protocol):
    first = step_minutes(protocol, 0)
    timer.keyboard.press("k")
    assert button(timer, "Pause").is_visible()
    timer.keyboard.press("l")
    assert f"Step 2 of {len(protocol['steps'])}" in region(timer).inner_text()
    timer.keyboard.press("j")
    assert seconds(shown(timer)) == first * 60
    timer.keyboard.press("+")
    assert seconds(shown(timer)) == (first + 1) * 60
    timer.keyboard.press("m")
    assert button(timer, "Mute").get_attribute("aria-pressed") == "true"
    timer.keyboard.press("v")
    assert button(timer, "Projector view").get_attribute("aria-pressed") == "true"
    timer.keyboard.press("Escape")
    assert button(timer, "Projector view").get_attribute("aria-pressed") == "false"
    keys = region(timer).get_by_role("button").evaluate_all(
        "buttons => buttons.map(b => b.getAttribute('aria-keyshortcuts')).filter(Boolean)"
    )
    assert len(keys) == 5 and not MATERIAL_KEYS & set(keys)


def test_keys_typed_into_a_field_do_not_control_the_timer(timer):
    region(timer).get_by_text("Fit to time").click()
    field = region(timer).get_by_label("Minutes the group has")
    field.press("k")
    field.press("l")
    timer.keyboard.press("Escape")
    timer.keyboard.press("/")  # Material's own key for its search field
    assert timer.evaluate("document.activeElement.matches('input')")
    timer.keyboard.type("kl")
    assert button(timer, "Start").is_visible()
    assert "Step 1 of" in region(timer).inner_text()


def test_the_buttons_work_from_the_keyboard_with_a_visible_focus(timer):
    button(timer, "Start").focus()
    timer.keyboard.press("Enter")
    assert button(timer, "Pause").evaluate(FOCUSED)
    outline = button(timer, "Pause").evaluate("node => getComputedStyle(node).outlineStyle")
    assert outline == "solid"
    timer.keyboard.press("Tab")
    assert button(timer, "Previous step").evaluate(FOCUSED)
    timer.keyboard.press("Tab")
    timer.keyboard.press("Space")
    assert "Step 2 of" in region(timer).inner_text()
    assert button(timer, "Next step").evaluate(FOCUSED)


def test_next_on_the_last_step_finishes_and_keeps_the_focus(timer, protocol):
    button(timer, "Start").click()
    for _ in protocol["steps"]:
        button(timer, "Next step").click()
    assert "All steps done" in region(timer).inner_text()
    assert status(timer) == "All steps done."
    assert button(timer, "Next step").get_attribute("aria-disabled") == "true"
    assert button(timer, "Next step").evaluate(FOCUSED)
    assert not re.match(r"\d+:\d\d", timer.title())


def test_the_tab_title_shows_the_time_left_only_while_running(timer):
    title = timer.title()
    button(timer, "Start").click()
    timer.clock.run_for(2000)
    assert timer.title() == f"{shown(timer)} · {title}"
    button(timer, "Pause").click()
    assert timer.title() == title


def test_the_screen_is_kept_awake_only_while_running(timer):
    assert timer.evaluate("window.__locks") == 0
    button(timer, "Start").click()
    assert timer.evaluate("window.__locks") == 1
    button(timer, "Pause").click()
    assert timer.evaluate("window.__locks") == 0
    button(timer, "Resume").click()
    assert timer.evaluate("window.__locks") == 1


def test_without_wake_lock_or_web_audio_the_timer_still_runs(page, base_url, protocol):
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.add_init_script("delete Navigator.prototype.wakeLock; delete window.AudioContext;")
    page.clock.install(time=START)
    page.goto(f"{base_url}protocols/{protocol['id']}/")
    page.clock.pause_at(START + 60)
    button(page, "Start").click()
    page.clock.run_for(step_minutes(protocol, 0) * MIN)
    assert shown(page) == "0:00 left"
    assert errors == []


def test_mute_is_remembered_and_silences_the_chime(timer, protocol):
    button(timer, "Mute").click()
    timer.reload()
    assert button(timer, "Mute").get_attribute("aria-pressed") == "true"
    button(timer, "Start").click()
    timer.clock.run_for(step_minutes(protocol, 0) * MIN)
    assert status(timer) == "Time's up for this step."
    assert notes(timer) == []


@pytest.mark.parametrize("motion, animation", [("no-preference", "lsw-timer-pulse"), ("reduce", "none")])
def test_a_cue_pulses_once_and_not_at_all_under_reduced_motion(timer, protocol, motion, animation):
    timer.emulate_media(reduced_motion=motion)
    button(timer, "Start").click()
    timer.clock.run_for((step_minutes(protocol, 0) - 1) * MIN)
    style = region(timer).get_by_role("timer").evaluate(
        "node => [getComputedStyle(node).animationName, getComputedStyle(node).animationIterationCount]"
    )
    assert style == [animation, "1"]


# The words of the timer's buttons that are drawn across two lines (broken inside the word).
BROKEN_WORDS = r"""region => [...region.querySelectorAll("button")].filter(button => button.offsetParent).flatMap(button => {
    const broken = [];
    const walker = document.createTreeWalker(button, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode())
        for (const word of node.data.matchAll(/\S+/g)) {
            const range = document.createRange();
            range.setStart(node, word.index);
            range.setEnd(node, word.index + word[0].length);
            if (new Set([...range.getClientRects()].map(rect => Math.round(rect.top))).size > 1) broken.push(word[0]);
        }
    return broken;
})"""


def test_a_phone_shows_the_timer_without_sideways_scrolling(timer):
    timer.set_viewport_size({"width": 360, "height": 740})
    button(timer, "Start").click()
    region(timer).scroll_into_view_if_needed()
    assert timer.evaluate("document.documentElement.scrollWidth") <= 360
    assert region(timer).evaluate("node => node.scrollWidth <= node.clientWidth")
    assert region(timer).evaluate(BROKEN_WORDS) == [], "a button's label is broken inside a word"
    shot(timer, "phone")


def test_axe_finds_no_violation_in_the_timer(page, base_url, protocol):
    """The timer idle, running, in projector view and in overtime, each as it would be two
    seconds after Start (and, in overtime, the first step's minutes later), scanned by axe
    in both palettes (helpers.axe_in_both_palettes): every rule of axe's default set (WCAG
    and best practice) in the light palette, the rules that read colours in the dark one.
    The page opens dark, as the system asks."""
    page.emulate_media(color_scheme="dark")
    page.clock.install(time=START)
    page.goto(f"{base_url}protocols/{protocol['id']}/")
    page.clock.pause_at(START + 60)
    assert palette(page) == "dark"
    page.clock.resume()  # axe-core waits on timers of its own; run_for still moves time on exactly
    problems = {}

    def scan(state, shown_in=None):
        problems[state] = axe_in_both_palettes(page, ".lsw-timer", tags=None, in_dark=lambda page: shot(page, f"dark-{state}", shown_in))

    scan("idle", region(page))
    button(page, "Start").click()
    page.clock.run_for(2000)
    scan("running", region(page))
    button(page, "Projector view").click()
    scan("projector")
    button(page, "Projector view").click()
    page.clock.run_for(step_minutes(protocol, 0) * MIN)
    assert shown(page).endswith(" over")
    scan("overtime", region(page))
    none = {"light": [], "dark": []}
    assert problems == {"idle": none, "running": none, "projector": none, "overtime": none}


# Saved state the page does not expect is dropped: the timer starts afresh.


def test_saved_state_that_is_not_a_timers_is_dropped_quietly(timer, protocol):
    key = f"handbook.timer.{protocol['id']}"
    own = [step["minutes"] for step in protocol["steps"]]
    # Paused on step 2 with 1:30 left: any broken copy of it taken up would show step 2.
    good = {"minutes": own, "fitted": own, "seen": START * 1000, "revision": 2, "step": 1,
            "status": "paused", "deadline": None, "left": 90_000, "cue": 0}
    save = "([key, text]) => localStorage.setItem(key, text)"
    timer.evaluate(save, [key, json.dumps(good)])
    timer.reload()
    assert f"Step 2 of {len(own)}" in region(timer).inner_text()
    assert (shown(timer), button(timer, "Resume").is_visible()) == ("1:30 left", True)
    # A few of each kind; tests/test_timer_core.py refuses every field's wrong values.
    broken = [
        "{", "null", json.dumps([good]),
        json.dumps({**good, "step": len(own) + 5}), json.dumps({**good, "fitted": own[1:]}),
        json.dumps({**good, "fitted": ["5", *own[1:]]}), json.dumps({**good, "status": "constructor"}),
        json.dumps({**good, "status": "running", "deadline": str(START * 1000), "left": None}),
    ]
    for text in broken:
        timer.evaluate(save, [key, text])
        timer.evaluate(save, ["handbook.timer.muted", text])
        timer.reload()
        assert f"Step 1 of {len(own)}" in region(timer).inner_text(), text
        assert seconds(shown(timer)) == own[0] * 60, text
        assert button(timer, "Start").is_visible(), text
        assert button(timer, "Mute").get_attribute("aria-pressed") == "false", text
    # And it runs: the broken copy is replaced by the first save.
    button(timer, "Start").click()
    assert json.loads(timer.evaluate("key => localStorage.getItem(key)", key))["status"] == "running"


# Two tabs of one browser on the same protocol follow each other.

# Makes a tab miss the news of other tabs' saves while window.__deaf is true, as a tab
# does when it acts before the news arrives: by the storage event and by the
# BroadcastChannel (browser/storage.js). Runs before the page's own listeners.
DEAF = """
addEventListener("storage", event => { if (window.__deaf) event.stopImmediatePropagation(); }, true);
if (window.BroadcastChannel) {
  const Real = window.BroadcastChannel;
  window.BroadcastChannel = class extends Real {
    constructor(name) {
      super(name);
      this.addEventListener("message", event => { if (window.__deaf) event.stopImmediatePropagation(); });
    }
  };
}
"""


@pytest.fixture
def tabs(browser, site, base_url, protocol):
    """Two tabs of one browser on the protocol's page, sharing one paused clock."""
    context = open_context(browser)
    context.add_init_script(DEAF)
    context.clock.install(time=START)
    errors = []
    pages = []
    for _ in range(2):
        page = context.new_page()
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(f"{base_url}protocols/{protocol['id']}/")
        pages.append(page)
    context.clock.pause_at(START + 60)
    yield pages
    context.close()
    assert errors == []


def soon(page, name):
    """The button `name` of `page`'s timer, waited for no longer than a second."""
    expect(button(page, name)).to_be_visible(timeout=1000)


def test_a_pause_a_step_a_minute_and_a_reset_in_one_tab_show_in_the_other(tabs, protocol):
    a, b = tabs
    total = len(protocol["steps"])
    button(a, "Start").click()
    soon(b, "Pause")
    a.clock.run_for(90_000)
    button(a, "Pause").click()
    soon(b, "Resume")
    assert shown(b) == shown(a) == f"{step_minutes(protocol, 0) - 2}:30 left"
    button(b, "Next step").click()
    expect(region(a).get_by_text(f"Step 2 of {total}", exact=True)).to_be_visible(timeout=1000)
    assert shown(a) == f"{step_minutes(protocol, 1)}:00 left"
    button(a, "+1 min").click()
    expect(region(b).get_by_role("timer")).to_have_text(f"{step_minutes(protocol, 1) + 1}:00 left", timeout=1000)
    button(b, "Start").click()
    soon(a, "Pause")
    a.clock.run_for(5000)
    assert shown(a) == shown(b) == f"{step_minutes(protocol, 1)}:55 left"
    shot(a, "two-tabs-a", region(a))
    shot(b, "two-tabs-b", region(b))
    button(b, "Reset").click()
    expect(region(a).get_by_text(f"Step 1 of {total}", exact=True)).to_be_visible(timeout=1000)
    soon(a, "Start")
    assert shown(a) == f"{step_minutes(protocol, 0)}:00 left"


def test_a_tab_that_missed_a_change_never_writes_over_it(tabs, protocol, base_url):
    a, b = tabs
    first = step_minutes(protocol, 0)
    total = len(protocol["steps"])
    button(a, "Start").click()
    soon(b, "Pause")
    b.evaluate("window.__deaf = true")
    # Half a second before step 1's one-minute cue, A moves on; B has not heard.
    a.clock.run_for((first - 1) * MIN - 500)
    button(a, "Next step").click()
    assert f"Step 1 of {total}" in region(b).inner_text()
    # B's next tick is its cue, saved as it sounds: B first takes up A's newer step.
    a.clock.run_for(1000)
    expect(region(b).get_by_text(f"Step 2 of {total}", exact=True)).to_be_visible(timeout=1000)
    assert status(b) != "One minute left in this step."
    assert f"Step 2 of {total}" in region(a).inner_text()
    # A pauses; B, still deaf, adds a minute: it adds it to the paused step 2.
    button(a, "Pause").click()
    assert button(b, "Pause").is_visible()
    button(b, "+1 min").click()
    assert button(b, "Resume").is_visible()
    soon(a, "Resume")
    assert shown(a) == shown(b) == f"{step_minutes(protocol, 1)}:59 left"
    # A third tab opened now sees the same.
    c = a.context.new_page()
    c.goto(f"{base_url}protocols/{protocol['id']}/")
    assert f"Step 2 of {total}" in region(c).inner_text()
    assert shown(c) == shown(a)


def test_a_tab_that_left_the_page_no_longer_follows_the_timer(tabs, protocol):
    a, b = tabs
    b.evaluate("window.__sameDocument = true")
    b.get_by_role("navigation", name="Navigation").get_by_role("link", name="Glossary").click()
    b.get_by_role("heading", level=1, name="Glossary").wait_for()
    title = b.title()
    # The tab's title once the news of A's save has been handled (by listeners older than this one).
    b.evaluate("() => { window.__heard = new Promise(done => addEventListener('storage', () => done(document.title), { once: true })); }")
    button(a, "Start").click()
    assert b.evaluate("window.__heard") == title, "the timer that was left still writes the tab's title"
    assert b.evaluate("window.__sameDocument") is True, "the page was reloaded, not navigated"
    b.go_back()
    soon(b, "Pause")
