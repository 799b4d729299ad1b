/* The step timer's pure core: a state and the current time (ms) in, a new state out.
 * No DOM and no clock of its own, so every rule here can be tested by passing times in.
 * Time left is always worked out from a deadline, never by counting ticks, so a tab the
 * browser throttled or hid for an hour is right the moment it is looked at again. */
(function (handbook) {
  "use strict";

  var MINUTE = 60000;
  // Cues sound once each per step: 1 at one minute left, 2 at time's up.
  var NO_CUE = 0, MINUTE_CUE = 1, END_CUE = 2;

  function cueAt(left) {
    return left <= 0 ? END_CUE : left <= MINUTE ? MINUTE_CUE : NO_CUE;
  }

  function sum(list) {
    return list.reduce(function (total, value) { return total + value; }, 0);
  }

  // A step that has not started: its whole time left, and no minute added yet. Cues
  // already behind it (a step of a minute or less starts inside its last minute) count
  // as sounded.
  function ready(state, step) {
    var left = step < state.fitted.length ? state.fitted[step] * MINUTE : 0;
    return Object.assign({}, state, {
      step: step,
      status: step < state.fitted.length ? "ready" : "finished",
      deadline: null,
      left: left,
      added: 0,
      cue: cueAt(left)
    });
  }

  // `minutes` are each step's own, `fitted` what each step runs for: its own minutes until
  // the timer is fitted to the time a group has. `revision` counts saves, so that of two
  // tabs' states the newer wins. `late` is how far the steps already left ran past their
  // fitted minutes, added up; `added`, the minutes given to the current step with +1 min.
  function create(minutes, now) {
    var state = { minutes: minutes.slice(), fitted: minutes.slice(), seen: now || 0, revision: 0, late: 0 };
    return ready(state, 0);
  }

  // If the wall clock jumps backwards (a corrected system clock), treat the jump as no
  // time passing instead of giving the group extra minutes.
  function observe(state, now) {
    var back = Math.max(0, state.seen - now);
    var next = Object.assign({}, state, { seen: now });
    if (back && state.deadline !== null) next.deadline = state.deadline - back;
    return next;
  }

  // Milliseconds left in the current step; negative in overtime.
  function leftAt(state, now) {
    return state.status === "running" ? state.deadline - now : state.left;
  }

  // How far the current step has run past its fitted minutes: its overtime, and the
  // minutes given to it with +1 min once it has used them.
  function overrun(state, now) {
    return state.status === "finished" ? 0 : Math.max(0, state.added - leftAt(state, now));
  }

  function run(state, now) {
    var left = leftAt(state, now);
    return Object.assign({}, state, { status: "running", deadline: now + left, left: null });
  }

  function start(state, now) {
    state = observe(state, now);
    return state.status === "ready" || state.status === "paused" ? run(state, now) : state;
  }

  function pause(state, now) {
    state = observe(state, now);
    if (state.status !== "running") return state;
    return Object.assign({}, state, { status: "paused", deadline: null, left: state.deadline - now });
  }

  // The one action behind the Start/Pause/Resume button and its shortcut.
  function toggle(state, now) {
    return state.status === "running" ? pause(state, now) : start(state, now);
  }

  // Moving to another step starts it afresh, and keeps running if the timer was running.
  // The meeting stays as late as the step left behind made it: time run over is spent,
  // and a step left early (or skipped, or looked ahead to) gives none back.
  function go(state, now, step) {
    state = observe(state, now);
    if (step < 0 || step > state.fitted.length || step === state.step) return state;
    var next = ready(Object.assign({}, state, { late: state.late + overrun(state, now) }), step);
    return state.status === "running" && next.status === "ready" ? run(next, now) : next;
  }

  function next(state, now) { return go(state, now, state.step + 1); }

  function previous(state, now) { return go(state, now, state.step - 1); }

  function reset(state, now) { return create(state.minutes, now); }

  // Adds (or takes) time to the current step, wherever it stands, even in overtime.
  // A cue that the new time puts back ahead of the step may sound again.
  function extend(state, now, ms) {
    state = observe(state, now);
    if (state.status === "finished") return state;
    var next = Object.assign({}, state);
    if (next.status === "running") next.deadline += ms;
    else next.left += ms;
    next.cue = Math.min(next.cue, cueAt(leftAt(next, now)));
    return next;
  }

  // A minute given to the step: the meeting runs that much later once the step uses it.
  function addMinute(state, now) {
    state = observe(state, now);
    if (state.status === "finished") return state;
    return Object.assign(extend(state, now, MINUTE), { added: state.added + MINUTE });
  }

  // The minutes of each of a list of steps (a protocol's or an agenda's), as the core takes them.
  function minutesOf(steps) {
    return steps.map(function (step) { return step.minutes; });
  }

  // Whole minutes in proportion to the protocol's own, none below one, adding up to
  // `total` (or to one a step when `total` is less than that). Largest remainders get
  // the spare minutes, so rounding never drifts from the total asked for.
  function fitMinutes(minutes, total) {
    total = Math.max(Math.round(total), minutes.length);
    var own = sum(minutes);
    if (total === own) return minutes.slice();
    var exact = minutes.map(function (m) { return Math.max(1, m * total / own); });
    var fitted = exact.map(Math.floor);
    var byRemainder = exact.map(function (_, i) { return i; }).sort(function (a, b) {
      return (exact[b] - fitted[b]) - (exact[a] - fitted[a]);
    });
    var spare = total - sum(fitted);
    for (var i = 0; spare > 0; i++, spare--) fitted[byRemainder[i]] += 1;
    // Steps lifted to one minute can overshoot the total: trim the longest steps.
    for (; spare < 0; spare++) fitted[fitted.indexOf(Math.max.apply(null, fitted))] -= 1;
    return fitted;
  }

  // Fit the protocol into the minutes the group has; the current step keeps the time it
  // has used and gains or loses the difference.
  function fit(state, now, total) {
    state = observe(state, now);
    if (!(total > 0)) return state;
    var fitted = fitMinutes(state.minutes, total);
    var step = state.step;
    var change = step < fitted.length ? (fitted[step] - state.fitted[step]) * MINUTE : 0;
    return extend(Object.assign({}, state, { fitted: fitted }), now, change);
  }

  // The newest cue the step has reached but not yet sounded (0 when none), and the
  // state that records it as sounded, so a reload never sounds it twice.
  function cue(state, now) {
    state = observe(state, now);
    var reached = state.status === "finished" ? NO_CUE : cueAt(leftAt(state, now));
    if (reached <= state.cue) return { state: state, cue: NO_CUE };
    return { state: Object.assign({}, state, { cue: reached }), cue: reached };
  }

  // Everything the page shows, in numbers; the binding only turns it into words.
  function read(state, now) {
    state = observe(state, now);
    var left = state.status === "finished" ? 0 : leftAt(state, now);
    var later = sum(state.fitted.slice(state.step + 1)) * MINUTE;
    return {
      step: state.step,
      status: state.status,
      left: left,
      over: left < 0,
      total: later + Math.max(left, 0),
      length: sum(state.fitted) * MINUTE,
      late: state.late + overrun(state, now)
    };
  }

  // "4:05": whole seconds rounded up while counting down, so 0:00 shows at zero exactly
  // and overtime reads 0:01 one second after it.
  function clock(ms) {
    var seconds = Math.abs(Math.ceil(ms / 1000));
    var rest = seconds % 60;
    return Math.floor(seconds / 60) + ":" + (rest < 10 ? "0" : "") + rest;
  }

  function serialise(state) {
    return JSON.stringify(state);
  }

  function isNumber(value) {
    return typeof value === "number" && isFinite(value);
  }

  function isMinutes(list) {
    return Array.isArray(list) && list.length > 0 && list.every(function (m) { return isNumber(m) && m > 0; });
  }

  function sameList(a, b) {
    return a.length === b.length && a.every(function (value, i) { return value === b[i]; });
  }

  function isTime(value) {
    return isNumber(value) && value >= 0;
  }

  // A saved state, or null when the text is missing, corrupt, or saved for other steps
  // (the protocol changed since): the caller then starts afresh rather than guessing.
  // One saved before revisions were counted is revision 0; one saved before lateness
  // was kept is on time, with no minute added.
  function parse(text, minutes) {
    var state;
    try { state = JSON.parse(text); } catch (error) { return null; }
    if (!state || typeof state !== "object") return null;
    var revision = state.revision === undefined ? 0 : state.revision;
    var late = state.late === undefined ? 0 : state.late;
    var added = state.added === undefined ? 0 : state.added;
    var running = state.status === "running";
    var valid = ["ready", "running", "paused", "finished"].indexOf(state.status) >= 0 &&
      isMinutes(state.minutes) && sameList(state.minutes, minutes) &&
      isMinutes(state.fitted) && state.fitted.length === minutes.length &&
      isNumber(state.seen) && [0, 1, 2].indexOf(state.cue) >= 0 &&
      Number.isSafeInteger(revision) && revision >= 0 && isTime(late) && isTime(added) &&
      Number.isInteger(state.step) && state.step >= 0 && state.step <= minutes.length &&
      (state.status === "finished") === (state.step === minutes.length) &&
      (running ? isNumber(state.deadline) && state.left === null : state.deadline === null && isNumber(state.left));
    if (!valid) return null;
    return {
      minutes: state.minutes, fitted: state.fitted, seen: state.seen, revision: revision,
      step: state.step, status: state.status, deadline: state.deadline,
      left: state.left, cue: state.cue, late: late, added: added
    };
  }

  // `next`, made from `state`, as saved: one revision on.
  function revise(state, next) {
    return Object.assign({}, next, { revision: state.revision + 1 });
  }

  // The state to go on from: the saved one (maybe another tab's) unless this one is newer.
  // At the same revision the saved one was written last, and wins.
  function latest(state, saved) {
    return saved && saved.revision >= state.revision ? saved : state;
  }

  handbook.timer = handbook.timer || {};
  handbook.timer.core = {
    MINUTE_CUE: MINUTE_CUE, END_CUE: END_CUE,
    create: create, start: start, pause: pause, toggle: toggle, next: next,
    previous: previous, reset: reset, addMinute: addMinute, fit: fit,
    minutesOf: minutesOf, fitMinutes: fitMinutes, cue: cue, read: read, clock: clock,
    serialise: serialise, parse: parse, revise: revise, latest: latest
  };
})(window.handbook = window.handbook || {});
