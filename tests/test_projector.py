"""The projector window: the room's view of a step timer run, opened from the timer on a
protocol's page (or a planned agenda's run) and kept in step with it, in Chromium.

Both windows are pages of one browser context, sharing one Playwright clock: installed
before the pages load and then paused, so each test moves time exactly. A window follows
the other on the browser's own news of a save, which needs no timer: "within half a
second" is Playwright waiting no longer than that in real time after the action.

Set SCREENSHOTS to a folder to keep screenshots of both windows at 1920×1080.
"""

from __future__ import annotations

import json
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from .helpers import CHIMES, axe_result, embedded_json, open_context, shot, start_axe, text_contrasts, timer, timer_button

START = 1_800_000_000  # seconds since 1970, when every test's clock starts
MIN = 60_000  # ms
SOON = 500  # ms: how long one window may take to show the other's action
FULL_HD = {"width": 1920, "height": 1080}
HD = {"width": 1280, "height": 720}



# Makes a window miss the storage event while window.__deaf is true, so that only the
# BroadcastChannel brings it news. Runs before the page's own listeners.
DEAF = """addEventListener("storage", event => { if (window.__deaf) event.stopImmediatePropagation(); }, true);"""


@pytest.fixture(scope="module")
def protocol(site) -> dict:
    """ATLAS as its page hands it to the timer: six steps, presenter silent in some."""
    return embedded_json(site, "protocols/atlas", "lsw-timer", "data-timer")


@pytest.fixture
def context(browser, site, base_url):
    """A browser context at 1920×1080 with a paused clock; it fails the test if a page
    throws or anything is asked of another host."""
    context = open_context(browser, viewport=FULL_HD)
    context.add_init_script(CHIMES)
    context.add_init_script(DEAF)
    context.clock.install(time=START)
    own = urlsplit(base_url).netloc
    errors, outside = [], []
    context.on("page", lambda page: page.on("pageerror", lambda error: errors.append(f"{page.url}: {error}")))
    context.on("request", lambda request: outside.append(request.url) if urlsplit(request.url).netloc != own else None)
    yield context
    context.close()
    assert errors == []
    assert outside == []


def controls(projector):
    return projector.get_by_role("group", name="Timer controls")


def control(projector, name):
    return controls(projector).get_by_role("button", name=name, exact=True)


def press(projector, name):
    """Press a projector control as a user does: the pointer moves, which shows the controls, then clicks."""
    show_controls(projector)
    control(projector, name).click()


def show_controls(projector):
    projector.mouse.move(600, 500)
    projector.mouse.move(620, 520)
    expect(controls(projector)).to_have_css("opacity", "1")


def clock(page):
    return page.get_by_role("timer")


def step_heading(projector):
    return projector.get_by_role("heading", level=1)


def open_projector(facilitator):
    with facilitator.expect_popup() as popup:
        timer_button(facilitator, "Projector window").click()
    projector = popup.value
    projector.set_viewport_size(FULL_HD)  # as if made full screen on a 1080p projector
    expect(clock(projector)).to_be_visible()
    return projector


@pytest.fixture
def windows(context, base_url):
    """The facilitator's window on ATLAS's page and the projector window it opened."""
    facilitator = context.new_page()
    facilitator.goto(f"{base_url}protocols/atlas/")
    context.clock.pause_at(START + 60)
    return facilitator, open_projector(facilitator)


def test_the_projector_window_opens_from_the_timer_beside_the_page(windows, base_url):
    facilitator, projector = windows
    assert projector.url == f"{base_url}projector.html?timer=atlas"
    assert projector.title() == "Projector window · ATLAS: Learning from Student Work"
    assert facilitator.url == f"{base_url}protocols/atlas/"
    # The facilitator's page stays as it was, its own projector view included.
    expect(timer_button(facilitator, "Projector view")).to_be_visible()
    expect(timer(facilitator).get_by_role("status")).to_have_text("Projector window opened: move it to the projector and make it full screen.")


