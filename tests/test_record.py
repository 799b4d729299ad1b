"""The group's record in the browser, over the built site, in Chromium: the chart paper on
the facilitator's screen, the projector window's chart, the page of meeting records (read,
download, copy, print, delete) and next steps carried to the group's next meeting.

Every page runs in New York on a clock set to a Wednesday afternoon (the first meeting) or a
week later (the second); "a browser restart" is a new context with the first one's storage.
Each context records every request, and fails the test on any to another host. What the
recorder types is written out here, and so is every file and text expected from it.

Set SCREENSHOTS to a folder to keep screenshots of the chart, the projector window with a
chart, the chart on a phone, and the printed record.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from .helpers import axe_in_both_palettes, axe_result, shot, start_axe, timer, timer_button

ZONE = "America/New_York"
MEETING_ONE = datetime(2026, 11, 18, 15, 0, tzinfo=ZoneInfo(ZONE))
MEETING_TWO = MEETING_ONE + timedelta(days=7)
DESKTOP = {"width": 1280, "height": 900}
FULL_HD = {"width": 1920, "height": 1080}
ATLAS = "protocols/atlas/"
SOON = 500  # ms: how long another window may take to show a save
HOSTILE = '"><img src=x onerror="window.__pwned=1">'
RECORD_KEYS = "Object.keys(localStorage).filter(key => key.startsWith('handbook.record.')).sort()"

# What the recorder of the first meeting types, chart by chart.
SEEN = ["The student drew a table of values", HOSTILE, "# of rows: 6, each *twice*"]
HELD_BACK = "Held back: the student may be guessing"
WORKING_ON = "Working on proportional reasoning"
NEXT_STEPS = ["Try a number line with group B", "Share the rubric before the task"]

MARKDOWN = r"""# ATLAS: Learning from Student Work

- Date: 18 November 2026
- Group: Grade 5 team
- Presenter: Ana

## Next steps

- Try a number line with group B
- Share the rubric before the task

## Describing the student work

### What we see

- The student drew a table of values
- "\>\<img src=x onerror="window.\_\_pwned=1"\>
- \# of rows: 6, each \*twice\*

### Interpretations for step 3

- Held back: the student may be guessing

## Interpreting the student work

### What we think the student is working on

- Working on proportional reasoning

## Implications for classroom practice

### Implications for classroom practice

- Try a number line with group B
- Share the rubric before the task
"""

PLAIN = """ATLAS: Learning from Student Work

- Date: 18 November 2026
- Group: Grade 5 team
- Presenter: Ana

Next steps

- Try a number line with group B
- Share the rubric before the task

Describing the student work

What we see:

- The student drew a table of values
- "><img src=x onerror="window.__pwned=1">
- # of rows: 6, each *twice*

Interpretations for step 3:

- Held back: the student may be guessing

Interpreting the student work

What we think the student is working on:

- Working on proportional reasoning

Implications for classroom practice

Implications for classroom practice:

