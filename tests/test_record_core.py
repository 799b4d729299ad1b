"""The group's record, pure (docs/assets/javascripts/record/core.js and text.js), run in Chromium.

As for the timer's core (test_timer_core.py), CI may have no Node.js: both files are loaded
into a blank page and every call goes through Playwright; records are plain JSON. The page's
clock is in New York, so that a record's day is seen to be the local day, not UTC's.
Expected values are written out.
"""

from __future__ import annotations

import json

import pytest

from .helpers import ROOT

SCRIPTS = [ROOT / "docs/assets/javascripts/record/core.js", ROOT / "docs/assets/javascripts/record/text.js"]
# 15:00 in New York on Wednesday 18 November 2026, and a week later.
WEEK_ONE = 1_795_032_000_000
WEEK_TWO = WEEK_ONE + 7 * 86_400_000
# ATLAS as the timer has it, cut to what the record reads: titles and charts.
RUN = {
    "id": "atlas",
    "title": "ATLAS: Learning from Student Work",
    "steps": [
        {"title": "Getting started", "record": []},
        {"title": "Describing the student work", "record": [
            {"label": "What we see", "next_steps": False},
            {"label": "Interpretations for step 3", "next_steps": False},
        ]},
        {"title": "Interpreting the student work", "record": [{"label": "What we think the student is working on", "next_steps": False}]},
        {"title": "Implications for classroom practice", "record": [{"label": "Implications for classroom practice", "next_steps": True}]},
    ],
}
SEE, NEXT = (1, 0), (3, 0)  # (step, field) of "What we see" and of the next steps


class Api:
    """Calls window.handbook.record.<part>.<name>(*args) in the page: `core.add(record, 1, 0, "…", 5)`."""

    def __init__(self, page, part):
        self.page, self.part = page, part

    def __getattr__(self, name):
        def call(*args):
            return self.page.evaluate(
                "([part, name, args]) => handbook.record[part][name](...args)", [self.part, name, list(args)]
            )

        return call


@pytest.fixture(scope="module")
def page(browser):
    context = browser.new_context(timezone_id="America/New_York")
    page = context.new_page()
    for script in SCRIPTS:
        page.add_script_tag(path=str(script))
    yield page
    context.close()


@pytest.fixture(scope="module")
def core(page):
    return Api(page, "core")


@pytest.fixture(scope="module")
def text(page):
    return Api(page, "text")


def begun(core, now=WEEK_ONE, record_id="atlas-1"):
    return core.create(RUN, record_id, now)


def written(core, record, where, *lines, now=WEEK_ONE + 1000):
    for line in lines:
        record = core.add(record, *where, line, now)
    return record


def items(record, where):
    step, field = where
    return record["steps"][step]["fields"][field]["items"]


# Beginning a record


def test_a_record_copies_the_runs_titles_and_charts_and_begins_on_the_local_day(core):
    record = begun(core)
    assert record == {
        "version": 1, "id": "atlas-1", "run": "atlas", "title": "ATLAS: Learning from Student Work",
        "date": "2026-11-18", "created": WEEK_ONE, "updated": WEEK_ONE, "group": "", "presenter": "",
        "steps": [
            {"title": "Getting started", "fields": []},
            {"title": "Describing the student work", "fields": [
                {"label": "What we see", "next_steps": False, "items": []},
                {"label": "Interpretations for step 3", "next_steps": False, "items": []},
            ]},
            {"title": "Interpreting the student work", "fields": [
                {"label": "What we think the student is working on", "next_steps": False, "items": []},
            ]},
            {"title": "Implications for classroom practice", "fields": [
                {"label": "Implications for classroom practice", "next_steps": True, "items": []},
            ]},
        ],
        "carried": [],
    }
    # 02:00 UTC on the 19th is still the evening of the 18th in New York.
    assert core.day(1_795_053_600_000) == "2026-11-18"
    assert core.longDate("2026-11-18") == "18 November 2026"
    assert core.longDate("2027-01-05") == "5 January 2027"


