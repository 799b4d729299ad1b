/* The step timer's binding: mounts the pure core (core.js) on each protocol page's
 * <div class="lsw-timer" data-timer="…"> (its protocol, as macros/page_data.py writes it),
 * shows its state, and turns buttons and keys into core actions. Mounted on each page
 * instant navigation brings (browser/widgets.js); each page's timeout, listeners and
 * wake lock are released when the next page arrives, so coming back to a page never runs
 * a second timer. Tabs showing the same protocol follow each other's saves. The planner
 * runs its agenda through `runAgenda` and `underway`: the saved runs are the timer's own. */
(function (handbook) {
  "use strict";

  var core = handbook.timer.core;
  var storage = handbook.storage;
  var duration = handbook.format.duration;
  var SAVED = "handbook.timer."; // + the protocol's or the agenda's id
  var MUTED = "handbook.timer.muted";
  var HANDED = "handbook.projector."; // + the id: the steps the projector window shows
  // docs/projector.html, beside index.html in the web and the offline edition alike.
  var PROJECTOR_WINDOW = new URL("../../../projector.html", document.currentScript.src).href;
  // Letters Material leaves free (it uses f, s, /, p, n, comma and full stop).
  var KEYS = { k: "toggle", j: "previous", l: "next", "+": "addMinute", "=": "addMinute", m: "mute", v: "projector" };
  // A presentation remote sends these; on the page they would steal scrolling.
  var PROJECTOR_KEYS = { ArrowRight: "next", PageDown: "next", ArrowLeft: "previous", PageUp: "previous", Escape: "projector" };
  var LABELS = { ready: "Start", running: "Pause", paused: "Resume", finished: "Start" };
  var TEMPLATE =
    '<p class="lsw-timer__position" data-part="position"></p>' +
    '<p class="lsw-timer__title" data-part="title"></p>' +
    '<p class="lsw-timer__speaks" data-part="speaks"></p>' +
    '<p class="lsw-timer__prompt" data-part="prompt"></p>' +
    '<p class="lsw-timer__clock" role="timer" aria-live="off" aria-atomic="true">' +
    '<span data-part="time"></span> <span class="lsw-timer__unit" data-part="unit"></span></p>' +
    '<p class="lsw-timer__total"><span data-part="total"></span> <span data-part="next"></span></p>' +
    '<div class="lsw-timer__controls">' +
    '<button type="button" data-action="toggle" aria-keyshortcuts="K">Start</button>' +
    '<button type="button" data-action="previous" aria-keyshortcuts="J">Previous step</button>' +
    '<button type="button" data-action="next" aria-keyshortcuts="L">Next step</button>' +
    '<button type="button" data-action="addMinute">+1 min</button>' +
    '<button type="button" data-action="reset">Reset</button>' +
    '<button type="button" data-action="mute" aria-keyshortcuts="M" aria-pressed="false">Mute</button>' +
    '<button type="button" data-action="projector" aria-keyshortcuts="V" aria-pressed="false">Projector view</button>' +
    '<button type="button" data-action="projectorWindow">Projector window</button>' +
    "</div>" +
    '<p data-part="blocked" hidden>The browser blocked the projector window: <a target="lsw-projector">open it here</a>.</p>' +
    '<p class="lsw-timer__status lsw-visually-hidden" role="status" data-part="status"></p>' +
    // The facilitator's screen: none of it is shown in the projector view or window.
    '<div class="lsw-timer__facilitator"><div class="lsw-timer__guide">' +
    '<div data-part="guidanceBox"><p class="lsw-timer__label">What the group does</p><div data-part="guidance"></div></div>' +
    '<div data-part="movesBox"><p class="lsw-timer__label">Facilitator moves</p><div data-part="moves"></div></div>' +
    '<div data-part="transition"><p class="lsw-timer__label">At the transition</p>' +
    '<p data-part="say"></p><p data-part="nextSpeaks"></p><p data-part="nextPrompt"></p></div></div>' +
    '<div data-part="chart"></div>' + // the step's chart paper (record/index.js)
    '<button type="button" class="lsw-timer__fit" data-disclose aria-expanded="false">Fit to time</button><form hidden>' +
    '<label>Minutes the group has <input type="number" name="meeting" min="1" step="1" required></label> ' +
    '<button type="submit">Fit</button></form>' +
    '<ol class="lsw-timer__steps" data-part="steps" aria-label="Steps"></ol>' +
    '<p class="lsw-timer__keys">Keys: K start or pause, J previous step, L next step, + add a minute, ' +
    "M mute, V projector view (then arrows or a remote move between steps, Esc leaves).</p></div>";

  var audio = null; // one AudioContext for every page: browsers cap how many exist

  // Browsers only let sound start from a user's action, so the context is made or
  // woken on the first click or key, and chimes after that can play.
  function wakeAudio() {
    var Context = window.AudioContext || window.webkitAudioContext;
    if (!Context) return;
    audio = audio || new Context();
    if (audio.state === "suspended") audio.resume().catch(function () {});
  }

  // A soft bell made in the browser: one note at a minute left, two at time's up.
  function chime(cue) {
    if (!audio) return;
    var notes = cue === core.END_CUE ? [784, 587] : [659];
    notes.forEach(function (hz, i) {
      var at = audio.currentTime + i * 0.3;
      var tone = audio.createOscillator();
      var gain = audio.createGain();
      tone.frequency.value = hz;
      gain.gain.setValueAtTime(0.0001, at);
      gain.gain.exponentialRampToValueAtTime(0.3, at + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, at + 0.8);
      tone.connect(gain).connect(audio.destination);
      tone.start(at);
      tone.stop(at + 0.8);
    });
  }

  // A key is input: "constructor" must not find Object's.
  function own(table, name) {
    return Object.prototype.hasOwnProperty.call(table, name) && table[name];
  }

  function typing(target) {
    return target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName);
  }

  // The run saved for these steps (in any tab), or null.
  function savedRun(data) {
    return core.parse(storage.read(SAVED + data.id), core.minutesOf(data.steps));
  }

  function speaker(step) {
    var who = step.speaks ? ["Who speaks: " + step.speaks] : [];
    return who.concat(step.presenter_silent ? ["Presenter silent"] : []).join(" · ");
  }

  // `data` is a protocol (macros/page_data.py) or the planner's agenda: an id, a total of
  // minutes and steps. `meeting`, when given, is the minutes the group has (the finder's
  // link): a timer that has not started yet starts fitted to it, as if the facilitator
  // had used Fit to time.
  function mount(element, data, meeting) {
    var steps = data.steps;
    var key = SAVED + data.id;
    var stepMinutes = core.minutesOf(steps);
    var last = storage.read(key); // the text this tab last saved or took up
    var state = core.parse(last, stepMinutes) || core.create(stepMinutes, Date.now());
    var muted = storage.read(MUTED) === "1";
    var projector = false;
    var timeout = null;
    var pageTitle = document.title;
    var shownTitle = null;
    var hold = handbook.widgets.screenLock();
    var guideStep = null; // the step whose guidance is shown

    element.innerHTML = TEMPLATE;
    element.setAttribute("role", "region");
    element.setAttribute("aria-label", "Step timer");
    var parts = {};
    element.querySelectorAll("[data-part]").forEach(function (node) {
      parts[node.getAttribute("data-part")] = node;
    });
    var buttons = {};
    element.querySelectorAll("[data-action]").forEach(function (node) {
      buttons[node.getAttribute("data-action")] = node;
    });
    var form = element.querySelector("form");
    var fitButton = element.querySelector("[data-disclose]");

    function setText(name, text) {
      if (parts[name].textContent !== text) parts[name].textContent = text;
    }

    function announce(text) {
      parts.status.textContent = text;
    }

    var chart = handbook.record.chart(parts.chart, data, announce);

    // How late the meeting runs ("1:02"), once the steps left behind or this one ran past
    // their minutes, in whole seconds as the overtime clock counts them; "" when on time.
    function lateness(view) {
      return view.late < 1000 ? "" : core.clock(-view.late);
    }

    function announceStep() {
      var step = steps[state.step];
      var late = lateness(core.read(state, Date.now()));
      if (!step) announce("All steps done." + (late ? " The meeting ran " + late + " late." : ""));
      else announce("Step " + (state.step + 1) + " of " + steps.length + ": " + step.title + ". " +
        [speaker(step), late && "Running " + late + " late."].filter(Boolean).join(". "));
    }

    function pulse() {
      element.classList.remove("lsw-timer--pulse");
      void element.offsetWidth; // restarts the animation if it ran before
      element.classList.add("lsw-timer--pulse");
    }

    function paintClock() {
      var view = core.read(state, Date.now());
      var running = view.status === "running";
      setText("time", core.clock(view.left));
      setText("unit", view.over ? "over" : "left");
      var late = lateness(view);
      var behind = late ? (view.status === "finished" ? ", ran " : ", running ") + late + " late" : "";
      setText("total", (data.scope || "Protocol") + ": " + core.clock(view.total) + " left of " + duration(view.length / 60000) + behind + ".");
      element.classList.toggle("lsw-timer--over", view.over);
      element.classList.toggle("lsw-timer--late", Boolean(late));
      shownTitle = running ? core.clock(view.left) + (view.over ? " over · " : " left · ") + pageTitle : null;
      if (document.title !== (shownTitle || pageTitle)) document.title = shownTitle || pageTitle;
    }

    function paintSteps() {
      parts.steps.textContent = "";
      steps.forEach(function (step, i) {
        var item = document.createElement("li");
        var fitted = state.fitted[i] !== step.minutes;
        item.textContent = step.title + ": " + duration(state.fitted[i]) +
          (fitted ? " (protocol: " + step.duration + ")" : "") + (step.suggested ? ", suggested" : "");
        if (i === state.step) item.setAttribute("aria-current", "step");
        parts.steps.appendChild(item);
      });
    }

    function show(name, text) {
      setText(name, text);
      parts[name].hidden = !text;
    }

    // The build's sanitised HTML for the step (macros/page_data.py), made again only when
    // the step changes, so a link in it keeps the keyboard's place while the clock runs.
    function paintGuide() {
      if (guideStep === state.step) return;
      guideStep = state.step;
      var facilitator = steps[state.step] && steps[state.step].facilitator;
      parts.guidance.innerHTML = facilitator && facilitator.guidance_html || "";
      parts.moves.innerHTML = facilitator && facilitator.moves_html || "";
      parts.guidanceBox.hidden = !parts.guidance.innerHTML;
      parts.movesBox.hidden = !parts.moves.innerHTML;
    }

    // What the facilitator says as the step ends: the next step and its minutes, who
    // speaks in it, and the question it asks.
    function paintTransition(step, after) {
      parts.transition.hidden = !step;
      if (!step) return;
      var say = after ? "Next: " + after.title + ", " + duration(state.fitted[state.step + 1]) + "." :
        "That is the end of the " + (data.scope || "Protocol").toLowerCase() + ".";
      if (after && after.presenter_silent && !step.presenter_silent) say += " Presenter, please listen without speaking for now.";
      show("say", "Say: “" + say + "”");
      show("nextSpeaks", after ? speaker(after) : "");
      show("nextPrompt", after && after.prompt ? "Ask: “" + after.prompt + "”" : "");
    }

    function paint() {
      var step = steps[state.step];
      var after = steps[state.step + 1];
      setText("position", step ? "Step " + (state.step + 1) + " of " + steps.length : "Finished");
      setText("speaks", step ? speaker(step) : "");
      setText("title", step ? step.title : "All steps done");
      setText("prompt", step && step.prompt ? "“" + step.prompt + "”" : "");
      setText("next", !step ? "" : after ? "Next: " + after.title + ", " + duration(state.fitted[state.step + 1]) + "." : "Next: end of protocol.");
      buttons.toggle.textContent = LABELS[state.status];
      buttons.toggle.setAttribute("aria-disabled", state.status === "finished");
      buttons.addMinute.setAttribute("aria-disabled", state.status === "finished");
      buttons.next.setAttribute("aria-disabled", state.status === "finished");
      buttons.previous.setAttribute("aria-disabled", state.step === 0);
      buttons.mute.setAttribute("aria-pressed", muted);
      buttons.projector.setAttribute("aria-pressed", projector);
      element.classList.toggle("lsw-timer--projector", projector);
      paintGuide();
      chart.show(state.step);
      paintTransition(step, after);
      paintSteps();
      paintClock();
    }

    // Waits until the shown second changes, not a fixed interval, so the display is
    // never a fraction of a second behind the clock.
    function schedule() {
      clearTimeout(timeout);
      if (state.status !== "running") return;
      var left = core.read(state, Date.now()).left;
      timeout = setTimeout(tick, left - (Math.ceil(left / 1000) - 1) * 1000);
    }

    function save(next) {
      state = core.revise(state, next);
      last = core.serialise(state);
      storage.write(key, last);
    }

    // Takes up and shows another tab's save (`text`, or as read now) unless this state is
    // newer. Also run before each action and tick, so a tab that missed a change never
    // writes over it.
    function follow(text) {
      if (text === undefined) text = storage.read(key);
      if (text === last) return;
      last = text;
      var saved = core.parse(text, stepMinutes);
      if (core.latest(state, saved) !== saved) return;
      var before = state.step;
      state = saved;
      if (state.step !== before) announceStep();
      hold(state.status === "running");
      paint();
      schedule();
    }

    function sound() {
      var result = core.cue(state, Date.now());
      state = result.state;
      if (!result.cue) return;
      save(state);
      if (!muted) chime(result.cue);
      pulse();
      announce(result.cue === core.END_CUE ? "Time's up for this step." : "One minute left in this step.");
    }

    function tick() {
      follow();
      sound();
      paintClock();
      schedule();
    }

    function setProjector(on) {
      projector = on;
      document.documentElement.classList.toggle("lsw-timer-projecting", on);
      if (on && element.requestFullscreen && !document.fullscreenElement) {
        element.requestFullscreen().catch(function () {});
      }
      if (!on && document.fullscreenElement === element) document.exitFullscreen().catch(function () {});
    }

    // The room's view in a window of its own (timer/projector.js). A blocked popup is
    // said, with a link: a link the facilitator clicks is never blocked.
    function openProjectorWindow() {
      var url = PROJECTOR_WINDOW + "?timer=" + encodeURIComponent(data.id);
      storage.write(HANDED + data.id, JSON.stringify(data));
      var opened = window.open(url, "lsw-projector", "popup");
      parts.blocked.hidden = Boolean(opened);
      parts.blocked.firstElementChild.href = url;
      announce(opened ? "Projector window opened: move it to the projector and make it full screen." : parts.blocked.textContent);
    }

    function act(action, argument) {
      wakeAudio();
      if (action === "projectorWindow") {
        openProjectorWindow();
      } else if (action === "mute") {
        muted = !muted;
        storage.write(MUTED, muted ? "1" : "0");
      } else if (action === "projector") {
        setProjector(!projector);
      } else {
        follow();
        var before = state.step;
        save(core[action](state, Date.now(), argument));
        if (state.step !== before) announceStep();
        sound();
      }
      hold(state.status === "running");
      paint();
      schedule();
    }

    function onClick(event) {
      var button = event.target.closest("[data-action]");
      if (button) act(button.getAttribute("data-action"));
      if (event.target.closest("[data-disclose]")) disclose(form.hidden);
    }

    // Fit to time: a button that shows or hides its form.
    function disclose(open) {
      form.hidden = !open;
      fitButton.setAttribute("aria-expanded", open);
    }

    function onSubmit(event) {
      event.preventDefault();
      act("fit", form.elements.meeting.valueAsNumber);
    }

    function onKey(event) {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
      var key = event.key || "";
      var action = own(KEYS, key.toLowerCase()) || (projector && own(PROJECTOR_KEYS, key));
      if (!action) return;
      event.preventDefault();
      act(action);
    }

    // Leaving full screen with the browser's own Esc also leaves the projector view.
    function onFullscreen() {
      if (projector && !document.fullscreenElement) act("projector");
    }

    function onVisible() {
      hold(state.status === "running");
      tick();
    }

    // Saved, or the next action would go on from the saved, unfitted minutes.
    if (meeting > 0 && state.status === "ready" && state.step === 0) save(core.fit(state, Date.now(), meeting));
    form.elements.meeting.value = Math.round(meeting > 0 ? meeting : data.minutes);
    element.addEventListener("click", onClick);
    form.addEventListener("submit", onSubmit);
    document.addEventListener("keydown", onKey);
    document.addEventListener("visibilitychange", onVisible);
    document.addEventListener("fullscreenchange", onFullscreen);
    var unwatch = storage.watch(key, follow);
    sound();
    hold(state.status === "running");
    paint();
    schedule();

    return function unmount() {
      clearTimeout(timeout);
      hold(false);
      unwatch();
      chart.unmount();
      document.removeEventListener("keydown", onKey);
      document.removeEventListener("visibilitychange", onVisible);
      document.removeEventListener("fullscreenchange", onFullscreen);
      if (projector) setProjector(false);
      // Instant navigation has already set the new page's title: only undo our own.
      if (shownTitle && document.title === shownTitle) document.title = pageTitle;
    };
  }

  // The minutes a group has, from a protocol page's address: ?meeting=, as the finder
  // and the planner name it, or ?fit= in links made before they shared the name.
  function meetingMinutes(search) {
    var query = new URLSearchParams(search);
    return Number(query.get("meeting") || query.get("fit"));
  }

  // The planner's agenda ({ id, title, scope, minutes, steps }) run in `element`; a run of the
  // same agenda that finished (last week's meeting) starts afresh. Returns the unmount.
  function runAgenda(element, agenda) {
    var saved = savedRun(agenda);
    if (saved && saved.status === "finished") storage.remove(SAVED + agenda.id);
    return mount(element, agenda, 0);
  }

  // Whether a run of the agenda is under way (running or paused), to show it again.
  function underway(agenda) {
    var saved = savedRun(agenda);
    return Boolean(saved) && (saved.status === "running" || saved.status === "paused");
  }

  handbook.timer.runAgenda = runAgenda;
  handbook.timer.underway = underway;
  handbook.widgets.mountEach(".lsw-timer[data-timer]", function (element) {
    return mount(element, JSON.parse(element.getAttribute("data-timer")), meetingMinutes(location.search));
  });
})(window.handbook);