- Try a number line with group B
- Share the rubric before the task
"""


def open_context(browser, base_url, when=MEETING_ONE, storage_state=None, **options):
    """A context on the clock at `when`, recording every request and every script error."""
    context = browser.new_context(viewport=options.pop("viewport", DESKTOP), timezone_id=ZONE, storage_state=storage_state, **options)
    context.clock.install(time=when)
    context.requests, context.errors = [], []
    context.on("request", lambda request: context.requests.append(request.url))
    context.on("page", lambda page: page.on("pageerror", lambda error: context.errors.append(f"{page.url}: {error}")))
    return context


def close(context, base_url):
    own = urlsplit(base_url).netloc
    outside = [url for url in context.requests if urlsplit(url).scheme in ("http", "https", "ws", "wss") and urlsplit(url).netloc != own]
    errors = context.errors
    context.close()
    assert outside == []
    assert errors == []


@pytest.fixture
def context(browser, site, base_url):
    context = open_context(browser, base_url)
    yield context
    close(context, base_url)


def chart(page):
    return page.get_by_role("group", name="The group's record")


def add_box(page, label):
    return chart(page).get_by_role("textbox", name=f"Add to {label}", exact=True)


def written(page, label) -> list[str]:
    """The lines on a chart of the current step (a next-steps chart's name says so after its label)."""
    return chart(page).get_by_role("group", name=re.compile("^" + re.escape(label))).locator(".lsw-record__text").all_inner_texts()


def status(page):
    """The timer's one status line, which the chart's announcements share."""
    return timer(page).get_by_role("status")


def type_lines(page, label, lines, keys=False):
    """Writes each line into the chart's box and presses Enter, as a recorder does; with
    `keys`, key by key (slower: most tests need only the line in the box)."""
    box = add_box(page, label)
    box.focus()
    for line in lines:
        if keys:
            page.keyboard.type(line)
        else:
            box.fill(line)
        page.keyboard.press("Enter")
        expect(status(page)).to_have_text(f"Added to {label}: {line}")


def at_step(page, number):
    expect(timer(page).get_by_text(f"Step {number} of 6", exact=True)).to_be_visible()


def go_to_step(page, number):
    """Moves the timer on or back to step `number` of ATLAS's six."""
    shown = int(re.search(r"Step (\d) of 6", timer(page).inner_text()).group(1))
    for _ in range(abs(number - shown)):
        timer_button(page, "Next step" if number > shown else "Previous step").click()
    at_step(page, number)


def first_meeting(page):
    """The first meeting's record, typed into ATLAS's charts as written out above."""
    chart(page).get_by_label("Group's name").fill("Grade 5 team")
    chart(page).get_by_label("Presenter").fill("Ana")
    go_to_step(page, 2)
    type_lines(page, "What we see", SEEN)
    type_lines(page, "Interpretations for step 3", [HELD_BACK])
    go_to_step(page, 3)
    type_lines(page, "What we think the student is working on", [WORKING_ON])
    go_to_step(page, 4)
    type_lines(page, "Implications for classroom practice", NEXT_STEPS)


@pytest.fixture(scope="module")
def last_week(browser, site, base_url) -> dict:
    """The storage of a browser that ran the first meeting to its end, a week ago."""
    context = open_context(browser, base_url)
    page = context.new_page()
    page.goto(base_url + ATLAS)
    first_meeting(page)
    state = context.storage_state()
    close(context, base_url)
    return state


def open_record(page):
    """Follows the chart's link to the meeting record, which opens in a tab of its own."""
    with page.expect_popup() as popup:
        chart(page).get_by_role("link", name="Open the meeting record").click()
    record = popup.value
    expect(record.get_by_role("heading", level=2).first).to_be_visible()
    return record


def headings(page) -> list[str]:
    return page.locator(".lsw-meeting").get_by_role("heading").evaluate_all("nodes => nodes.map(n => `${n.tagName} ${n.textContent}`)")


def list_of(page, heading_text) -> list[str]:
    """The items of the list that follows a heading of the meeting record."""
    return page.locator(".lsw-meeting").get_by_role("heading", name=heading_text, exact=True).locator("xpath=following-sibling::*[1]").locator("li").all_inner_texts()


# The chart paper on the facilitator's screen


def test_the_recorder_writes_on_two_steps_by_keyboard_and_finds_it_all_after_a_reload(context, base_url):
    page = context.new_page()
    page.goto(base_url + ATLAS)
    record = chart(page)
    expect(record).to_contain_text(
        "What you write here is kept in this browser on this device only, and never sent anywhere. "
        "Write no student's name: use the pieces' letters or numbers."
    )
    # Step 1 keeps no chart: nothing of one is shown.
    expect(record.get_by_role("textbox", name=re.compile("^Add to"))).to_have_count(0)
    expect(record.get_by_role("link", name="Past meeting records")).to_be_visible()
    page.wait_for_load_state("networkidle")
    before = len(context.requests)

    record.get_by_label("Group's name").fill("Grade 5 team")
    go_to_step(page, 2)
    expect(record.get_by_role("group", name="What we see")).to_be_visible()
    expect(record.get_by_role("group", name="Interpretations for step 3")).to_be_visible()
    # The timer's letter keys (K start, J and L change the step) are letters while typing.
    type_lines(page, "What we see", ["Kids like jelly", "The student drew a table"], keys=True)
    at_step(page, 2)
    expect(timer_button(page, "Start")).to_be_visible()
    # The Add button adds too.
    add_box(page, "What we see").fill(HOSTILE)
    record.get_by_role("button", name="Add to What we see").click()
    expect(status(page)).to_have_text(f"Added to What we see: {HOSTILE}")
    assert written(page, "What we see") == ["Kids like jelly", "The student drew a table", HOSTILE]
    assert page.evaluate("window.__pwned") is None
    assert record.locator("img").count() == 0

    # Edit, by keyboard: Enter opens the line, Esc leaves it as it was, Enter saves.
    record.get_by_role("button", name="Edit: The student drew a table").focus()
    page.keyboard.press("Enter")
    editing = record.get_by_role("textbox", name="Edit item 2 of What we see")
    expect(editing).to_be_focused()
    page.keyboard.type("Nothing")
    page.keyboard.press("Escape")
    expect(record.get_by_role("button", name="Edit: The student drew a table")).to_be_focused()
    page.keyboard.press("Enter")
    page.keyboard.type("The student drew a table of values")
    page.keyboard.press("Enter")
    expect(status(page)).to_have_text("Saved: The student drew a table of values")
    expect(record.get_by_role("button", name="Edit: The student drew a table of values")).to_be_focused()

    # Reorder: the keyboard stays on the line that moved.
    record.get_by_role("button", name="Move up: The student drew a table of values").focus()
    page.keyboard.press("Enter")
    expect(record.get_by_role("button", name="Move up: The student drew a table of values")).to_be_focused()
    expect(status(page)).to_have_text("Moved up to place 1 of 3: The student drew a table of values")
    page.keyboard.press("Enter")
    expect(status(page)).to_have_text("The student drew a table of values is already first.")
    record.get_by_role("button", name="Move down: Kids like jelly").focus()
    page.keyboard.press("Enter")
    assert written(page, "What we see") == ["The student drew a table of values", HOSTILE, "Kids like jelly"]
    # Remove: the keyboard goes to the line that takes its place, or to the box to add.
    record.get_by_role("button", name="Remove: Kids like jelly").focus()
    page.keyboard.press("Enter")
    expect(status(page)).to_have_text("Removed from What we see: Kids like jelly")
    expect(record.get_by_role("button", name=f"Remove: {HOSTILE}")).to_be_focused()
    assert written(page, "What we see") == ["The student drew a table of values", HOSTILE]

    go_to_step(page, 4)
    type_lines(page, "Implications for classroom practice", NEXT_STEPS[:1])
    # A line typed but not added when the step changes is added, not lost.
    add_box(page, "Implications for classroom practice").fill(NEXT_STEPS[1])
    go_to_step(page, 5)
    expect(record.get_by_role("textbox", name=re.compile("^Add to"))).to_have_count(0)
    # The browser asks for the tab's icon when it likes: that is the page's own load.
    asked = [url for url in context.requests[before:] if not url.endswith("/assets/images/favicon.png")]
    assert asked == [], "typing and saving asked for something"

    # A second tab follows the first.
    other = context.new_page()
    other.goto(base_url + ATLAS)
    at_step(other, 5)
    go_to_step(page, 4)
    at_step(other, 4)
    assert written(other, "Implications for classroom practice") == NEXT_STEPS
    type_lines(page, "Implications for classroom practice", ["Bring two more samples"])
    expect(chart(other).get_by_text("Bring two more samples", exact=True)).to_be_visible(timeout=SOON)
    other.close()

    page.reload()
    at_step(page, 4)
    assert written(page, "Implications for classroom practice") == [*NEXT_STEPS, "Bring two more samples"]
    expect(chart(page).get_by_label("Group's name")).to_have_value("Grade 5 team")
    go_to_step(page, 2)
    assert written(page, "What we see") == ["The student drew a table of values", HOSTILE]
    shot(page, "record-chart", timer(page))

    # The projector view is the room's: the chart is the facilitator's.
    timer_button(page, "Projector view").click()
    expect(add_box(page, "What we see")).to_be_hidden()
    timer_button(page, "Projector view").click()

    # A browser restarted the same day goes on with the same record.
    again = open_context(page.context.browser, base_url, storage_state=context.storage_state())
    restarted = again.new_page()
    restarted.goto(base_url + ATLAS)
    at_step(restarted, 2)
    assert written(restarted, "What we see") == ["The student drew a table of values", HOSTILE]
    close(again, base_url)


def test_the_chart_offers_the_meeting_record_when_the_run_ends_and_new_record_begins_another(context, base_url):
    page = context.new_page()
    page.goto(base_url + ATLAS)
    go_to_step(page, 2)
    type_lines(page, "What we see", ["A first meeting's line"])
    for _ in range(5):
        timer_button(page, "Next step").click()
    expect(timer(page).get_by_text("Finished", exact=True)).to_be_visible()
    expect(chart(page)).to_contain_text("All steps done: the meeting record holds what the group wrote.")
    link = chart(page).get_by_role("link", name="Open the meeting record")
    assert re.fullmatch(rf"{re.escape(base_url)}meetings/\?record=atlas-[0-9a-z]+", link.evaluate("node => node.href"))

    chart(page).get_by_role("button", name="New record").click()
    expect(status(page)).to_have_text(
        "New record: what you write next begins another meeting record. The last one is kept in the meeting records."
    )
    expect(chart(page).get_by_role("link", name="Past meeting records")).to_be_visible()
    expect(chart(page).get_by_role("button", name="New record")).to_be_hidden()
    timer_button(page, "Reset").click()
    go_to_step(page, 2)
    assert written(page, "What we see") == []
    type_lines(page, "What we see", ["A second meeting's line"])
    assert len(page.evaluate(RECORD_KEYS)) == 3  # two records, and the run's current one
    page.goto(base_url + "meetings/")
    expect(page.get_by_text("2 meeting records, newest first.", exact=True)).to_be_visible()


def test_the_projector_window_shows_the_current_chart_large_as_it_is_written(context, base_url):
    page = context.new_page()
    page.goto(base_url + ATLAS)
    go_to_step(page, 2)
    type_lines(page, "What we see", SEEN[:1])
    with page.expect_popup() as popup:
        timer_button(page, "Projector window").click()
    projector = popup.value
    projector.set_viewport_size(FULL_HD)
    expect(projector.get_by_role("heading", level=2, name="What we see")).to_be_visible()
    items = projector.locator(".lsw-projector__chart li")
    expect(items).to_have_text(SEEN[:1])
    # A chart with nothing written on it is not shown.
    expect(projector.get_by_role("heading", name="Interpretations for step 3")).to_have_count(0)

    type_lines(page, "What we see", SEEN[1:])
    expect(items).to_have_text(SEEN, timeout=SOON)
    assert projector.evaluate("window.__pwned") is None
    assert projector.locator("img").count() == 0
    assert projector.get_by_role("textbox").count() == 0 and projector.get_by_role("button", name=re.compile("^(Edit|Remove)")).count() == 0
    size = items.first.evaluate("node => parseFloat(getComputedStyle(node).fontSize)")
    assert size >= FULL_HD["height"] / 25, size
    clock = projector.locator(".lsw-projector__clock [data-part=time]").bounding_box()
    assert clock["height"] >= FULL_HD["height"] / 8
    assert projector.evaluate("[document.documentElement.scrollWidth, document.documentElement.scrollHeight]") == [1920, 1080]
    shot(projector, "record-projector-chart")

    # A long chart is set smaller to fit, down to half size, and shows its last lines.
    type_lines(page, "Interpretations for step 3", [f"Interpretation {n}: the student may be counting on from the larger number" for n in range(1, 13)])
    expect(projector.locator(".lsw-projector__chart li")).to_have_count(15, timeout=SOON)
    assert projector.evaluate("[document.documentElement.scrollWidth, document.documentElement.scrollHeight]") == [1920, 1080]
    last = projector.locator(".lsw-projector__chart li").last.bounding_box()
    assert last["y"] + last["height"] <= FULL_HD["height"]
    shot(projector, "record-projector-long-chart")

    # Steps with no chart, or nothing written, show the timer alone.
    projector.keyboard.press("ArrowRight")
    expect(projector.get_by_role("heading", level=1)).to_have_text("Interpreting the student work")
    expect(projector.locator(".lsw-projector__chart")).to_be_hidden()
    projector.keyboard.press("ArrowLeft")
    expect(projector.get_by_role("heading", level=2, name="What we see")).to_be_visible()
    timer_button(page, "Previous step").click()
    expect(projector.locator(".lsw-projector__chart")).to_be_hidden(timeout=SOON)
    assert not projector.locator(".lsw-projector").evaluate("node => node.classList.contains('lsw-projector--chart')")


# The meeting record


def test_the_meeting_record_has_the_next_steps_first_then_every_item_and_downloads_and_copies(browser, base_url, last_week):
    context = open_context(browser, base_url, storage_state=last_week)
    page = context.new_page()
    page.goto(base_url + "meetings/")
    page.get_by_role("link", name="18 November 2026 · ATLAS: Learning from Student Work").click()
    expect(page.get_by_role("heading", level=2)).to_have_text("ATLAS: Learning from Student Work")
    assert headings(page) == [
        "H2 ATLAS: Learning from Student Work",
        "H3 Next steps",
        "H3 Describing the student work",
        "H4 What we see",
        "H4 Interpretations for step 3",
        "H3 Interpreting the student work",
        "H4 What we think the student is working on",
        "H3 Implications for classroom practice",
        "H4 Implications for classroom practice",
    ]
    facts = page.locator(".lsw-meeting__facts").inner_text()
    assert re.sub(r"\s+", " ", facts).strip() == "Date 18 November 2026 Group Grade 5 team Presenter Ana"
    assert list_of(page, "Next steps") == NEXT_STEPS
    assert list_of(page, "What we see") == SEEN
    assert list_of(page, "Interpretations for step 3") == [HELD_BACK]
    assert list_of(page, "What we think the student is working on") == [WORKING_ON]
    assert page.evaluate("window.__pwned") is None
    assert page.locator(".lsw-meeting img").count() == 0

    with page.expect_download() as download:
        page.get_by_role("link", name="Download as Markdown").click()
    assert download.value.suggested_filename == "meeting-record-2026-11-18-atlas-grade-5-team.md"
    assert Path(download.value.path()).read_text(encoding="utf-8") == MARKDOWN

    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base_url.rstrip("/"))
    page.get_by_role("button", name="Copy as plain text").click()
    expect(page.get_by_role("status")).to_have_text("Copied the meeting record as plain text.")
    assert page.evaluate("navigator.clipboard.readText()") == PLAIN
    close(context, base_url)