def test_a_record_is_continued_the_same_day_for_the_same_steps_and_charts_only(core):
    record = begun(core)
    assert core.continues(record, RUN, WEEK_ONE + 8 * 3_600_000) is True  # 23:00 the same day
    assert core.continues(record, RUN, WEEK_ONE + 9 * 3_600_000) is False  # 00:00 the next day
    assert core.continues(record, {**RUN, "id": "tuning"}, WEEK_ONE) is False
    relabelled = json.loads(json.dumps(RUN))
    relabelled["steps"][1]["record"][0]["label"] = "What we notice"
    assert core.continues(record, relabelled, WEEK_ONE) is False
    assert core.continues(record, {**RUN, "steps": RUN["steps"][:3]}, WEEK_ONE) is False
    assert core.continues(None, RUN, WEEK_ONE) is False


# Items: add, edit, reorder, remove


def test_items_are_added_as_one_trimmed_line_and_blank_ones_are_not(core):
    record = begun(core)
    record = core.add(record, *SEE, "  The student drew\n a table \t of values ", WEEK_ONE + 5)
    assert items(record, SEE) == ["The student drew a table of values"]
    assert record["updated"] == WEEK_ONE + 5
    assert core.add(record, *SEE, " \n ", WEEK_ONE + 6) == record
    record = core.add(record, *SEE, "Units are missing", WEEK_ONE + 7)
    assert items(record, SEE) == ["The student drew a table of values", "Units are missing"]
    assert items(record, (1, 1)) == [] and items(record, NEXT) == []


def test_editing_replaces_an_item_and_editing_it_down_to_nothing_removes_it(core):
    record = written(core, begun(core), SEE, "one", "two", "three")
    edited = core.edit(record, *SEE, 1, "  two, with a number line ", WEEK_ONE + 9)
    assert items(edited, SEE) == ["one", "two, with a number line", "three"]
    assert edited["updated"] == WEEK_ONE + 9
    assert items(core.edit(record, *SEE, 0, "   ", WEEK_ONE + 9), SEE) == ["two", "three"]
    assert items(core.edit(record, *SEE, 3, "four", WEEK_ONE + 9), SEE) == ["one", "two", "three"]
    assert items(record, SEE) == ["one", "two", "three"], "the record given is left as it was"


def test_items_move_up_and_down_one_place_and_stay_at_either_end(core):
    record = written(core, begun(core), SEE, "one", "two", "three")
    assert items(core.move(record, *SEE, 2, -1, 0), SEE) == ["one", "three", "two"]
    assert items(core.move(record, *SEE, 0, 1, 0), SEE) == ["two", "one", "three"]
    assert items(core.move(record, *SEE, 0, -1, 0), SEE) == ["one", "two", "three"]
    assert items(core.move(record, *SEE, 2, 1, 0), SEE) == ["one", "two", "three"]


def test_an_item_is_removed_by_its_place(core):
    record = written(core, begun(core), SEE, "one", "two", "three")
    assert items(core.remove(record, *SEE, 1, 0), SEE) == ["one", "three"]
    assert items(core.remove(record, *SEE, 5, 0), SEE) == ["one", "two", "three"]


def test_the_group_and_the_presenter_are_kept_as_typed(core):
    record = core.describe(begun(core), "group", "Grade 5 team ", WEEK_ONE + 3)
    record = core.describe(record, "presenter", "Ana", WEEK_ONE + 4)
    assert (record["group"], record["presenter"], record["updated"]) == ("Grade 5 team ", "Ana", WEEK_ONE + 4)
    assert core.describe(record, "title", "Something else", WEEK_ONE + 5) == record


# Next steps, carried to the group's next meeting


def last_week(core):
    record = core.describe(begun(core), "group", "Grade 5 team", WEEK_ONE)
    record = written(core, record, SEE, "A table of values")
    return written(core, record, NEXT, "Try a number line with group B", "Share the rubric before the task")


