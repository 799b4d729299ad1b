"""The timer's pure core (docs/assets/javascripts/timer/core.js), run in Chromium.

CI may have no Node.js, so the core is loaded into a blank page and each call goes
through Playwright; states are plain JSON, so they travel between Python and JS as dicts.
Times are milliseconds, passed in as the core's `now`.
"""

from __future__ import annotations

import json

import pytest

from .helpers import ROOT

CORE = ROOT / "docs/assets/javascripts/timer/core.js"
MIN = 60_000
ATLAS = [5, 10, 10, 10, 10, 15]


class Core:
    """Calls window.handbook.timer.core.<name>(*args) in the page: `core.start(state, 0)`."""

    def __init__(self, page):
        self.page = page

    def __getattr__(self, name):
        def call(*args):
            return self.page.evaluate("([name, args]) => handbook.timer.core[name](...args)", [name, list(args)])

        return call


@pytest.fixture(scope="module")
def core(browser):
    page = browser.new_page()
    page.add_script_tag(path=str(CORE))
    yield Core(page)
    page.close()


def running(core, minutes=ATLAS, at=0):
    return core.start(core.create(minutes, at), at)


def left(core, state, now):
    return core.read(state, now)["left"]


# The display and the boundary at zero


@pytest.mark.parametrize(
    "ms, shown",
    [(300_000, "5:00"), (299_001, "5:00"), (299_000, "4:59"), (1, "0:01"), (0, "0:00"),
     (-999, "0:00"), (-1000, "0:01"), (-61_000, "1:01"), (-3_600_000, "60:00")],
)
def test_clock_rounds_up_while_counting_down_and_counts_up_over(core, ms, shown):
    assert core.clock(ms) == shown


def test_a_new_timer_is_ready_on_the_first_step_with_the_protocols_minutes(core):
    state = core.create(ATLAS, 1000)
    view = core.read(state, 999_999)
    assert view == {"step": 0, "status": "ready", "left": 5 * MIN, "over": False,
                    "total": 60 * MIN, "length": 60 * MIN, "late": 0}


def test_time_left_comes_from_the_deadline_and_reaches_zero_on_time(core):
    state = running(core, at=1000)
    assert left(core, state, 1000) == 5 * MIN
    assert core.read(state, 1000 + 5 * MIN - 1)["over"] is False
    at_zero = core.read(state, 1000 + 5 * MIN)
    assert (at_zero["left"], at_zero["over"], at_zero["total"]) == (0, False, 55 * MIN)


def test_at_zero_the_step_keeps_going_into_overtime(core):
    state = running(core)
    view = core.read(state, 7 * MIN)
    assert view["status"] == "running"
    assert (view["left"], view["over"]) == (-2 * MIN, True)
    # Overtime does not eat into the steps still to come.
    assert view["total"] == 55 * MIN


# Pause and resume


def test_pause_keeps_the_time_left_and_resume_carries_on_from_it(core):
    paused = core.pause(running(core), 2 * MIN)
    assert paused["status"] == "paused"
    assert left(core, paused, 50 * MIN) == 3 * MIN
    resumed = core.start(paused, 50 * MIN)
    assert resumed["status"] == "running"
    assert left(core, resumed, 51 * MIN) == 2 * MIN


def test_toggle_starts_pauses_and_resumes(core):
    state = core.create(ATLAS, 0)
    statuses = []
    for now in (0, MIN, 2 * MIN):
        state = core.toggle(state, now)
        statuses.append(state["status"])
    assert statuses == ["running", "paused", "running"]
    assert left(core, state, 2 * MIN) == 4 * MIN


def test_pausing_in_overtime_keeps_the_overtime(core):
    paused = core.pause(running(core), 6 * MIN)
    assert core.read(paused, 9 * MIN)["left"] == -MIN
    assert left(core, core.start(paused, 9 * MIN), 10 * MIN) == -2 * MIN


