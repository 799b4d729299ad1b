"""The facilitator's screen, and the fixes found running a meeting as a new user would, in Chromium.

The step timer on a protocol's page (and on a planned agenda's run) shows the facilitator,
for the current step, what the group does, the facilitator moves and what to say when the
step ends, and how late the meeting runs once steps have gone over. Expectations are
ATLAS's own words, written out from protocols/atlas.yml. Playwright's clock stands in for
the wall clock where time must pass, as in test_timer_browser.py.

Set SCREENSHOTS to a folder to keep screenshots (the protocol page at 390 pixels wide, the
facilitator's screen) for a person to look at.
"""

from __future__ import annotations

import re

import jsonschema
import pytest
from playwright.sync_api import expect

from macros import page_data, render, schema
from macros.library import load_library

from .helpers import ROOT, axe_in_both_palettes, open_context, palette, shot

START = 1_800_000_000  # seconds since 1970, when every test's clock starts
MIN = 60_000  # ms
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}

ATLAS = "protocols/atlas/"
GUIDANCE_1 = "The facilitator reminds everyone of the norms (no fault, collaboration, consensus) and agrees time limits for each step with the group."
MOVE_1 = "The presenter starts to explain what they expected or how able the student is: Stop them kindly and ask only for the task the student was given."
GUIDANCE_2 = "The group gathers as much information from the work as it can."
MOVE_2 = "Someone offers a judgment or an interpretation: Ask them to point to what in the work it rests on, and help them describe that evidence instead."


def region(page):
    return page.get_by_role("region", name="Step timer")


def button(page, name):
    return region(page).get_by_role("button", name=name, exact=True)


def total(page) -> str:
    return region(page).get_by_text(re.compile(r"^(Protocol|Agenda): ")).inner_text()


def text(page) -> str:
    """The timer's text as shown, a line for each line of it (paragraphs' blank lines dropped)."""
    return re.sub(r"\n+", "\n", region(page).inner_text())


@pytest.fixture
def timer(page, base_url):
    """ATLAS's page at 1280 pixels wide, with the clock paused one minute after START."""
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.set_viewport_size(DESKTOP)
    page.clock.install(time=START)
    page.goto(base_url + ATLAS)
    page.clock.pause_at(START + 60)
    yield page
    assert errors == []


@pytest.fixture
def phone(browser, site):
    """A page on a touch screen 390 pixels wide."""
    context = open_context(browser, viewport=PHONE, has_touch=True)
    page = context.new_page()
    yield page
    context.close()


def settled(page) -> None:
    """Waits until the page has stopped scrolling (a smooth scroll takes a few frames)."""
    page.evaluate(
        """() => new Promise(done => {
            let last = -1, still = 0;
            (function look() {
                still = scrollY === last ? still + 1 : 0;
                last = scrollY;
                if (still >= 5) done(); else requestAnimationFrame(look);
            })();
        })"""
    )


def below_the_header(page, locator) -> None:
    """`locator` is wholly on screen, under Material's sticky header."""
    header = page.get_by_role("banner").bounding_box()
    box = locator.bounding_box()
    assert box["y"] >= header["y"] + header["height"], f"hidden under the header: {box['y']} < {header['height']}"
    assert box["y"] + box["height"] <= page.viewport_size["height"], "below the screen"


# What the build hands the facilitator's screen


def test_each_step_hands_the_timer_its_guidance_and_moves_as_its_section_of_the_page_shows_them():
    library = load_library(ROOT / "protocols", ROOT / "school")
    atlas = library.protocols["atlas"]
    data = page_data.protocol(atlas, library, "./")
    step = data["steps"][1]["facilitator"]
    assert step["guidance_html"].startswith("<p>The group gathers as much information from the work as it can.")
    assert step["moves_html"].startswith(
        "<ul>\n<li><strong>Someone offers a judgment or an interpretation:</strong> Ask them to point to what in the work it rests on"
    )
    assert step["moves_html"] in render.protocol_page(atlas, library, data, "../../meetings/")
    # The planner runs steps and is handed the same; the finder runs none and is handed none of it.
    addresses = dict.fromkeys(library.protocols, "./")
    planned = next(p for p in page_data.planner(library, addresses)["protocols"] if p["id"] == "atlas")
    assert planned["steps"][1]["facilitator"] == step
    finder = page_data.finder(library, addresses, "../planner/")
    assert {s["facilitator"] for p in finder["protocols"] for s in p["steps"]} == {None}
    jsonschema.validate(finder, schema.FINDER_DATA)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**data, "steps": [{**data["steps"][0], "facilitator": None}]}, schema.PROTOCOL_DATA)