def test_the_room_sees_each_step_and_nothing_meant_for_the_facilitator(windows, protocol):
    facilitator, projector = windows
    steps = protocol["steps"]
    moves = facilitator.locator(".lsw-step__moves + ul > li").all_inner_texts()
    assert len(moves) >= 6, "ATLAS's page lists its facilitator moves"
    # No navigation, search, header, footer or links: the window is the timer alone.
    for role in ("navigation", "link", "search", "banner", "contentinfo", "textbox"):
        assert projector.get_by_role(role).count() == 0, role
    strip = projector.get_by_role("list", name="Steps").get_by_role("listitem")
    for i, step in enumerate(steps):
        expect(step_heading(projector)).to_have_text(step["title"])
        expect(projector.get_by_text(f"Step {i + 1} of 6", exact=True)).to_be_visible()
        speaks = projector.locator(".lsw-projector__speaks")
        expect(speaks).to_contain_text(f"Who speaks: {step['speaks']}")
        if step["presenter_silent"]:
            expect(speaks.locator("strong")).to_have_text("Presenter silent")
        else:
            expect(speaks).not_to_contain_text("Presenter silent")
        if step["prompt"]:
            expect(projector.get_by_text(f"“{step['prompt']}”", exact=True)).to_be_visible()
        expect(clock(projector)).to_have_text(f"{step['minutes']}:00 left")
        following = f"Next: {steps[i + 1]['title']}, {steps[i + 1]['duration']}." if i + 1 < len(steps) else "This is the last step."
        expect(projector.get_by_text(following, exact=True)).to_be_visible()
        expect(strip).to_have_count(6)
        assert [item.get_attribute("aria-current") for item in strip.all()] == ["step" if j == i else None for j in range(6)]
        everything = projector.evaluate("document.documentElement.textContent")
        assert "Facilitator moves" not in everything
        assert [move for move in moves if move in everything] == []
        projector.keyboard.press("ArrowRight")
    expect(step_heading(projector)).to_have_text("All steps done")
    expect(projector.get_by_text("Finished", exact=True)).to_be_visible()
    expect(timer(facilitator).get_by_text("Finished", exact=True)).to_be_visible(timeout=SOON)
    # The steps handed to the window are the timer's data, which carries no facilitator moves.
    handed = projector.evaluate("localStorage.getItem('handbook.projector.atlas')")
    assert [move for move in moves if move in handed] == []
    assert json.loads(handed)["steps"] == steps


def test_next_and_pause_in_either_window_show_in_the_other_within_half_a_second(windows, protocol):
    facilitator, projector = windows
    context = facilitator.context
    first, second, third = (step["title"] for step in protocol["steps"][:3])
    shot(facilitator, "projector-facilitator-ready")
    shot(projector, "projector-window-ready")

    # The facilitator's window leads.
    timer_button(facilitator, "Start").click()
    expect(control(projector, "Pause")).to_have_count(1, timeout=SOON)
    expect(projector.get_by_text("Not started", exact=True)).to_have_count(0, timeout=SOON)
    context.clock.run_for(90_000)
    expect(clock(projector)).to_have_text("3:30 left")
    expect(clock(facilitator)).to_have_text("3:30 left")
    timer_button(facilitator, "Next step").click()
    expect(step_heading(projector)).to_have_text(second, timeout=SOON)
    expect(clock(projector)).to_have_text("10:00 left", timeout=SOON)
    context.clock.run_for(20_000)
    timer_button(facilitator, "Pause").click()
    expect(projector.get_by_text("Paused", exact=True)).to_be_visible(timeout=SOON)
    expect(clock(projector)).to_have_text("9:40 left")
    shot(facilitator, "projector-facilitator-paused")
    shot(projector, "projector-window-paused")

    # The projector window leads, from a presentation remote's keys and from its controls.
    projector.keyboard.press("PageDown")
    expect(timer(facilitator).get_by_text("Step 3 of 6", exact=True)).to_be_visible(timeout=SOON)
    expect(clock(facilitator)).to_have_text("10:00 left", timeout=SOON)
    assert third in timer(facilitator).inner_text()
    projector.keyboard.press("PageUp")
    expect(timer(facilitator).get_by_text("Step 2 of 6", exact=True)).to_be_visible(timeout=SOON)
    press(projector, "Start")
    expect(timer_button(facilitator, "Pause")).to_be_visible(timeout=SOON)
    context.clock.run_for(15_000)
    expect(clock(facilitator)).to_have_text("9:45 left")
    press(projector, "+1 min")
    expect(clock(facilitator)).to_have_text("10:45 left", timeout=SOON)
    press(projector, "Next step")
    expect(timer(facilitator).get_by_text("Step 3 of 6", exact=True)).to_be_visible(timeout=SOON)
    press(projector, "Previous step")
    expect(timer(facilitator).get_by_text("Step 2 of 6", exact=True)).to_be_visible(timeout=SOON)
    press(projector, "Pause")
    expect(timer_button(facilitator, "Resume")).to_be_visible(timeout=SOON)
    assert first not in step_heading(projector).inner_text()

    # Reset and Fit are the facilitator's; the room sees what they do.
    timer_button(facilitator, "Reset").click()
    expect(step_heading(projector)).to_have_text(first, timeout=SOON)
    expect(projector.get_by_text("Not started", exact=True)).to_be_visible(timeout=SOON)
    timer(facilitator).get_by_text("Fit to time").click()
    timer(facilitator).get_by_label("Minutes the group has").fill("25")
    timer_button(facilitator, "Fit").click()
    # 50 minutes fitted into 25: 3, 5, 5, 5, 5 and 2.
    expect(clock(projector)).to_have_text("3:00 left", timeout=SOON)
    expect(projector.get_by_text(f"Next: {second}, 5 minutes.", exact=True)).to_be_visible(timeout=SOON)
    expect(projector.get_by_text("Protocol: 25:00 left of 25 minutes", exact=True)).to_be_visible(timeout=SOON)