def test_without_a_clipboard_the_plain_text_is_selected_to_copy(browser, base_url, last_week):
    context = open_context(browser, base_url, storage_state=last_week)
    context.add_init_script("Object.defineProperty(navigator, 'clipboard', { value: undefined });")
    page = context.new_page()
    page.goto(base_url + "meetings/")
    page.get_by_role("link", name=re.compile("^18 November 2026")).click()
    page.get_by_role("button", name="Copy as plain text").click()
    box = page.get_by_role("textbox", name="The meeting record as plain text")
    expect(box).to_be_focused()
    assert box.input_value() == PLAIN
    assert box.evaluate("node => [node.selectionStart, node.selectionEnd]") == [0, len(PLAIN)]
    expect(page.get_by_role("status")).to_have_text(re.compile(
        r"^(Copied the meeting record as plain text\.|The browser did not let the page copy: the text is selected in the box below; press Ctrl\+C \(⌘C on a Mac\) to copy it\.)$"
    ))
    close(context, base_url)


# Printable width of A4 and of Letter with the handbook's 1.5 cm margins, in CSS pixels.
PRINTED = {"A4": 680, "Letter": 702}


def test_the_meeting_record_prints_on_a4_and_letter_with_no_controls(browser, base_url, last_week):
    context = open_context(browser, base_url, storage_state=last_week)
    page = context.new_page()
    page.goto(base_url + "meetings/")
    page.get_by_role("link", name=re.compile("^18 November 2026")).click()
    expect(page.get_by_role("button", name="Print")).to_be_visible()
    page.emulate_media(media="print")
    for paper, width in PRINTED.items():
        page.set_viewport_size({"width": width, "height": 1000})
        shown = page.evaluate(
            """() => [...document.querySelectorAll("a, button, input, textarea, select, nav, header, footer, h1")]
                .filter(node => node.checkVisibility({ opacityProperty: true, visibilityProperty: true })).map(node => node.tagName + " " + node.textContent.trim().slice(0, 30))"""
        )
        assert shown == [], paper
        assert page.evaluate("document.documentElement.scrollWidth") <= width, paper
        text = page.locator("article.lsw-meeting").inner_text()
        assert all(line.split(":")[0] in text for line in [*SEEN, *NEXT_STEPS, HELD_BACK, WORKING_ON]), paper
        pdf = page.pdf(format=paper)
        assert pdf.startswith(b"%PDF")
        assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 1, paper
    page.set_viewport_size({"width": 794, "height": 1123})  # A4 at 96 pixels an inch
    shot(page, "record-printed-a4", full_page=True)
    close(context, base_url)


