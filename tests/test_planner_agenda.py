"""The planner's agenda (docs/assets/javascripts/planner/agenda.js), with no DOM, in Chromium.

agenda.js needs the timer's core (for fitMinutes) and the words for lengths of time
(format/index.js), so they are loaded into a blank page in the en-GB locale (clock times
read 23:55 and 00:05); plans travel as plain JSON.
"""

from __future__ import annotations

import pytest

from .helpers import ROOT

SCRIPTS = ROOT / "docs/assets/javascripts"
# One protocol of 10 + 20 minutes, as the planner's page hands it (macros/page_data.py):
# enough to overrun a short meeting.
LOOK = {"guidance_html": "<p>Look closely.</p>", "moves_html": "<ul>\n<li><strong>Someone judges:</strong> Ask what they see.</li>\n</ul>"}
TALK = {"guidance_html": None, "moves_html": None}
LIBRARY = {"pair": {"id": "pair", "title": "Pair", "minutes": 30, "duration": "30 minutes", "steps": [
    {"title": "Look", "minutes": 10, "duration": "10 minutes", "speaks": "Everyone", "presenter_silent": False, "prompt": None, "suggested": False,
     "facilitator": LOOK, "record": []},
    {"title": "Talk", "minutes": 20, "duration": "20 minutes", "speaks": None, "presenter_silent": True, "prompt": "Why?", "suggested": True,
     "facilitator": TALK, "record": [{"label": "What we see", "next_steps": False}, {"label": "Next steps", "next_steps": True}]},
]}}


@pytest.fixture(scope="module")
def agenda(browser):
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    page.add_script_tag(path=str(SCRIPTS / "format/index.js"))
    page.add_script_tag(path=str(SCRIPTS / "timer/core.js"))
    page.add_script_tag(path=str(SCRIPTS / "planner/agenda.js"))

    def call(name, *args):
        return page.evaluate("([name, args]) => handbook.planner.agenda[name](...args)", [name, list(args)])

    call.page = page
    yield call
    context.close()


def test_the_agenda_needs_no_page(agenda):
    assert agenda("parseTime", "23:55") == 23 * 60 + 55


def test_clock_times_wrap_round_midnight(agenda):
    plan = {"start": 23 * 60 + 55, "meeting": 60, "opening": 10, "closing": 5, "protocols": []}
    result = agenda("of", plan, LIBRARY)
    closing = result["blocks"][-1]
    assert closing["kind"] == "closing" and closing["start"] == 10
    assert agenda("timeValue", plan["start"] + closing["start"]) == "00:05"
    assert agenda("clockTime", plan["start"] + closing["start"]) == "00:05"
    assert agenda("summary", plan) == "23:55 to 00:55 · 1 h"
    assert agenda("readPlan", agenda("writePlan", plan), LIBRARY, plan)["start"] == plan["start"]


def test_an_agenda_past_the_end_of_the_meeting_warns(agenda):
    plan = {"start": 16 * 60, "meeting": 30, "opening": 5, "closing": 5, "protocols": [{"id": "pair", "minutes": None, "presenter": ""}]}
    result = agenda("of", plan, LIBRARY)
    assert (result["minutes"], result["over"]) == (40, 10)
    assert agenda("warning", plan, result) == (
        "The agenda runs 10 minutes past the end of the meeting (16:30): shorten a block, or fit the protocols to the meeting."
    )
    fitted = agenda("fitToMeeting", plan, LIBRARY)
    assert agenda("of", fitted, LIBRARY)["over"] == 0
    assert agenda("warning", fitted, agenda("of", fitted, LIBRARY)) == "The agenda fills the meeting."
    short = dict(plan, meeting=50)
    assert agenda("warning", short, agenda("of", short, LIBRARY)) == "The agenda leaves 10 minutes of the meeting unplanned."
    one = dict(plan, meeting=41)
    assert agenda("warning", one, agenda("of", one, LIBRARY)) == "The agenda leaves 1 minute of the meeting unplanned."


def test_blocks_say_their_minutes_as_the_build_does(agenda):
    plan = {"start": 16 * 60, "meeting": 90, "opening": 5, "closing": 60,
            "protocols": [{"id": "pair", "minutes": None, "presenter": ""}, {"id": "pair", "minutes": 12, "presenter": "Ana"}]}
    _, own, fitted, closing = agenda("of", plan, LIBRARY)["blocks"]
    assert agenda("blockText", own)["minutes"] == "30 minutes"
    assert agenda("blockText", fitted) == {"minutes": "12 minutes (fitted from 30 minutes)",
                                           "note": "Presenter: Ana. Shortened to under half its length: its steps will feel rushed."}
    assert agenda("blockText", closing)["minutes"] == "1 h"
    assert [(s["minutes"], s["duration"]) for s in fitted["steps"]] == [(4, "4 minutes"), (8, "8 minutes")]
    # The same protocol twice: each block's steps have their own starts.
    assert [s["start"] for s in own["steps"]] == [5, 15]
    assert [s["start"] for s in fitted["steps"]] == [35, 39]