def test_a_window_that_misses_the_storage_event_follows_on_the_broadcast_channel(windows, protocol):
    facilitator, projector = windows
    steps = protocol["steps"]
    projector.evaluate("window.__deaf = true")
    facilitator.evaluate("window.__deaf = true")
    timer_button(facilitator, "Next step").click()
    expect(step_heading(projector)).to_have_text(steps[1]["title"], timeout=SOON)
    projector.keyboard.press("ArrowRight")
    expect(timer(facilitator).get_by_text("Step 3 of 6", exact=True)).to_be_visible(timeout=SOON)
    assert steps[2]["title"] in timer(facilitator).inner_text()


def test_without_a_broadcast_channel_the_storage_event_keeps_the_windows_in_step(context, base_url, protocol):
    context.add_init_script("delete window.BroadcastChannel;")
    facilitator = context.new_page()
    facilitator.goto(f"{base_url}protocols/atlas/")
    projector = open_projector(facilitator)
    assert projector.evaluate("typeof BroadcastChannel") == "undefined"
    timer_button(facilitator, "Next step").click()
    expect(step_heading(projector)).to_have_text(protocol["steps"][1]["title"], timeout=SOON)
    projector.keyboard.press("ArrowRight")
    expect(timer(facilitator).get_by_text("Step 3 of 6", exact=True)).to_be_visible(timeout=SOON)


def test_reloads_a_closed_projector_window_and_a_sleeping_laptop_lose_nothing(windows, protocol):
    facilitator, projector = windows
    context = facilitator.context
    second = protocol["steps"][1]["title"]
    timer_button(facilitator, "Start").click()
    context.clock.run_for(60_000)
    timer_button(facilitator, "Next step").click()
    context.clock.run_for(20_000)
    expect(clock(projector)).to_have_text("9:40 left")

    projector.reload()
    expect(step_heading(projector)).to_have_text(second)
    expect(clock(projector)).to_have_text("9:40 left")
    expect(control(projector, "Pause")).to_have_count(1)
    facilitator.reload()
    expect(timer(facilitator).get_by_text("Step 2 of 6", exact=True)).to_be_visible()
    expect(clock(facilitator)).to_have_text("9:40 left")

    projector.close()
    context.clock.run_for(60_000)
    projector = open_projector(facilitator)
    expect(step_heading(projector)).to_have_text(second)
    expect(clock(projector)).to_have_text("8:40 left")

    # The laptop sleeps for a minute: no timer runs, and both windows wake to the same time.
    context.clock.fast_forward("01:00")
    expect(clock(projector)).to_have_text("7:40 left")
    expect(clock(facilitator)).to_have_text("7:40 left")
    expect(step_heading(projector)).to_have_text(second)


def test_chimes_sound_in_the_facilitators_window_only(windows, protocol):
    facilitator, projector = windows
    first = protocol["steps"][0]["minutes"]
    # Started from the remote, in the projector window: the facilitator's window still
    # chimes, its sound woken by the click that opened the projector window.
    projector.keyboard.press("k")
    expect(timer_button(facilitator, "Pause")).to_be_visible(timeout=SOON)
    facilitator.context.clock.run_for((first - 1) * MIN)
    expect(clock(projector)).to_have_text("1:00 left")
    assert len(facilitator.evaluate("window.__notes")) == 1
    facilitator.context.clock.run_for(MIN + 2000)
    expect(clock(projector)).to_have_text("0:02 over")
    expect(projector.get_by_text("Time's up", exact=True)).to_be_visible()
    assert len(facilitator.evaluate("window.__notes")) == 3
    assert projector.evaluate("window.__notes") == []