# The group's next meeting


def test_the_groups_next_meeting_starts_with_last_times_next_steps_and_records_what_became_of_them(browser, base_url, last_week):
    context = open_context(browser, base_url, when=MEETING_TWO, storage_state=last_week)
    page = context.new_page()
    page.goto(base_url + ATLAS)
    at_step(page, 4)  # where last week's meeting left the timer: last week's record is not continued
    assert written(page, "Implications for classroom practice") == []
    timer_button(page, "Reset").click()
    at_step(page, 1)
    record = chart(page)
    assert record.locator("datalist option").evaluate_all("nodes => nodes.map(n => n.value)") == ["Grade 5 team"]
    expect(record.get_by_text("Next steps from the group's last meeting")).to_be_hidden()
    # The same group, however it is typed; the next steps come once the name is given.
    record.get_by_label("Group's name").fill("  grade 5 TEAM")
    record.get_by_label("Group's name").press("Tab")
    expect(status(page)).to_have_text("2 next steps from the group's last meeting are shown: mark each done or carried.")
    carried = record.get_by_role("list", name="Next steps from the group's last meeting").get_by_role("listitem")
    expect(carried).to_have_count(2)
    assert carried.locator(".lsw-record__text").all_inner_texts() == NEXT_STEPS
    expect(carried.first).to_contain_text("(agreed 18 November 2026)")
    record.get_by_role("button", name=f"Done: {NEXT_STEPS[0]}").click()
    record.get_by_role("button", name=f"Carried: {NEXT_STEPS[1]}").focus()
    page.keyboard.press("Enter")
    expect(status(page)).to_have_text(f"Carried to the next meeting: {NEXT_STEPS[1]}")
    assert record.get_by_role("button", name=f"Done: {NEXT_STEPS[0]}").get_attribute("aria-pressed") == "true"
    assert record.get_by_role("button", name=f"Carried: {NEXT_STEPS[1]}").get_attribute("aria-pressed") == "true"
    assert record.get_by_role("button", name=f"Done: {NEXT_STEPS[1]}").get_attribute("aria-pressed") == "false"
    shot(page, "record-chart-carried", timer(page))

    page.clock.resume()  # axe waits on timers of its own
    start_axe(page, ".lsw-timer")
    assert axe_result(page) == []

    go_to_step(page, 4)
    type_lines(page, "Implications for classroom practice", ["Bring two more samples"])
    shown = open_record(page)
    assert list_of(shown, "Next steps") == ["Bring two more samples", f"{NEXT_STEPS[1]} (carried from 18 November 2026)"]
    assert list_of(shown, "Done since the last meeting") == [f"{NEXT_STEPS[0]} (agreed 18 November 2026)"]
    expect(shown.get_by_role("definition").filter(has_text="25 November 2026")).to_have_count(1)

    shown.get_by_role("link", name="All meeting records on this device").click()
    expect(shown.get_by_text("2 meeting records, newest first.", exact=True)).to_be_visible()
    assert shown.locator(".lsw-meetings__list li").all_inner_texts() == [
        "25 November 2026 · ATLAS: Learning from Student Work (group: grade 5 TEAM)",
        "18 November 2026 · ATLAS: Learning from Student Work (group: Grade 5 team, presenter: Ana)",
    ]
    close(context, base_url)