# +1 min


@pytest.mark.parametrize(
    "make, now, expected",
    [
        pytest.param(lambda core: running(core), 2 * MIN, 4 * MIN, id="running"),
        pytest.param(lambda core: core.pause(running(core), 2 * MIN), 9 * MIN, 4 * MIN, id="paused"),
        pytest.param(lambda core: running(core), 5 * MIN + 30_000, 30_000, id="overtime"),
        pytest.param(lambda core: core.create(ATLAS, 0), 9 * MIN, 6 * MIN, id="ready"),
    ],
)
def test_add_minute_adds_sixty_seconds_to_the_current_step(core, make, now, expected):
    state = core.addMinute(make(core), now)
    assert left(core, state, now) == expected
    assert core.read(state, now)["over"] is False


def test_add_minute_while_running_keeps_running(core):
    state = core.addMinute(running(core), MIN)
    assert state["status"] == "running"
    assert left(core, state, 2 * MIN) == 4 * MIN


def test_add_minute_does_nothing_once_the_protocol_is_finished(core):
    finished = core.create([1], 0)
    finished = core.next(finished, 0)
    assert core.addMinute(finished, 0)["status"] == "finished"
    assert core.read(core.addMinute(finished, 0), 0)["left"] == 0


# Steps


def test_next_and_previous_start_a_step_afresh_and_keep_running(core):
    state = core.next(running(core), 7 * MIN)
    assert (state["step"], state["status"]) == (1, "running")
    assert left(core, state, 8 * MIN) == 9 * MIN
    state = core.previous(state, 9 * MIN)
    assert (state["step"], left(core, state, 9 * MIN)) == (0, 5 * MIN)


def test_moving_steps_while_paused_leaves_the_new_step_ready(core):
    state = core.next(core.pause(running(core), MIN), 2 * MIN)
    assert (state["step"], state["status"]) == (1, "ready")
    assert left(core, state, 9 * MIN) == 10 * MIN


def test_previous_on_the_first_step_changes_nothing(core):
    state = running(core)
    assert core.previous(state, MIN) == {**state, "seen": MIN}


def test_next_after_the_last_step_finishes_the_protocol(core):
    state = running(core, minutes=[2, 3])
    state = core.next(core.next(state, MIN), 2 * MIN)
    view = core.read(state, 3 * MIN)
    assert (view["status"], view["step"], view["left"], view["total"]) == ("finished", 2, 0, 0)
    assert core.next(state, 4 * MIN)["step"] == 2
    assert core.toggle(state, 4 * MIN)["status"] == "finished"
    back = core.previous(state, 4 * MIN)
    assert (back["step"], back["status"], left(core, back, 4 * MIN)) == (1, "ready", 3 * MIN)


def test_reset_returns_to_the_first_step_and_the_protocols_own_minutes(core):
    state = core.fit(core.next(running(core), MIN), MIN, 30)
    state = core.reset(state, 2 * MIN)
    assert core.read(state, 2 * MIN) == core.read(core.create(ATLAS, 0), 0)
    assert state["fitted"] == ATLAS


# The clock going backwards


def test_a_clock_set_back_gives_no_extra_time(core):
    state = running(core, at=100 * MIN)
    state = core.cue(state, 102 * MIN)["state"]  # a tick, two minutes in
    # Then the system clock is corrected back by an hour.
    state = core.pause(state, 102 * MIN - 60 * MIN)
    assert left(core, state, 0) == 3 * MIN


def test_after_a_clock_set_back_time_runs_on_from_where_it_was(core):
    state = running(core, at=100 * MIN)
    result = core.cue(state, 40 * MIN)  # the same moment as 100 min, on a clock set back
    state = result["state"]
    assert left(core, state, 40 * MIN) == 5 * MIN
    assert left(core, state, 41 * MIN) == 4 * MIN