def test_the_controls_show_only_while_the_pointer_moves_and_keys_need_none(windows, protocol):
    _, projector = windows
    group = controls(projector)
    expect(group).to_have_css("opacity", "0")
    for key, step in [("ArrowRight", 2), ("PageDown", 3), ("ArrowLeft", 2), ("PageUp", 1), ("l", 2), ("j", 1)]:
        projector.keyboard.press(key)
        expect(projector.get_by_text(f"Step {step} of 6", exact=True)).to_be_visible()
    projector.keyboard.press(" ")
    expect(control(projector, "Pause")).to_have_count(1)
    projector.keyboard.press("+")
    expect(clock(projector)).to_have_text(f"{protocol['steps'][0]['minutes'] + 1}:00 left")
    expect(group).to_have_css("opacity", "0")
    projector.mouse.move(300, 300)
    projector.mouse.move(320, 320)
    expect(group).to_have_css("opacity", "1")
    projector.context.clock.run_for(3000)
    expect(group).to_have_css("opacity", "0")
    # A keyboard that moves into the controls shows them while it is there.
    projector.keyboard.press("Tab")
    expect(group).to_have_css("opacity", "1")


def test_every_text_in_the_projector_window_has_at_least_7_to_1_contrast_in_every_state(windows, protocol):
    """Measured with the controls shown, so their text is measured too."""
    facilitator, projector = windows
    context = facilitator.context
    lowest = {}

    def measure(state):
        show_controls(projector)
        found = text_contrasts(projector)
        texts = " ".join(item["text"] for item in found)
        assert "ATLAS: Learning from Student Work" in texts and "Protocol:" in texts and "+1 min" in texts, state
        assert [item for item in found if item["ratio"] < 7] == [], state
        lowest[state] = min(item["ratio"] for item in found)
        shot(projector, f"projector-window-{state}")

    measure("ready")
    timer_button(facilitator, "Start").click()
    context.clock.run_for(30_000)
    expect(clock(projector)).to_have_text(f"{protocol['steps'][0]['minutes'] - 1}:30 left")
    measure("running")
    timer_button(facilitator, "Pause").click()
    expect(projector.get_by_text("Paused", exact=True)).to_be_visible(timeout=SOON)
    measure("paused")
    timer_button(facilitator, "Resume").click()
    context.clock.run_for(protocol["steps"][0]["minutes"] * MIN)
    expect(clock(projector)).to_have_text("0:30 over")
    measure("overtime")
    for _ in protocol["steps"]:
        timer_button(facilitator, "Next step").click()
    expect(step_heading(projector)).to_have_text("All steps done", timeout=SOON)
    measure("finished")
    # Black on white, and dark red (#8b0000) on white for overtime.
    assert lowest == {"ready": 21, "running": 21, "paused": 21, "overtime": 10.01, "finished": 21}


@pytest.mark.parametrize("size", [FULL_HD, HD], ids=["1920x1080", "1280x720"])
def test_the_clock_fills_a_quarter_of_the_screen_and_nothing_needs_scrolling(windows, protocol, size):
    """Readable from the back of a room, on the step with the longest prompt and title
    of ATLAS: benchmarks/projector.md has the figures."""
    _, projector = windows
    projector.set_viewport_size(size)
    for _ in range(3):
        projector.keyboard.press("ArrowRight")
    expect(step_heading(projector)).to_have_text(protocol["steps"][3]["title"])
    box = projector.locator(".lsw-projector__clock [data-part=time]").bounding_box()
    assert box["height"] >= size["height"] / 4
    prompt = projector.get_by_text(f"“{protocol['steps'][3]['prompt']}”", exact=True)
    assert prompt.evaluate("node => parseFloat(getComputedStyle(node).fontSize)") >= size["height"] / 25
    assert projector.evaluate("document.documentElement.scrollHeight") <= size["height"]
    assert projector.evaluate("document.documentElement.scrollWidth") <= size["width"]