# The facilitator's screen


def test_the_current_steps_guidance_and_moves_show_and_change_with_next(timer):
    shown = text(timer)
    assert "What the group does" in shown and "Facilitator moves" in shown
    assert GUIDANCE_1 in shown and MOVE_1 in shown
    assert GUIDANCE_2 not in shown and MOVE_2 not in shown

    button(timer, "Next step").click()
    shown = text(timer)
    assert GUIDANCE_2 in shown and MOVE_2 in shown
    assert GUIDANCE_1 not in shown and MOVE_1 not in shown
    assert "Redirect the remark to the group; the presenter does not answer until step 5." in shown

    # The build's HTML, not Markdown: step 3's guidance holds a list.
    button(timer, "Next step").click()
    assert region(timer).get_by_role("listitem").filter(has_text="the student's reasoning and what lay behind it;").count() == 1
    assert "- the student's" not in text(timer)
    shot(timer, "facilitator-step-3", region(timer))


def test_what_to_say_at_each_transition(timer):
    assert (
        "At the transition\n"
        "Say: “Next: Describing the student work, 10 minutes. Presenter, please listen without speaking for now.”\n"
        "Who speaks: Participants · Presenter silent\n"
        "Ask: “What do you see?”"
    ) in text(timer)
    button(timer, "Next step").click()
    assert (
        "Say: “Next: Interpreting the student work, 10 minutes.”\n"
        "Who speaks: Participants · Presenter silent\n"
        "Ask: “From the student's perspective, what is the student working on?”"
    ) in text(timer)
    for _ in range(3):
        button(timer, "Next step").click()
    assert "Step 5 of 6" in text(timer)
    assert "Say: “Next: Debriefing the process, 5 minutes.”\nWho speaks: Everyone\nAsk: “How well did the process work?”" in text(timer)
    button(timer, "Next step").click()
    assert "At the transition\nSay: “That is the end of the protocol.”\n" in text(timer)
    assert "Who speaks: Everyone\nAsk:" not in text(timer)
    button(timer, "Next step").click()
    assert "At the transition" not in text(timer)


def test_the_transition_gives_the_next_steps_fitted_minutes(timer):
    button(timer, "Fit to time").click()
    region(timer).get_by_label("Minutes the group has").fill("25")
    button(timer, "Fit").click()
    # ATLAS's 5, 10, 10, 10, 10 and 5 minutes fitted to 25: 3, 5, 5, 5, 5 and 2.
    assert "Say: “Next: Describing the student work, 5 minutes." in text(timer)


def test_the_total_says_how_late_the_meeting_runs_once_a_step_overruns(timer):
    assert total(timer) == "Protocol: 50:00 left of 50 minutes."
    button(timer, "Start").click()
    timer.clock.run_for(6 * MIN + 2000)  # step 1 has 5 minutes: 1:02 over
    assert region(timer).get_by_role("timer").inner_text() == "1:02 over"
    assert total(timer) == "Protocol: 45:00 left of 50 minutes, running 1:02 late."

    button(timer, "Next step").click()
    assert region(timer).get_by_role("status").inner_text() == (
        "Step 2 of 6: Describing the student work. Who speaks: Participants · Presenter silent. Running 1:02 late."
    )
    assert region(timer).get_by_role("timer").inner_text() == "10:00 left"
    assert total(timer) == "Protocol: 45:00 left of 50 minutes, running 1:02 late."
    timer.clock.run_for(2 * MIN)
    assert total(timer) == "Protocol: 43:00 left of 50 minutes, running 1:02 late."
    timer.reload()
    assert total(timer) == "Protocol: 43:00 left of 50 minutes, running 1:02 late."

    # A minute given to step 2 makes the meeting later only once the step has used it.
    button(timer, "+1 min").click()
    assert total(timer) == "Protocol: 44:00 left of 50 minutes, running 1:02 late."
    timer.clock.run_for(8 * MIN + 30_000)
    assert region(timer).get_by_role("timer").inner_text() == "0:30 left"
    assert total(timer) == "Protocol: 35:30 left of 50 minutes, running 1:32 late."

    for _ in range(5):
        button(timer, "Next step").click()
    assert total(timer) == "Protocol: 0:00 left of 50 minutes, ran 1:32 late."
    assert region(timer).get_by_role("status").inner_text() == "All steps done. The meeting ran 1:32 late."

    button(timer, "Reset").click()
    assert total(timer) == "Protocol: 50:00 left of 50 minutes."