def test_reading_the_time_on_a_clock_set_back_shows_no_extra_time(core):
    state = running(core, at=100 * MIN)
    assert left(core, state, 40 * MIN) == 5 * MIN


def test_a_clock_set_back_between_saving_and_loading_gives_no_extra_time(core):
    saved = core.serialise(core.addMinute(running(core, at=100 * MIN), 103 * MIN))
    loaded = core.parse(saved, ATLAS)
    assert left(core, core.pause(loaded, 90 * MIN), 0) == 3 * MIN


# Cues: one minute left and time's up, each once


def cues(core, state, times):
    heard = []
    for now in times:
        result = core.cue(state, now)
        state = result["state"]
        heard.append(result["cue"])
    return heard


def test_each_cue_sounds_once_at_one_minute_left_and_at_zero(core):
    times = [0, 4 * MIN - 1, 4 * MIN, 4 * MIN + 1, 5 * MIN - 1, 5 * MIN, 5 * MIN + 1, 9 * MIN]
    assert cues(core, running(core), times) == [0, 0, 1, 0, 0, 2, 0, 0]


def test_a_cue_missed_while_away_sounds_once_as_times_up(core):
    assert cues(core, running(core), [20 * MIN, 21 * MIN]) == [2, 0]


def test_a_recorded_cue_survives_saving_and_loading(core):
    heard = core.cue(running(core), 4 * MIN + 10)
    loaded = core.parse(core.serialise(heard["state"]), ATLAS)
    assert heard["cue"] == 1
    assert core.cue(loaded, 4 * MIN + 20)["cue"] == 0


def test_a_step_of_a_minute_or_less_has_no_one_minute_cue(core):
    assert cues(core, running(core, minutes=[1, 0.5]), [0, 30_000, MIN]) == [0, 0, 2]


def test_a_minute_added_after_a_cue_lets_it_sound_again(core):
    state = core.cue(running(core), 4 * MIN + 30_000)["state"]
    state = core.addMinute(state, 4 * MIN + 30_000)
    assert cues(core, state, [4 * MIN + 40_000, 5 * MIN, 5 * MIN + 30_000, 6 * MIN]) == [0, 1, 0, 2]


def test_a_new_step_has_its_own_cues(core):
    state = core.cue(running(core), 6 * MIN)["state"]
    state = core.next(state, 6 * MIN)
    assert cues(core, state, [6 * MIN + 9 * MIN, 16 * MIN]) == [1, 2]


def test_nothing_sounds_while_paused_or_finished(core):
    paused = core.pause(running(core), MIN)
    assert cues(core, paused, [10 * MIN]) == [0]
    finished = core.next(running(core, minutes=[1]), 0)
    assert cues(core, finished, [10 * MIN]) == [0]


# Fit to time


@pytest.mark.parametrize(
    "minutes, total, fitted",
    [
        ([5, 10, 15], 60, [10, 20, 30]),
        ([5, 10, 10, 10, 10, 15], 30, [3, 5, 5, 5, 5, 7]),
        ([5, 10, 10, 10, 10, 15], 45, [4, 8, 8, 7, 7, 11]),
        ([1, 1, 1, 30], 10, [1, 1, 1, 7]),
        ([10, 20, 30], 2, [1, 1, 1]),
        ([2.5, 5], 8, [3, 5]),
        ([2.5, 5.5], 8, [2.5, 5.5]),
    ],
)
def test_fit_minutes(core, minutes, total, fitted):
    assert core.fitMinutes(minutes, total) == fitted


def test_the_minutes_of_a_list_of_steps(core):
    assert core.minutesOf([{"title": "Look", "minutes": 5}, {"title": "Talk", "minutes": 2.5}]) == [5, 2.5]


def test_fitted_minutes_add_up_to_the_time_asked_for_and_none_is_below_one(core):
    for total in range(1, 121):
        fitted = core.fitMinutes([2, 3, 10, 12.5, 20, 1], total)
        assert sum(fitted) == max(total, 6), total
        assert min(fitted) >= 1, total
        assert all(isinstance(m, int) for m in fitted), total