def test_next_steps_are_the_items_of_the_next_steps_charts(core):
    assert core.nextSteps(last_week(core)) == [
        {"text": "Try a number line with group B", "from": None},
        {"text": "Share the rubric before the task", "from": None},
    ]


def test_a_group_meeting_again_is_handed_its_last_next_steps_open(core):
    earlier = core.describe(written(core, begun(core, WEEK_ONE - 86_400_000, "atlas-0"), NEXT, "An older step"), "group", "Grade 5 team", 0)
    other = core.describe(written(core, begun(core, WEEK_ONE + 60_000, "atlas-x"), NEXT, "Another group's step"), "group", "Grade 6", 0)
    today = core.describe(begun(core, WEEK_TWO, "atlas-2"), "group", "  grade 5 TEAM ", WEEK_TWO)
    carried = core.carry(today, [earlier, other, last_week(core), today])
    assert carried["carried"] == [
        {"text": "Try a number line with group B", "from": "2026-11-18", "status": "open"},
        {"text": "Share the rubric before the task", "from": "2026-11-18", "status": "open"},
    ]
    # Carried once, never again; without a group, or with no earlier meeting, nothing.
    assert core.carry(carried, [earlier]) == carried
    assert core.carry(begun(core, WEEK_TWO, "atlas-3"), [last_week(core)])["carried"] == []
    later = core.describe(begun(core, WEEK_ONE - 2 * 86_400_000, "atlas-old"), "group", "Grade 5 team", 0)
    assert core.carry(later, [last_week(core)])["carried"] == []


def test_carried_steps_marked_done_leave_the_next_steps_and_the_rest_go_on_with_their_first_day(core):
    today = core.carry(core.describe(begun(core, WEEK_TWO, "atlas-2"), "group", "Grade 5 team", WEEK_TWO), [last_week(core)])
    today = core.mark(today, 0, "done", WEEK_TWO + 1)
    today = core.mark(today, 1, "carried", WEEK_TWO + 2)
    assert core.mark(today, 1, "lost", WEEK_TWO + 3) == today
    assert core.mark(today, 7, "done", WEEK_TWO + 3) == today
    today = written(core, today, NEXT, "Bring two more samples", now=WEEK_TWO + 4)
    assert core.nextSteps(today) == [
        {"text": "Bring two more samples", "from": None},
        {"text": "Share the rubric before the task", "from": "2026-11-18"},
    ]
    assert core.done(today) == [{"text": "Try a number line with group B", "from": "2026-11-18", "status": "done"}]
    # A third meeting keeps the day a step was first agreed.
    third = core.describe(begun(core, WEEK_TWO + 7 * 86_400_000, "atlas-4"), "group", "Grade 5 team", 0)
    assert core.carry(third, [last_week(core), today])["carried"] == [
        {"text": "Bring two more samples", "from": "2026-11-25", "status": "open"},
        {"text": "Share the rubric before the task", "from": "2026-11-18", "status": "open"},
    ]


def test_the_groups_offered_are_each_groups_newest_spelling_newest_first(core):
    records = [
        core.describe(begun(core, WEEK_ONE, "a"), "group", "grade 5 team", 0),
        core.describe(begun(core, WEEK_TWO, "b"), "group", " Grade 5 Team", 0),
        core.describe(begun(core, WEEK_ONE + 1, "c"), "group", "Science", 0),
        begun(core, WEEK_TWO + 1, "d"),
    ]
    assert core.groups(records) == ["Grade 5 Team", "Science"]
    assert [r["id"] for r in core.newestFirst(records)] == ["d", "b", "c", "a"]


# Records read back from storage