def test_a_planned_agenda_runs_with_the_facilitators_screen_and_its_lateness(page, base_url):
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.clock.install(time=START)
    page.goto(f"{base_url}plan/planner/?add=atlas")
    page.clock.pause_at(START + 60)
    page.get_by_role("button", name="Run the agenda").click()
    assert "Step 1 of 8\nOpening: norms, roles, who presents" in text(page)
    assert "What the group does" not in text(page) and "Facilitator moves" not in text(page)
    assert "Say: “Next: ATLAS: Learning from Student Work · Getting started, 5 minutes.”\nWho speaks: Facilitator, then presenter" in text(page)

    button(page, "Start").click()
    page.clock.run_for(6 * MIN)
    assert total(page) == "Agenda: 55:00 left of 1 h, running 1:00 late."
    button(page, "Next step").click()
    assert GUIDANCE_1 in text(page) and MOVE_1 in text(page)
    assert total(page) == "Agenda: 55:00 left of 1 h, running 1:00 late."
    assert errors == []


def test_the_projector_shows_none_of_the_facilitators_text(timer):
    facilitator_only = ["What the group does", "Facilitator moves", "At the transition", MOVE_1, GUIDANCE_1]
    with timer.expect_popup() as opened:
        button(timer, "Projector window").click()
    projector = opened.value
    projector.wait_for_load_state()
    expect(projector.get_by_role("heading", name="Getting started")).to_be_visible()
    shown = projector.locator("body").inner_text()
    assert [words for words in facilitator_only if words in shown] == []
    projector.close()

    button(timer, "Projector view").click()
    assert [words for words in facilitator_only if region(timer).get_by_text(words).first.is_visible()] == []


def test_axe_finds_nothing_on_the_facilitators_screen_running_late(browser, site, base_url):
    """In both palettes (helpers.axe_in_both_palettes): every WCAG 2.2 A and AA rule in the
    light palette, the rules that read colours in the dark one. The page opens dark, as the
    system asks."""
    context = open_context(browser, viewport=DESKTOP, color_scheme="dark")
    page = context.new_page()
    page.clock.install(time=START)
    page.goto(base_url + ATLAS)
    page.clock.pause_at(START + 60)
    assert palette(page) == "dark"
    button(page, "Start").click()
    page.clock.run_for(6 * MIN)
    button(page, "Next step").click()
    button(page, "Fit to time").click()
    assert "running 1:00 late" in total(page)
    page.clock.resume()  # axe waits on timers of its own
    assert axe_in_both_palettes(page, ".lsw-timer") == {"light": [], "dark": []}
    context.close()


# Meeting-time fixes


@pytest.mark.parametrize("width", [1280, 390])
def test_running_a_planned_agenda_shows_the_timers_first_line_below_the_header(browser, site, base_url, width):
    context = open_context(browser, viewport={"width": width, "height": 800})
    page = context.new_page()
    page.goto(f"{base_url}plan/planner/?add=atlas")
    page.get_by_role("button", name="Run the agenda").click()
    settled(page)
    below_the_header(page, region(page).get_by_text("Step 1 of 8", exact=True))
    context.close()


def test_a_phone_reaches_the_timer_from_the_top_of_a_protocol_page(phone, base_url):
    phone.goto(base_url + ATLAS)
    link = phone.get_by_role("link", name="Go to the timer")
    box = link.bounding_box()
    assert box["y"] + box["height"] <= PHONE["height"], "the link is not on the first screen"
    shot(phone, "protocol-page-390")
    link.click()
    settled(phone)
    below_the_header(phone, region(phone).get_by_text("Step 1 of 6", exact=True))
    below_the_header(phone, region(phone).get_by_role("timer"))
    shot(phone, "protocol-page-390-at-the-timer")


def test_wide_screens_need_no_link_to_the_timer(timer):
    assert timer.get_by_role("link", name="Go to the timer").is_hidden()