def test_fitting_keeps_the_protocols_own_minutes(core):
    state = core.fit(core.create(ATLAS, 0), 0, 30)
    assert (state["minutes"], state["fitted"]) == (ATLAS, [3, 5, 5, 5, 5, 7])
    assert core.read(state, 0)["left"] == 3 * MIN
    assert core.read(state, 0)["length"] == 30 * MIN


def test_fitting_while_running_moves_the_current_step_by_its_change(core):
    state = core.next(running(core), 0)  # step 2: 10 minutes, 6 fitted
    state = core.fit(state, 2 * MIN, 36)
    assert state["fitted"][1] == 6
    assert left(core, state, 2 * MIN) == 4 * MIN
    assert state["status"] == "running"


@pytest.mark.parametrize("total", [0, -5, None, "abc"])
def test_fitting_to_no_time_changes_nothing(core, total):
    state = core.create(ATLAS, 0)
    assert core.fit(state, 0, total)["fitted"] == ATLAS


# Running late: how far the meeting is behind its steps' minutes


def late(core, state, now):
    return core.read(state, now)["late"]


def test_overtime_makes_the_meeting_late_as_it_runs(core):
    state = running(core)
    assert [late(core, state, now) for now in (4 * MIN, 5 * MIN, 5 * MIN + 30_000, 6 * MIN + 2000)] == [0, 0, 30_000, 62_000]


def test_a_step_left_in_overtime_keeps_the_meeting_late_by_its_overtime(core):
    # The case that was reported: a first step of 5 minutes left 1:02 over.
    state = core.next(running(core), 6 * MIN + 2000)
    view = core.read(state, 8 * MIN)
    assert (view["step"], view["left"], view["late"]) == (1, 8 * MIN + 2000, 62_000)
    # The steps to come keep their minutes: 45 of steps 3 to 6, and what is left of step 2.
    assert view["total"] == 53 * MIN + 2000


def test_the_overtime_of_each_step_adds_up(core):
    state = core.next(running(core), 6 * MIN)  # step 1: 1 minute over
    state = core.next(state, 6 * MIN + 12 * MIN)  # step 2 (10 minutes): 2 minutes over
    assert late(core, state, 19 * MIN) == 3 * MIN
    state = core.next(state, 19 * MIN)  # step 3 left early: the meeting stays 3 minutes late
    assert late(core, state, 19 * MIN) == 3 * MIN


def test_a_step_left_early_or_skipped_gives_no_time_back(core):
    state = core.next(running(core), 6 * MIN)
    state = core.next(state, 7 * MIN)  # step 2 left with 9 minutes to go
    assert late(core, state, 7 * MIN) == MIN
    skipped = core.next(core.next(core.create(ATLAS, 0), 0), 0)  # looked ahead before the meeting
    assert late(core, skipped, 0) == 0


def test_pausing_in_overtime_keeps_the_lateness_while_paused(core):
    paused = core.pause(running(core), 6 * MIN)
    assert late(core, paused, 30 * MIN) == MIN
    assert late(core, core.next(paused, 30 * MIN), 30 * MIN) == MIN


def test_a_minute_added_makes_the_meeting_late_once_the_step_uses_it(core):
    state = core.addMinute(running(core), 4 * MIN)  # one minute left, now two
    times = [5 * MIN, 5 * MIN + 30_000, 6 * MIN, 6 * MIN + 30_000]
    assert [late(core, state, now) for now in times] == [0, 30_000, MIN, MIN + 30_000]
    assert core.read(state, 6 * MIN)["over"] is False  # the step itself is not over time
    assert late(core, core.next(state, 6 * MIN + 30_000), 7 * MIN) == MIN + 30_000