def test_one_record_and_then_every_record_are_deleted_each_on_a_second_press(browser, base_url, last_week):
    context = open_context(browser, base_url, when=MEETING_TWO, storage_state=last_week)
    page = context.new_page()
    page.goto(base_url + ATLAS)
    timer_button(page, "Reset").click()
    go_to_step(page, 2)
    type_lines(page, "What we see", ["Today's line"])
    page.goto(base_url + "meetings/")
    expect(page.get_by_text("2 meeting records, newest first.", exact=True)).to_be_visible()
    page.get_by_role("link", name=re.compile("^18 November 2026")).click()

    delete = page.get_by_role("button", name="Delete this record", exact=True)
    delete.click()
    armed = page.get_by_role("button", name="Press again to delete this record", exact=True)
    expect(armed).to_be_focused()
    expect(page.get_by_role("status")).to_have_text("Press again to delete this record")
    # Going elsewhere takes the first press back.
    page.keyboard.press("Tab")
    expect(delete).to_be_visible()
    expect(armed).to_have_count(0)
    delete.click()
    armed.click()
    expect(page.get_by_role("status")).to_have_text("Deleted the meeting record.")
    assert page.url == base_url + "meetings/"
    expect(page.get_by_role("heading", name="On this device")).to_be_focused()
    expect(page.get_by_text("One meeting record, newest first.", exact=True)).to_be_visible()
    assert page.locator(".lsw-meetings__list li").all_inner_texts() == ["25 November 2026 · ATLAS: Learning from Student Work"]
    assert len(page.evaluate(RECORD_KEYS)) == 2

    page.get_by_role("button", name="Delete all meeting records").click()
    page.get_by_role("button", name="Press again to delete every meeting record on this device").click()
    expect(page.get_by_role("status")).to_have_text("Deleted every meeting record on this device.")
    expect(page.get_by_text("No meeting record is kept on this device yet.", exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name="On this device")).to_be_focused()
    assert page.evaluate(RECORD_KEYS) == []
    page.goto(base_url + ATLAS)
    at_step(page, 2)
    assert written(page, "What we see") == []
    close(context, base_url)