def test_the_timer_runs_the_whole_agenda_under_a_name_of_its_own(agenda):
    plan = {"start": 16 * 60, "meeting": 45, "opening": 5, "closing": 0, "protocols": [{"id": "pair", "minutes": 20, "presenter": ""}]}
    timer = agenda("timer", agenda("of", plan, LIBRARY))
    assert timer["id"].startswith("agenda-") and (timer["title"], timer["scope"], timer["minutes"]) == ("Agenda", "Agenda", 25)
    assert timer["steps"] == [
        {"title": "Opening: norms, roles, who presents", "minutes": 5, "duration": "5 minutes", "speaks": "Facilitator",
         "presenter_silent": False, "prompt": None, "suggested": False, "facilitator": None, "record": []},
        {"title": "Pair · Look", "minutes": 7, "duration": "7 minutes", "speaks": "Everyone", "presenter_silent": False, "prompt": None, "suggested": False,
         "facilitator": LOOK, "record": []},
        # A protocol's step keeps its charts, so the agenda's record has them.
        {"title": "Pair · Talk", "minutes": 13, "duration": "13 minutes", "speaks": None, "presenter_silent": True, "prompt": "Why?", "suggested": True,
         "facilitator": TALK, "record": [{"label": "What we see", "next_steps": False}, {"label": "Next steps", "next_steps": True}]},
    ]
    # Another agenda, another run: the timer keeps each under its id.
    other = agenda("timer", agenda("of", dict(plan, opening=10), LIBRARY))
    assert other["id"] != timer["id"]


# Addresses and saved plans hold anything: ids that name Object's own members find nothing.

PROTO_IDS = ["constructor", "__proto__", "toString", "hasOwnProperty", "valueOf"]
FIRST = {"start": 15 * 60 + 30, "meeting": 60, "opening": 5, "closing": 5, "protocols": []}


def test_a_shared_link_drops_ids_that_are_not_protocols(agenda):
    query = "&".join(f"protocol={i}&minutes=5&presenter=P{i}" for i in PROTO_IDS)
    plan = agenda("readPlan", f"start=10:00&{query}&protocol=pair&minutes=&presenter=Ana&closing=5", LIBRARY, FIRST)
    assert plan == {"start": 600, "meeting": 60, "opening": 5, "closing": 5,
                    "protocols": [{"id": "pair", "minutes": None, "presenter": "Ana"}]}


def test_the_finders_link_adds_only_the_protocols_the_handbook_has(agenda):
    only_proto = "&".join(f"add={i}" for i in PROTO_IDS)
    assert agenda("startingPlan", f"?{only_proto}&meeting=45", None, LIBRARY) == {**FIRST, "meeting": 45}
    assert agenda("startingPlan", "?add=toString&add=pair&add=__proto__", None, LIBRARY)["protocols"] == [
        {"id": "pair", "minutes": None, "presenter": ""}
    ]


@pytest.mark.parametrize(
    "saved",
    [
        "{garbage", "null", "[]", '{"start": "10:00", "protocols": ["pair"]}', "undefined",
        "protocol=constructor&protocol=__proto__&protocol=toString&protocol=hasOwnProperty",
        "start=99:99&meeting=-5&opening=NaN&closing=1e999",
        "start=10:00.5&meeting=1.5&opening=-1&closing=Infinity",
        "start=&meeting=&opening=&closing=",
    ],
)
def test_a_saved_plan_the_page_cannot_read_gives_the_first_plan(agenda, saved):
    assert agenda("startingPlan", "", saved, LIBRARY) == FIRST


def test_a_protocol_whose_id_names_an_objects_member_is_planned_like_any_other(agenda):
    # The library goes from libraryOf to readPlan inside the page: as JSON it would not
    # keep an own "__proto__" entry.
    plan = agenda.page.evaluate(
        """([ids, pair]) => {
          const a = handbook.planner.agenda;
          const library = a.libraryOf(ids.map(id => Object.assign({}, pair, { id })));
          const query = ids.map(id => "protocol=" + id).join("&") + "&protocol=pair";
          return a.readPlan(query, library, a.startingPlan("", null, library)).protocols.map(entry => entry.id);
        }""",
        [PROTO_IDS, LIBRARY["pair"]],
    )
    assert plan == PROTO_IDS