def test_a_saved_record_is_read_back_and_anything_else_is_not(core):
    record = last_week(core)
    assert core.parse(json.dumps(record)) == record
    broken = [
        "", "not json", "null", "[]", json.dumps({**record, "version": 2}), json.dumps({**record, "id": ""}),
        json.dumps({**record, "date": "18/11/2026"}), json.dumps({**record, "group": None}),
        json.dumps({**record, "steps": [{"title": "x", "fields": [{"label": "y", "next_steps": "yes", "items": []}]}]}),
        json.dumps({**record, "steps": [{"title": "x", "fields": [{"label": "y", "next_steps": False, "items": [1]}]}]}),
        json.dumps({**record, "carried": [{"text": "x", "from": "2026-11-18", "status": "maybe"}]}),
    ]
    assert [core.parse(text) for text in broken] == [None] * len(broken)


# Written out: Markdown and plain text


@pytest.mark.parametrize(
    "typed, escaped",
    [
        ("plain words, with a comma.", "plain words, with a comma."),
        ("# not a heading", "\\# not a heading"),
        ("- not a list", "\\- not a list"),
        ("+ nor this", "\\+ nor this"),
        ("1. not numbered", "1\\. not numbered"),
        ("2) nor this", "2\\) nor this"),
        ("> not a quote", "\\> not a quote"),
        ("*not* _emphasis_ `code` ~~struck~~", "\\*not\\* \\_emphasis\\_ \\`code\\` \\~\\~struck\\~\\~"),
        ('[a link](https://example.org) ![image](x.png)', '\\[a link\\](https://example.org) \\!\\[image\\](x.png)'),
        ('"><img src=x onerror=alert(1)>', '"\\>\\<img src=x onerror=alert(1)\\>'),
        ("a | b & c \\ d", "a \\| b \\& c \\\\ d"),
    ],
)
def test_markdown_shows_typed_text_as_typed(text, typed, escaped):
    assert text.escapeMarkdown(typed) == escaped


def this_week(core):
    today = core.carry(core.describe(begun(core, WEEK_TWO, "atlas-2"), "group", "Grade 5 team", WEEK_TWO), [last_week(core)])
    today = core.describe(today, "presenter", "Ana *R.*", WEEK_TWO)
    today = core.mark(today, 0, "done", WEEK_TWO)
    today = written(core, today, SEE, "The student drew a table", "# of rows: 6", now=WEEK_TWO)
    return written(core, today, NEXT, "Bring two more samples", now=WEEK_TWO)


def test_the_markdown_file_has_the_next_steps_first_then_every_charted_step(core, text):
    assert text.markdown(this_week(core)) == """# ATLAS: Learning from Student Work

- Date: 25 November 2026
- Group: Grade 5 team
- Presenter: Ana \\*R.\\*

## Next steps

- Bring two more samples
- Share the rubric before the task (carried from 18 November 2026)

## Done since the last meeting

- Try a number line with group B (agreed 18 November 2026)

## Describing the student work

### What we see

- The student drew a table
- \\# of rows: 6

### Interpretations for step 3

Nothing recorded.

## Interpreting the student work

### What we think the student is working on

Nothing recorded.

## Implications for classroom practice

### Implications for classroom practice

- Bring two more samples
"""
    assert text.filename(this_week(core)) == "meeting-record-2026-11-25-atlas-grade-5-team.md"


def test_the_plain_text_for_an_email_reads_as_typed(core, text):
    record = core.describe(begun(core), "presenter", "  ", WEEK_ONE)
    assert text.plain(record) == """ATLAS: Learning from Student Work

- Date: 18 November 2026

Next steps

None recorded.

Describing the student work

What we see:

Nothing recorded.

Interpretations for step 3:

Nothing recorded.

Interpreting the student work

What we think the student is working on:

Nothing recorded.

Implications for classroom practice

Implications for classroom practice:

Nothing recorded.
"""
    assert text.plain(this_week(core)).splitlines()[:13] == [
        "ATLAS: Learning from Student Work", "", "- Date: 25 November 2026", "- Group: Grade 5 team", "- Presenter: Ana *R.*",
        "", "Next steps", "", "- Bring two more samples", "- Share the rubric before the task (carried from 18 November 2026)",
        "", "Done since the last meeting", "",
    ]
    assert "- # of rows: 6" in text.plain(this_week(core))