def test_a_minute_added_and_not_used_leaves_the_meeting_on_time(core):
    state = core.next(core.addMinute(running(core), MIN), 3 * MIN)
    assert late(core, state, 3 * MIN) == 0
    assert state["added"] == 0  # the next step starts with none added


def test_fitting_the_protocol_to_the_time_is_not_running_late(core):
    state = core.fit(running(core), MIN, 120)  # step 1 now runs for 10 minutes
    assert late(core, state, 10 * MIN) == 0
    assert late(core, state, 11 * MIN) == MIN


def test_a_finished_protocol_keeps_how_late_it_ran_and_reset_puts_it_on_time(core):
    state = core.next(running(core, minutes=[2, 3]), 3 * MIN)
    state = core.next(state, 3 * MIN + 4 * MIN)
    view = core.read(state, 60 * MIN)
    assert (view["status"], view["late"]) == ("finished", 2 * MIN)
    assert late(core, core.reset(state, 60 * MIN), 60 * MIN) == 0


def test_lateness_survives_saving_and_loading(core):
    state = core.addMinute(core.next(running(core), 6 * MIN), 7 * MIN)
    loaded = core.parse(core.serialise(state), ATLAS)
    assert (loaded["late"], loaded["added"]) == (MIN, MIN)
    # Step 2, started at 6 minutes, has run 11:30 of its 10 minutes.
    assert late(core, loaded, 6 * MIN + 11 * MIN + 30_000) == MIN + 90_000


# Saved state


def test_saved_state_round_trips_in_every_status(core):
    states = [
        core.create(ATLAS, 0),
        running(core),
        core.pause(running(core), MIN),
        core.fit(core.next(running(core), MIN), MIN, 45),
        core.next(running(core, minutes=[1]), 0),
    ]
    for state in states:
        assert core.parse(core.serialise(state), state["minutes"]) == state


GOOD = {"minutes": [5, 10], "fitted": [5, 10], "seen": 0, "revision": 3, "step": 0,
        "status": "running", "deadline": 300000, "left": None, "cue": 0, "late": 62_000, "added": MIN}
PAUSED = {**GOOD, "status": "paused", "deadline": None, "left": 90_000}


@pytest.mark.parametrize(
    "text",
    [
        None, "", "{", "null", "42", "[]", '"running"', "{}",
        json.dumps({**GOOD, "minutes": [5, 12], "fitted": [5, 12]}),  # the protocol changed
        json.dumps({**GOOD, "fitted": [5]}),
        json.dumps({"minutes": [5, 10], "plan": [5, 10], "seen": 0, "revision": 3, "step": 0,  # saved before `plan` was named `fitted`
                    "status": "running", "deadline": 300000, "left": None, "cue": 0}),
        json.dumps({**GOOD, "status": "flying"}),
        json.dumps({**GOOD, "status": "__proto__"}),
        json.dumps({**GOOD, "deadline": "300000"}),
        json.dumps({**GOOD, "deadline": None}),
        json.dumps({**GOOD, "status": "paused"}),  # paused needs time left, not a deadline
        json.dumps({**GOOD, "step": 2}),  # past the end, yet not finished
        json.dumps({**GOOD, "step": 1.5}),
        json.dumps({**GOOD, "step": -1}),
        json.dumps({**GOOD, "cue": 7}),
        json.dumps({**GOOD, "seen": "yesterday"}),
        json.dumps({**GOOD, "fitted": [5, 0]}),
        json.dumps({**GOOD, "status": "finished", "deadline": None, "left": 0}),
        json.dumps(GOOD).replace("300000", "1e999"),
        json.dumps({k: v for k, v in GOOD.items() if k != "seen"}),
        json.dumps([GOOD]),
        json.dumps({**GOOD, "status": "constructor"}),
        json.dumps({**GOOD, "status": "toString"}),
        json.dumps({**GOOD, "status": "hasOwnProperty"}),
        json.dumps({**GOOD, "step": "0"}),
        json.dumps({**GOOD, "step": 99}),
        json.dumps({**GOOD, "fitted": [5, 10, 15]}),
        json.dumps({**GOOD, "fitted": ["5", 10]}),
        json.dumps({**GOOD, "fitted": [-5, 10]}),
        json.dumps({**GOOD, "fitted": ["NaN", 10]}),
        json.dumps({**GOOD, "fitted": [None, 10]}),
        json.dumps({**GOOD, "fitted": "5,10"}),
        json.dumps({**GOOD, "fitted": {"0": 5, "1": 10, "length": 2}}),
        json.dumps({**GOOD, "minutes": None}),
        json.dumps({**GOOD, "left": 0}),  # running counts to a deadline, not from time left
        json.dumps({**PAUSED, "left": "90000"}),
        json.dumps({**PAUSED, "left": None}),
        json.dumps({**PAUSED, "deadline": "soon"}),
        json.dumps({**GOOD, "status": "finished", "step": 2, "deadline": None, "left": "none"}),
        json.dumps({**GOOD, "revision": "4"}),
        json.dumps({**GOOD, "revision": -1}),
        json.dumps({**GOOD, "revision": 1.5}),
        json.dumps({**GOOD, "revision": None}),
        json.dumps({**GOOD, "revision": 2**60}),
        json.dumps({**GOOD, "late": -1}),
        json.dumps({**GOOD, "late": "1:02"}),
        json.dumps({**GOOD, "late": None}),
        json.dumps({**GOOD, "added": -MIN}),
        json.dumps({**GOOD, "added": "60000"}),
    ],
)
def test_corrupt_or_stale_saved_state_is_refused(core, text):
    assert core.parse(text, [5, 10]) is None


