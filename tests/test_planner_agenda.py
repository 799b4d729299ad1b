"""The planner's agenda (docs/assets/javascripts/planner/agenda.js), with no DOM, in Chromium.

agenda.js needs the timer's core (for fitMinutes), so both are loaded into a blank page
in the en-GB locale (clock times read 23:55 and 00:05); plans travel as plain JSON.
"""

from __future__ import annotations

import pytest

from .helpers import ROOT

SCRIPTS = ROOT / "docs/assets/javascripts"
# One protocol of 10 + 20 minutes: enough to overrun a short meeting.
LIBRARY = {"pair": {"id": "pair", "title": "Pair", "steps": [{"title": "Look", "minutes": 10}, {"title": "Talk", "minutes": 20}]}}


@pytest.fixture(scope="module")
def agenda(browser):
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
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
    assert agenda("summary", plan) == "23:55 to 00:55 · 60 minutes"
    assert agenda("readPlan", agenda("writePlan", plan), LIBRARY, plan)["start"] == plan["start"]


def test_an_agenda_past_the_end_of_the_meeting_warns(agenda):
    plan = {"start": 16 * 60, "meeting": 30, "opening": 5, "closing": 5, "protocols": [{"id": "pair", "minutes": None, "presenter": ""}]}
    result = agenda("of", plan, LIBRARY)
    assert (result["minutes"], result["over"]) == (40, 10)
    assert agenda("warning", plan, result) == (
        "The agenda runs 10 min past the end of the meeting (16:30): shorten a block, or fit the protocols to the meeting."
    )
    fitted = agenda("fitToMeeting", plan, LIBRARY)
    assert agenda("of", fitted, LIBRARY)["over"] == 0
    assert agenda("warning", fitted, agenda("of", fitted, LIBRARY)) == "The agenda fills the meeting."
    short = dict(plan, meeting=50)
    assert agenda("warning", short, agenda("of", short, LIBRARY)) == "10 min of the meeting are not planned."


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
