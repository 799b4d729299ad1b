/* The projector window (docs/projector.html): what the room sees of a step timer run,
 * named by ?timer=<the protocol's or the agenda's id>. The facilitator's timer
 * (timer/index.js) hands over the run's steps when it opens this window; from then on
 * both windows work out what to show from the same saved state and the clock (core.js),
 * and each takes up the other's saves as they come, so they never disagree. Controls
 * show only while the pointer moves; keys and a presentation remote work without them.
 * No chimes here: the facilitator's window sounds each cue, once. Beside the clock, the
 * step's chart as the recorder writes it on the facilitator's screen (record/index.js). */
(function (handbook) {
  "use strict";

  var core = handbook.timer.core;
  var storage = handbook.storage;
  var duration = handbook.format.duration;
  var SAVED = "handbook.timer."; // + id: the run, saved by whichever window acted last
  var HANDED = "handbook.projector."; // + id: its steps, handed over by the timer
  var IDLE = 2500; // ms the pointer rests before the controls fade again
  // Arrows and Page Up/Down are what presentation remotes send; the letters are the timer's.
  var KEYS = {
    ArrowRight: "next", PageDown: "next", ArrowLeft: "previous", PageUp: "previous",
    " ": "toggle", k: "toggle", l: "next", j: "previous", "+": "addMinute", "=": "addMinute", f: "fullScreen"
  };
  var LABELS = { ready: "Start", running: "Pause", paused: "Resume", finished: "Start" };
  var STATES = { ready: "Not started", running: "", paused: "Paused", finished: "" };
  var TEMPLATE =
    '<div class="lsw-projector__head"><p data-part="run"></p><p data-part="position"></p></div>' +
    '<h1 class="lsw-projector__title" data-part="title"></h1>' +
    '<p class="lsw-projector__speaks" data-part="speaks"></p>' +
    '<p class="lsw-projector__prompt" data-part="prompt"></p>' +
    '<div class="lsw-projector__time">' +
    '<p class="lsw-projector__clock" role="timer" aria-live="off" aria-atomic="true">' +
    '<span data-part="time"></span> <span class="lsw-projector__unit" data-part="unit"></span></p>' +
    '<p class="lsw-projector__state" data-part="state"></p></div>' +
    '<p class="lsw-projector__next" data-part="next"></p>' +
    '<div class="lsw-projector__chart" data-part="chart" hidden></div>' +
    '<ol class="lsw-projector__steps" data-part="steps" aria-label="Steps"></ol>' +
    '<p class="lsw-projector__progress" data-part="progress"></p>' +
    '<div class="lsw-projector__controls" role="group" aria-label="Timer controls">' +
    '<button type="button" data-action="toggle" aria-keyshortcuts="K Space">Start</button>' +
    '<button type="button" data-action="previous" aria-keyshortcuts="J ArrowLeft PageUp">Previous step</button>' +
    '<button type="button" data-action="next" aria-keyshortcuts="L ArrowRight PageDown">Next step</button>' +
    '<button type="button" data-action="addMinute">+1 min</button>' +
    '<button type="button" data-action="fullScreen" aria-keyshortcuts="F" aria-pressed="false">Full screen</button>' +
    "</div>" +
    '<p class="lsw-visually-hidden" role="status" data-part="status"></p>';

  // A key is input: "constructor" must not find Object's.
  function own(table, name) {
    return Object.prototype.hasOwnProperty.call(table, name) && table[name];
  }

  // The steps the timer handed over, or null when there are none for this id (the window
  // was opened by hand, or the browser keeps nothing). Text from storage is checked
  // before it is shown, and shown as text.
  function handed(text) {
    var data;
    try { data = JSON.parse(text); } catch (error) { return null; }
    var valid = Boolean(data) && typeof data === "object" && Array.isArray(data.steps) && data.steps.length > 0 &&
      data.steps.every(function (step) {
        return Boolean(step) && typeof step.title === "string" && typeof step.minutes === "number" && step.minutes > 0;
      });
    return valid ? data : null;
  }

  function speaker(step) {
    var who = step.speaks ? ["Who speaks: " + step.speaks] : [];
    return who.concat(step.presenter_silent ? ["Presenter silent"] : []).join(" · ");
  }

  // Who speaks, with "Presenter silent" in bold, as on the protocol's page.
  function showSpeaker(node, step) {
    node.textContent = step && step.speaks ? "Who speaks: " + step.speaks : "";
    if (!step || !step.presenter_silent) return;
    var silent = document.createElement("strong");
    silent.textContent = "Presenter silent";
    node.append(step.speaks ? " · " : "", silent);
  }

  function unavailable(element) {
    element.textContent = "";
    var heading = document.createElement("h1");
    heading.className = "lsw-projector__title";
    heading.textContent = "No timer to show";
    var note = document.createElement("p");
    note.className = "lsw-projector__speaks";
    note.textContent = "Open the projector window from a step timer, with its “Projector window” button: " +
      "this window then shows that timer's steps.";
    element.append(heading, note);
  }

  function mount(element, id) {
    var data = handed(storage.read(HANDED + id));
    if (!data) {
      unavailable(element);
      return function () {};
    }
    var steps = data.steps;
    var scope = data.scope || "Protocol";
    var key = SAVED + id;
    var minutes = steps.map(function (step) { return step.minutes; });
    var last = storage.read(key); // the text this window last saved or took up
    var state = core.parse(last, minutes) || core.create(minutes, Date.now());
    var shownStep = null, shownFitted = null;
    var timeout = null, idle = null;
    var hold = handbook.widgets.screenLock();

    element.innerHTML = TEMPLATE;
    var parts = {};
    element.querySelectorAll("[data-part]").forEach(function (node) {
      parts[node.getAttribute("data-part")] = node;
    });
    var buttons = {};
    element.querySelectorAll("[data-action]").forEach(function (node) {
      buttons[node.getAttribute("data-action")] = node;
    });
    parts.run.textContent = data.title || scope;
    var chartRecord = null, chartShown = null; // the current record, and what of it is shown

    // The current step's charts, as the recorder writes them (record/index.js), large:
    // each chart with something written on it, nothing when none has. A chart longer than
    // its room is set smaller, down to half size, and then shows its last lines.
    function paintChart() {
      var fields = chartRecord && chartRecord.steps[state.step] ? chartRecord.steps[state.step].fields : [];
      var written = fields.filter(function (field) { return field.items.length > 0; });
      var shown = JSON.stringify([state.step, written]);
      if (shown === chartShown) return;
      chartShown = shown;
      parts.chart.replaceChildren.apply(parts.chart, written.map(function (field) {
        var box = document.createElement("section");
        var heading = document.createElement("h2");
        heading.textContent = field.label;
        var list = document.createElement("ul");
        field.items.forEach(function (text) {
          var item = document.createElement("li");
          item.textContent = text;
          list.appendChild(item);
        });
        box.append(heading, list);
        return box;
      }));
      parts.chart.hidden = !written.length;
      element.classList.toggle("lsw-projector--chart", written.length > 0);
      fitChart();
    }

    function fitChart() {
      var chart = parts.chart, size = 1;
      chart.style.fontSize = "";
      while (chart.scrollHeight > chart.clientHeight + 1 && size > 0.5) {
        size = Math.round(size * 100 - 5) / 100;
        chart.style.fontSize = size + "em";
      }
      chart.scrollTop = chart.scrollHeight;
    }

    var stopChart = handbook.record.follow(data, function (record) {
      chartRecord = record;
      paintChart();
    });

    function setText(name, text) {
      if (parts[name].textContent !== text) parts[name].textContent = text;
    }

    function announceStep() {
      var step = steps[state.step];
      parts.status.textContent = step ? "Step " + (state.step + 1) + " of " + steps.length + ": " + step.title + ". " + speaker(step) : "All steps done.";
    }

    // Every step as a part of one bar, as long as its minutes: the ones done filled, the
    // current one filling as its time goes.
    function paintSteps() {
      parts.steps.textContent = "";
      steps.forEach(function (step, i) {
        var item = document.createElement("li");
        var where = i < state.step ? "done" : i === state.step ? "now" : "to come";
        item.className = "lsw-projector__step" + (i < state.step ? " lsw-projector__step--done" : "");
        item.style.flexGrow = state.fitted[i];
        var label = document.createElement("span");
        label.className = "lsw-visually-hidden";
        label.textContent = "Step " + (i + 1) + ", " + step.title + ", " + duration(state.fitted[i]) + ": " + where;
        item.appendChild(label);
        if (i === state.step) {
          item.setAttribute("aria-current", "step");
          var fill = document.createElement("span");
          fill.className = "lsw-projector__fill";
          item.appendChild(fill);
        }
        parts.steps.appendChild(item);
      });
      shownStep = state.step;
      shownFitted = state.fitted;
    }

    function paintClock() {
      var view = core.read(state, Date.now());
      var running = view.status === "running";
      setText("time", core.clock(view.left));
      setText("unit", view.over ? "over" : "left");
      setText("state", view.over ? "Time's up" + (running ? "" : " · Paused") : STATES[view.status]);
      setText("progress", scope + ": " + core.clock(view.total) + " left of " + duration(view.length / 60000));
      element.classList.toggle("lsw-projector--over", view.over);
      var fill = parts.steps.querySelector(".lsw-projector__fill");
      if (fill) {
        var length = state.fitted[state.step] * 60000;
        fill.style.width = Math.min(100, Math.max(0, 100 * (length - view.left) / length)) + "%";
      }
      var title = "Projector window · " + (data.title || scope);
      document.title = running ? core.clock(view.left) + (view.over ? " over · " : " left · ") + title : title;
    }

    function paint() {
      var step = steps[state.step];
      var after = steps[state.step + 1];
      setText("position", step ? "Step " + (state.step + 1) + " of " + steps.length : "Finished");
      setText("title", step ? step.title : "All steps done");
      showSpeaker(parts.speaks, step);
      setText("prompt", step && step.prompt ? "“" + step.prompt + "”" : "");
      setText("next", !step ? "" : after ? "Next: " + after.title + ", " + duration(state.fitted[state.step + 1]) + "." : "This is the last step.");
      element.classList.toggle("lsw-projector--finished", !step);
      buttons.toggle.textContent = LABELS[state.status];
      buttons.toggle.setAttribute("aria-disabled", state.status === "finished");
      buttons.addMinute.setAttribute("aria-disabled", state.status === "finished");
      buttons.next.setAttribute("aria-disabled", state.status === "finished");
      buttons.previous.setAttribute("aria-disabled", state.step === 0);
      buttons.fullScreen.setAttribute("aria-pressed", Boolean(document.fullscreenElement));
      if (state.step !== shownStep || state.fitted !== shownFitted) paintSteps();
      paintChart();
      paintClock();
    }

    // Waits until the shown second changes, as the facilitator's timer does.
    function schedule() {
      clearTimeout(timeout);
      if (state.status !== "running") return;
      var left = core.read(state, Date.now()).left;
      timeout = setTimeout(tick, left - (Math.ceil(left / 1000) - 1) * 1000);
    }

    function show() {
      hold(state.status === "running");
      paint();
      schedule();
    }

    // Takes up the other window's save (`text`, or as read now) unless this window's state
    // is newer. A run that was cleared (the planner starting an agenda afresh) starts
    // afresh here too.
    function follow(text) {
      if (text === undefined) text = storage.read(key);
      if (text === last) return;
      last = text;
      var saved = text === null ? core.create(minutes, Date.now()) : core.parse(text, minutes);
      if (text !== null && core.latest(state, saved) !== saved) return;
      var before = state.step;
      state = saved;
      if (state.step !== before) announceStep();
      show();
    }

    function tick() {
      follow();
      paintClock();
      schedule();
    }

    function fullScreen() {
      if (document.fullscreenElement) document.exitFullscreen().catch(function () {});
      else if (document.documentElement.requestFullscreen) document.documentElement.requestFullscreen().catch(function () {});
    }

    function act(action) {
      if (action === "fullScreen") { fullScreen(); return; }
      follow();
      var before = state.step;
      state = core.revise(state, core[action](state, Date.now()));
      last = core.serialise(state);
      storage.write(key, last);
      if (state.step !== before) announceStep();
      show();
    }

    // The controls fade in while the pointer moves and out once it rests; a keyboard
    // that moves into them keeps them shown (CSS: :focus-within).
    function onPointer() {
      element.classList.add("lsw-projector--awake");
      clearTimeout(idle);
      idle = setTimeout(function () { element.classList.remove("lsw-projector--awake"); }, IDLE);
    }

    function onClick(event) {
      var button = event.target.closest("[data-action]");
      if (button) act(button.getAttribute("data-action"));
    }

    function onKey(event) {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
      // A focused button takes its own Space and Enter.
      if ((event.key === " " || event.key === "Enter") && event.target.closest && event.target.closest("button")) return;
      var key = event.key || "";
      var action = own(KEYS, key.length === 1 ? key.toLowerCase() : key);
      if (!action) return;
      event.preventDefault();
      act(action);
    }

    function onVisible() {
      hold(state.status === "running");
      tick();
    }

    function onFullScreen() {
      buttons.fullScreen.setAttribute("aria-pressed", Boolean(document.fullscreenElement));
    }

    element.addEventListener("click", onClick);
    addEventListener("resize", fitChart);
    document.addEventListener("keydown", onKey);
    document.addEventListener("pointermove", onPointer);
    document.addEventListener("pointerdown", onPointer);
    document.addEventListener("visibilitychange", onVisible);
    document.addEventListener("fullscreenchange", onFullScreen);
    var unwatch = storage.watch(key, follow);
    show();

    return function unmount() {
      clearTimeout(timeout);
      clearTimeout(idle);
      hold(false);
      unwatch();
      stopChart();
      removeEventListener("resize", fitChart);
      element.removeEventListener("click", onClick);
      document.removeEventListener("keydown", onKey);
      document.removeEventListener("pointermove", onPointer);
      document.removeEventListener("pointerdown", onPointer);
      document.removeEventListener("visibilitychange", onVisible);
      document.removeEventListener("fullscreenchange", onFullScreen);
    };
  }

  // Shown again from the start whenever the timer hands over the steps anew (opened
  // again, or opened before the timer had handed anything over).
  handbook.widgets.mountEach(".lsw-projector", function (element) {
    var id = new URLSearchParams(location.search).get("timer") || "";
    var unmount = mount(element, id);
    var unwatch = storage.watch(HANDED + id, function () {
      unmount();
      unmount = mount(element, id);
    });
    return function () { unwatch(); unmount(); };
  });
})(window.handbook);