def test_good_saved_state_is_accepted(core):
    assert core.parse(json.dumps(GOOD), [5, 10]) == GOOD
    assert core.parse(json.dumps(PAUSED), [5, 10]) == PAUSED


def test_only_the_fields_of_a_state_are_taken_from_saved_text(core):
    text = json.dumps({**GOOD, "__proto__": {"status": "paused"}, "constructor": 1, "extra": "x"})
    assert core.parse(text, [5, 10]) == GOOD


def test_a_state_saved_before_revisions_were_counted_is_revision_0(core):
    old = {k: v for k, v in GOOD.items() if k != "revision"}
    assert core.parse(json.dumps(old), [5, 10]) == {**GOOD, "revision": 0}


def test_a_state_saved_before_lateness_was_kept_is_on_time_with_no_minute_added(core):
    old = {k: v for k, v in GOOD.items() if k not in ("late", "added")}
    assert core.parse(json.dumps(old), [5, 10]) == {**GOOD, "late": 0, "added": 0}


# Two tabs: revisions


def test_a_new_timer_is_revision_0(core):
    assert core.create(ATLAS, 0)["revision"] == 0


def test_a_revised_state_is_one_on_from_the_state_acted_on(core):
    state = {**core.create(ATLAS, 0), "revision": 7}
    paused = core.revise(state, core.pause(core.start(state, 0), MIN))
    assert (paused["status"], paused["revision"]) == ("paused", 8)
    # Reset starts the run afresh, yet its save is still newer than what it replaced.
    again = core.revise(paused, core.reset(paused, 2 * MIN))
    assert (again["status"], again["step"], again["revision"]) == ("ready", 0, 9)


def test_a_tab_goes_on_from_the_saved_state_unless_its_own_is_newer(core):
    mine = {**running(core), "revision": 4}
    newer = {**core.next(mine, MIN), "revision": 5}
    same = {**core.pause(mine, MIN), "revision": 4}
    older = {**core.next(core.next(mine, MIN), MIN), "revision": 3}
    assert core.latest(mine, newer) == newer
    assert core.latest(mine, same) == same  # the same revision: the saved one was written last
    assert core.latest(mine, older) == mine
    assert core.latest(mine, None) == mine