def test_the_meeting_records_are_in_the_navigation_and_an_unknown_one_says_so(context, base_url):
    page = context.new_page()
    page.goto(base_url + "meetings/?record=atlas-gone")
    nav = page.locator("nav.md-nav--primary")
    assert nav.get_by_role("link", name="Meeting records", exact=True).evaluate("node => node.href") == base_url + "meetings/"
    assert nav.get_by_role("link", name="Plan a meeting", exact=True).evaluate("node => node.href") == base_url + "plan/planner/"
    expect(page.get_by_text("There is no meeting record with this address on this device: it was deleted, or kept in another browser.")).to_be_visible()
    expect(page.get_by_role("link", name="All meeting records on this device")).to_be_visible()


# Agendas, phones, screen readers, the offline edition


def test_a_planned_agenda_keeps_a_record_of_its_protocols_charts(context, base_url):
    page = context.new_page()
    page.goto(f"{base_url}plan/planner/?add=atlas")
    page.get_by_role("button", name="Run the agenda").click()
    expect(timer(page).get_by_text("Step 1 of 8", exact=True)).to_be_visible()
    expect(chart(page).get_by_role("textbox", name=re.compile("^Add to"))).to_have_count(0)
    for _ in range(2):
        timer_button(page, "Next step").click()
    expect(timer(page).get_by_text("Step 3 of 8", exact=True)).to_be_visible()
    type_lines(page, "What we see", ["An agenda's line"])
    shown = open_record(page)
    expect(shown.get_by_role("heading", level=2)).to_have_text("Agenda")
    assert list_of(shown, "What we see") == ["An agenda's line"]
    expect(shown.get_by_role("heading", level=3, name="ATLAS: Learning from Student Work · Describing the student work")).to_be_visible()