def test_axe_finds_no_violation_in_either_window(windows, protocol):
    facilitator, projector = windows
    facilitator.context.clock.resume()  # axe-core waits on timers of its own
    problems = {}
    for state in ("ready", "overtime"):
        if state == "overtime":
            timer_button(facilitator, "Start").click()
            timer_button(facilitator, "+1 min").click()
            facilitator.context.clock.fast_forward(protocol["steps"][0]["minutes"] * MIN + 62_000)
            expect(projector.get_by_text("Time's up", exact=True)).to_be_visible()
            show_controls(projector)
        for page in (facilitator, projector):
            start_axe(page)
        for name, page in (("facilitator", facilitator), ("projector", projector)):
            violations = axe_result(page)
            if violations:
                problems[f"{name}, {state}"] = violations
    assert problems == {}


def test_a_blocked_projector_window_is_said_with_a_link_that_opens_it(context, base_url, protocol):
    facilitator = context.new_page()
    facilitator.add_init_script("window.open = () => null;")
    facilitator.goto(f"{base_url}protocols/atlas/")
    timer_button(facilitator, "Projector window").click()
    link = timer(facilitator).get_by_role("link", name="open it here")
    expect(link).to_be_visible()
    expect(link.locator("xpath=..")).to_have_text("The browser blocked the projector window: open it here.")
    expect(timer(facilitator).get_by_role("status")).to_have_text("The browser blocked the projector window: open it here.")
    assert link.get_attribute("href") == f"{base_url}projector.html?timer=atlas"
    with facilitator.expect_popup() as popup:
        link.click()
    expect(step_heading(popup.value)).to_have_text(protocol["steps"][0]["title"])
    shot(facilitator, "projector-blocked", timer(facilitator))


def test_a_planned_agenda_runs_in_the_projector_window_too(context, base_url, protocol):
    facilitator = context.new_page()
    facilitator.goto(f"{base_url}plan/planner/?add=atlas")
    facilitator.get_by_role("button", name="Run the agenda").click()
    projector = open_projector(facilitator)
    assert "projector.html?timer=agenda-" in projector.url
    expect(projector.get_by_text("Agenda", exact=True)).to_be_visible()
    expect(projector.get_by_text("Step 1 of 8", exact=True)).to_be_visible()
    projector.keyboard.press("ArrowRight")
    expect(step_heading(projector)).to_have_text(f"ATLAS: Learning from Student Work · {protocol['steps'][0]['title']}")
    expect(timer(facilitator).get_by_text("Step 2 of 8", exact=True)).to_be_visible(timeout=SOON)
    expect(projector.get_by_text("Agenda: 55:00 left of 1 h", exact=True)).to_be_visible()


def test_the_projector_window_opened_by_hand_says_where_to_open_it(context, base_url):
    page = context.new_page()
    page.goto(f"{base_url}projector.html?timer=atlas")
    expect(page.get_by_role("heading", level=1)).to_have_text("No timer to show")
    expect(page.get_by_text("Open the projector window from a step timer", exact=False)).to_be_visible()


def test_the_projector_window_is_in_no_navigation_search_or_sitemap(site):
    assert (site / "projector.html").is_file()
    # The guides may mention the projector window; no listing may lead to its page.
    assert "projector" not in (site / "sitemap.xml").read_text(encoding="utf-8")
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert [entry["location"] for entry in index["docs"] if "projector" in entry["location"]] == []
    assert '<meta name="robots" content="noindex">' in (site / "projector.html").read_text(encoding="utf-8")


def test_the_offline_edition_opens_the_projector_window_from_a_folder(browser, offline_site, protocol):
    context = open_context(browser, viewport=FULL_HD)
    requests = []
    context.on("request", lambda request: requests.append(request.url))
    facilitator = context.new_page()
    facilitator.goto((offline_site / "protocols" / "atlas.html").as_uri())
    projector = open_projector(facilitator)
    assert projector.url == (offline_site / "projector.html").as_uri() + "?timer=atlas"
    timer_button(facilitator, "Next step").click()
    expect(step_heading(projector)).to_have_text(protocol["steps"][1]["title"], timeout=SOON)
    projector.keyboard.press("ArrowRight")
    expect(timer(facilitator).get_by_text("Step 3 of 6", exact=True)).to_be_visible(timeout=SOON)
    assert [url for url in requests if not url.startswith(("file:", "data:", "blob:"))] == []
    context.close()