def test_touch_screens_show_no_keyboard_hints(phone, timer, base_url):
    keys = re.compile(r"^Keys: K start or pause")
    assert region(timer).get_by_text(keys).is_visible()
    phone.goto(base_url + ATLAS)
    region(phone).get_by_role("timer").wait_for()
    assert region(phone).get_by_text(keys).is_hidden()


@pytest.mark.parametrize("width", [390, 360])
def test_the_timers_controls_take_two_rows_on_a_phone(browser, site, base_url, width):
    context = open_context(browser, viewport={"width": width, "height": 844}, has_touch=True)
    page = context.new_page()
    page.goto(base_url + ATLAS)
    controls = region(page).get_by_role("button").filter(has_not_text="Fit")
    controls.first.wait_for()
    boxes = controls.evaluate_all(
        "buttons => buttons.map(b => ({top: Math.round(b.getBoundingClientRect().top), clipped: b.scrollWidth > b.clientWidth}))"
    )
    assert len(boxes) >= 7
    assert len({box["top"] for box in boxes}) == 2, boxes
    assert not any(box["clipped"] for box in boxes), boxes
    context.close()


def test_at_a_glance_labels_leave_the_values_room_on_a_phone(phone, base_url):
    phone.goto(base_url + ATLAS)
    widths = phone.locator(".lsw-glance").evaluate(
        "list => ({list: list.clientWidth, labels: [...list.querySelectorAll('dt')].map(dt => dt.getBoundingClientRect().width)})"
    )
    assert len(widths["labels"]) == 5
    assert max(widths["labels"]) <= widths["list"] / 3, widths


def test_fit_to_time_is_a_button_that_opens_its_form_from_the_keyboard(timer):
    fit = button(timer, "Fit to time")
    looks = "node => { const s = getComputedStyle(node); return [s.borderTopStyle, s.borderTopWidth, s.minHeight, s.fontWeight]; }"
    assert fit.evaluate(looks) == button(timer, "Reset").evaluate(looks)
    assert fit.get_attribute("aria-expanded") == "false"
    assert region(timer).get_by_label("Minutes the group has").is_hidden()
    button(timer, "Projector window").focus()
    for _ in range(10):
        timer.keyboard.press("Tab")
        if fit.evaluate("node => node === document.activeElement"):
            break
    assert fit.evaluate("node => node === document.activeElement"), "Fit to time is not reached by Tab"
    assert fit.evaluate("node => getComputedStyle(node).outlineStyle") != "none"
    timer.keyboard.press("Enter")
    assert fit.get_attribute("aria-expanded") == "true"
    timer.keyboard.press("Tab")
    timer.keyboard.type("25")
    timer.keyboard.press("Enter")
    assert total(timer) == "Protocol: 25:00 left of 25 minutes."
    fit.focus()
    timer.keyboard.press("Space")
    assert fit.get_attribute("aria-expanded") == "false"
    assert region(timer).get_by_label("Minutes the group has").is_hidden()


def test_adding_a_protocol_clears_the_choice_so_a_second_add_adds_nothing(page, base_url):
    page.goto(f"{base_url}plan/planner/")
    choose = page.get_by_label("Add a protocol")
    choose.select_option("atlas")
    page.get_by_role("button", name="Add", exact=True).click()
    assert choose.input_value() == ""
    page.get_by_role("button", name="Add", exact=True).click()
    expect(page.get_by_text("Choose a protocol to add.")).to_be_visible()
    assert page.get_by_role("heading", name="ATLAS: Learning from Student Work").count() == 1


def test_the_chosen_protocol_is_shown_whole_in_the_list_at_1280(page, base_url):
    page.set_viewport_size(DESKTOP)
    page.goto(f"{base_url}plan/planner/")
    choose = page.get_by_label("Add a protocol")
    names = choose.evaluate("select => [...select.options].map(option => option.text)")
    assert "DESE Looking at Student Work Tool: Everyday (40 minutes)" in names
    cut = []
    for name in names:
        choose.select_option(label=name)
        # The chosen name's width in the list's own font, with its padding and the arrow's room.
        room = choose.evaluate(
            """select => {
                const style = getComputedStyle(select);
                const pen = document.createElement("canvas").getContext("2d");
                pen.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
                const needed = pen.measureText(select.selectedOptions[0].text).width
                    + parseFloat(style.paddingLeft) + parseFloat(style.paddingRight) + 20;
                return select.clientWidth - needed;
            }"""
        )
        if room < 0:
            cut.append(name)
    assert cut == []