def test_on_a_phone_the_chart_and_the_record_need_no_sideways_scrolling(browser, base_url, last_week):
    context = open_context(browser, base_url, storage_state=last_week, viewport={"width": 360, "height": 740}, has_touch=True)
    page = context.new_page()
    page.goto(base_url + ATLAS)
    timer_button(page, "Reset").click()
    go_to_step(page, 2)
    type_lines(page, "What we see", ["A long line the recorder typed on a phone, to see it wrap: counting-on-from-the-larger-number"])
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    box = chart(page).get_by_role("group", name="What we see").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 360
    shot(page, "record-chart-phone", chart(page))
    page.goto(base_url + "meetings/")
    page.get_by_role("link", name=re.compile("^18 November 2026")).click()
    expect(page.get_by_role("heading", level=2)).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    close(context, base_url)


def test_axe_finds_nothing_on_the_chart_and_the_meeting_records(browser, base_url, last_week):
    """The chart, a meeting's record and the list of records, each in both palettes
    (helpers.axe_in_both_palettes): every WCAG 2.2 A and AA rule in the light palette, the
    rules that read colours in the dark one. (They open in the palette last week's visit
    left in the browser's storage, whatever the system asks: Material keeps it there.)"""
    context = open_context(browser, base_url, storage_state=last_week)
    page = context.new_page()
    page.goto(base_url + ATLAS)
    go_to_step(page, 2)
    record = context.new_page()
    record.goto(base_url + "meetings/")
    record.get_by_role("link", name=re.compile("^18 November 2026")).click()
    expect(record.get_by_role("heading", level=2)).to_be_visible()
    listing = context.new_page()
    listing.goto(base_url + "meetings/")
    expect(listing.get_by_role("heading", name="On this device")).to_be_visible()
    # The navigation around them is the same on every page, and checked in test_quality.py.
    found = {"chart": axe_in_both_palettes(page, ".lsw-timer")}
    for name, shown in (("record", record), ("list", listing)):
        found[name] = axe_in_both_palettes(shown, ".md-content")
    none = {"light": [], "dark": []}
    assert found == {"chart": none, "record": none, "list": none}
    close(context, base_url)


@pytest.mark.xdist_group("offline")  # one build of the offline edition (conftest.py) for the tests that open it
def test_the_offline_edition_keeps_and_opens_the_record_from_a_folder(browser, offline_site):
    context = browser.new_context(viewport=DESKTOP, timezone_id=ZONE)
    context.clock.install(time=MEETING_ONE)
    requests = []
    context.on("request", lambda request: requests.append(request.url))
    page = context.new_page()
    page.goto((offline_site / "protocols" / "atlas.html").as_uri())
    go_to_step(page, 2)
    type_lines(page, "What we see", ["Kept in a folder"])
    shown = open_record(page)
    assert shown.url.startswith((offline_site / "meetings.html").as_uri() + "?record=atlas-")
    assert list_of(shown, "What we see") == ["Kept in a folder"]
    with shown.expect_download() as download:
        shown.get_by_role("link", name="Download as Markdown").click()
    assert "- Kept in a folder\n" in Path(download.value.path()).read_text(encoding="utf-8")
    shown.get_by_role("link", name="All meeting records on this device").click()
    expect(shown.get_by_text("One meeting record, newest first.", exact=True)).to_be_visible()
    assert [url for url in requests if not url.startswith(("file:", "data:", "blob:"))] == []
    context.close()


def test_every_record_script_a_protocol_page_loads_is_weighed():
    from benchmarks import timer_size

    record = timer_size.ASSETS / "javascripts" / "record"
    # The page of meeting records alone loads text.js and meetings.js.
    loaded = set(record.glob("*.js")) - {record / "text.js", record / "meetings.js"}
    assert loaded == {record / "core.js", record / "index.js"}
    assert loaded <= set(timer_size.FILES) and timer_size.ASSETS / "stylesheets" / "record.css" in timer_size.FILES
