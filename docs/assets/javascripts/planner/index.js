/* The meeting planner, mounted on <div class="lsw-planner" data-planner="…">: a start time,
 * the meeting's minutes, then blocks in order (an opening, protocols, a closing), with the
 * clock time at which every step begins. The plan is kept in the page's address (so a
 * link rebuilds it) and in localStorage (so it is there on the next visit); "Run" mounts
 * the step timer (timer/index.js) once, on the whole agenda's steps in sequence.
 * The first half works out the agenda from the plan and knows no DOM; the second shows it. */
(function (handbook) {
  "use strict";

  var core = handbook.timer.core;
  var KEY = "handbook.planner";
  var DAY = 24 * 60;
  var OPENING = {
    title: "Opening", note: "Norms, roles, who presents.",
    step: { title: "Opening: norms, roles, who presents", speaks: "Facilitator", prompt: null }
  };
  var CLOSING = {
    title: "Closing", note: "Reflection on the process.",
    step: { title: "Closing: reflection on the process", speaks: "Everyone", prompt: "How well did the process work, and what could be better next time?" }
  };
  var DEFAULT = { start: 15 * 60 + 30, meeting: 60, opening: 5, closing: 5, protocols: [] };

  function sum(list) {
    return list.reduce(function (total, value) { return total + value; }, 0);
  }

  function whole(text, min, fallback) {
    var value = Number(text);
    return text !== null && text !== "" && Number.isInteger(value) && value >= min && value <= DAY ? value : fallback;
  }

  function pad(value) {
    return (value < 10 ? "0" : "") + value;
  }

  // "15:30" (an <input type=time>'s value) to minutes after midnight, and back.
  function parseTime(text) {
    var found = /^(\d\d):(\d\d)$/.exec(text || "");
    return found && +found[1] < 24 && +found[2] < 60 ? +found[1] * 60 + +found[2] : null;
  }

  function timeValue(minutes) {
    var day = ((minutes % DAY) + DAY) % DAY;
    return pad(Math.floor(day / 60)) + ":" + pad(day % 60);
  }

  var format = null;
  // The clock time in the reader's own style (3:30 PM, or 15:30 and 00:05 where the day
  // has 24 hours); past midnight wraps round.
  function clockTime(minutes) {
    if (!format) {
      format = new Intl.DateTimeFormat(undefined, { hour: "numeric", minute: "2-digit", timeZone: "UTC" });
      if (!format.resolvedOptions().hour12) format = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit", timeZone: "UTC" });
    }
    var value = timeValue(minutes).split(":");
    return format.format(new Date(Date.UTC(2000, 0, 1, +value[0], +value[1])));
  }

  function ownMinutes(protocol) {
    return protocol.steps.map(function (step) { return step.minutes; });
  }

  // A plan from an address's query (a shared link) or from the saved one; what is missing
  // or malformed comes from `base`, and protocols this handbook does not have are dropped.
  function readPlan(search, library, base) {
    var query = new URLSearchParams(search);
    var minutes = query.getAll("minutes");
    var presenters = query.getAll("presenter");
    var start = parseTime(query.get("start"));
    return {
      start: start === null ? base.start : start,
      meeting: whole(query.get("meeting"), 1, base.meeting),
      opening: whole(query.get("opening"), 0, base.opening),
      closing: whole(query.get("closing"), 0, base.closing),
      protocols: query.getAll("protocol").map(function (id, i) {
        var protocol = library[id];
        if (!protocol) return null;
        var fit = whole(minutes[i], protocol.steps.length, null);
        return { id: id, minutes: fit === sum(ownMinutes(protocol)) ? null : fit, presenter: (presenters[i] || "").slice(0, 80) };
      }).filter(Boolean)
    };
  }

  // The plan as a query, blocks in their order: start=15:30&meeting=45&opening=5&
  // protocol=tuning&minutes=40&presenter=Ana&closing=5 (empty minutes: the protocol's own).
  function writePlan(plan) {
    var query = new URLSearchParams({ start: timeValue(plan.start), meeting: plan.meeting, opening: plan.opening });
    plan.protocols.forEach(function (entry) {
      query.append("protocol", entry.id);
      query.append("minutes", entry.minutes === null ? "" : entry.minutes);
      query.append("presenter", entry.presenter);
    });
    query.append("closing", plan.closing);
    return query.toString();
  }

  function step(fields, minutes) {
    return { title: fields.title, minutes: minutes, speaks: fields.speaks, presenter_silent: false, prompt: fields.prompt, suggested: false };
  }

  // Every block with its start and its steps' starts, in minutes from the meeting's start.
  // An opening or closing of 0 minutes stays in the list (to be given minutes again) with
  // no steps, and is left out of the printed agenda and the timer.
  function agenda(plan, library) {
    var at = 0;
    function timed(block) {
      block.start = at;
      block.steps.forEach(function (each) { each.start = at; at += each.minutes; });
      block.minutes = at - block.start;
      return block;
    }
    var blocks = [timed({ kind: "opening", title: OPENING.title, note: OPENING.note, steps: plan.opening ? [step(OPENING.step, plan.opening)] : [] })];
    plan.protocols.forEach(function (entry, index) {
      var protocol = library[entry.id];
      var own = ownMinutes(protocol);
      var minutes = entry.minutes ? core.fitMinutes(own, entry.minutes) : own;
      blocks.push(timed({
        kind: "protocol", index: index, title: protocol.title, protocol: protocol, own: sum(own), presenter: entry.presenter,
        steps: protocol.steps.map(function (each, i) { return Object.assign({}, each, { minutes: minutes[i] }); })
      }));
    });
    blocks.push(timed({ kind: "closing", title: CLOSING.title, note: CLOSING.note, steps: plan.closing ? [step(CLOSING.step, plan.closing)] : [] }));
    return { blocks: blocks, minutes: at, over: at - plan.meeting };
  }

  // The timer's steps for the whole agenda: a protocol's steps carry its title, so the
  // group always knows where in the meeting it is.
  function timerSteps(result) {
    return [].concat.apply([], result.blocks.map(function (block) {
      return block.steps.map(function (each) {
        return {
          title: block.kind === "protocol" ? block.title + " · " + each.title : each.title,
          minutes: each.minutes, speaks: each.speaks, presenter_silent: each.presenter_silent,
          prompt: each.prompt, suggested: each.suggested
        };
      });
    }));
  }

  // A short name for a list of steps (FNV-1a), so each plan keeps its own timer state.
  function hash(text) {
    var value = 2166136261;
    for (var i = 0; i < text.length; i++) value = Math.imul(value ^ text.charCodeAt(i), 16777619);
    return (value >>> 0).toString(36);
  }

  // A protocol added to a plan takes its own minutes or, when they do not fit in what is
  // left of the meeting, is fitted to what is left (at least a minute a step).
  function addProtocol(plan, id, library) {
    var own = sum(ownMinutes(library[id]));
    var left = plan.meeting - agenda(plan, library).minutes;
    var fit = own > left && left >= library[id].steps.length ? left : null;
    return Object.assign({}, plan, { protocols: plan.protocols.concat([{ id: id, minutes: fit, presenter: "" }]) });
  }

  // Every protocol fitted, in proportion to its own minutes, into what the opening and the
  // closing leave of the meeting (the timer's fitMinutes again, on the protocols' totals).
  function fitToMeeting(plan, library) {
    var owns = plan.protocols.map(function (entry) { return sum(ownMinutes(library[entry.id])); });
    var room = plan.meeting - plan.opening - plan.closing;
    if (!owns.length || room < owns.length) return plan;
    var totals = core.fitMinutes(owns, room);
    return Object.assign({}, plan, {
      protocols: plan.protocols.map(function (entry, i) {
        return Object.assign({}, entry, { minutes: totals[i] === owns[i] ? null : Math.max(totals[i], library[entry.id].steps.length) });
      })
    });
  }

  // The plan a visit starts with: the finder's "Plan a meeting with it" (?add=…) makes a
  // new plan for that protocol, keeping the saved start, opening and closing; a shared
  // link rebuilds its plan; otherwise the saved plan, or a first one.
  function startingPlan(search, saved, library) {
    var query = new URLSearchParams(search);
    var base = saved ? readPlan(saved, library, DEFAULT) : DEFAULT;
    if (query.has("add")) {
      var fresh = Object.assign({}, base, { meeting: whole(query.get("meeting"), 1, base.meeting), protocols: [] });
      return library[query.get("add")] ? addProtocol(fresh, query.get("add"), library) : fresh;
    }
    return query.has("start") ? readPlan(search, library, DEFAULT) : base;
  }

  /* ---- The page ---- */

  function stored(key) {
    try { return localStorage.getItem(key); } catch (error) { return null; }
  }

  function store(key, value) {
    try { localStorage.setItem(key, value); } catch (error) { /* the address still holds the plan */ }
  }

  function make(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  function hidden(text) {
    return make("span", "lsw-visually-hidden", text);
  }

  function button(text, action, name, index) {
    var node = make("button", null, text);
    node.type = "button";
    node.setAttribute("data-action", action);
    if (name) node.append(hidden(" " + name));
    if (index !== undefined) node.setAttribute("data-index", index);
    return node;
  }

  function field(label, control, name) {
    var node = make("label", "lsw-planner__field", label);
    if (name) node.append(hidden(" for " + name));
    node.append(control);
    return node;
  }

  function input(type, name, value, index, min) {
    var node = make("input");
    node.type = type;
    node.name = name;
    node.value = value;
    if (type === "number") { node.min = min; node.step = 1; node.inputMode = "numeric"; }
    if (index !== undefined) node.setAttribute("data-index", index);
    return node;
  }

  function time(minutes, text) {
    var node = make("time", "lsw-planner__time", text || clockTime(minutes));
    node.dateTime = timeValue(minutes);
    return node;
  }

  // A protocol's page (protocols/<id>.yml becomes protocols/<id>/), from this page at
  // plan/planner/ on the web, plan/planner.html in the offline edition (no directory
  // URLs), or plan/planner/index.html for a web build opened from a folder.
  function protocolAddress(id) {
    var path = location.pathname;
    return /\/index\.html$/.test(path) ? "../../protocols/" + id + "/index.html" :
      /\.html$/.test(path) ? "../protocols/" + id + ".html" : "../../protocols/" + id + "/";
  }

  function mount(element) {
    var data = JSON.parse(element.getAttribute("data-planner"));
    var library = {};
    data.protocols.forEach(function (protocol) { library[protocol.id] = protocol; });
    var plan = startingPlan(location.search, stored(KEY), library);
    var unmountTimer = null;

    element.textContent = "";
    var run = make("div", "lsw-planner__run");
    run.hidden = true;
    var meeting = make("form", "lsw-planner__meeting lsw-planner__edit");
    meeting.setAttribute("aria-label", "The meeting");
    meeting.append(
      field("Start time", input("time", "start", timeValue(plan.start))),
      field("Minutes the meeting has", input("number", "meeting", plan.meeting, undefined, 1))
    );
    var section = make("section", "lsw-planner__agenda");
    var heading = make("h2", null, "Agenda");
    heading.id = "lsw-planner-agenda";
    section.setAttribute("aria-labelledby", heading.id);
    var summary = make("p", "lsw-planner__summary");
    var warning = make("p", "lsw-planner__warning");
    warning.setAttribute("role", "status");
    var fitAll = button("Fit the protocols to the meeting", "fit");
    fitAll.classList.add("lsw-planner__edit");
    var list = make("ol", "lsw-planner__blocks");
    section.append(heading, summary, warning, fitAll, list);
    var choose = make("select");
    choose.name = "protocol";
    choose.append(new Option("Choose a protocol", ""));
    data.protocols.forEach(function (protocol) {
      choose.append(new Option(protocol.title + " (" + sum(ownMinutes(protocol)) + " min)", protocol.id));
    });
    var adding = make("div", "lsw-planner__add lsw-planner__edit");
    adding.append(field("Add a protocol", choose), button("Add", "add"));
    var actions = make("div", "lsw-planner__actions");
    var runButton = button("Run the agenda", "run");
    actions.append(runButton, button("Print the agenda", "print"), button("Copy a link to this plan", "share"));
    var status = make("p", "lsw-planner__status");
    status.setAttribute("role", "status");
    element.append(run, meeting, section, adding, actions, status);

    function save() {
      var query = writePlan(plan);
      store(KEY, query);
      try { history.replaceState(history.state, "", location.pathname + "?" + query + location.hash); } catch (error) { /* file:// may refuse */ }
    }

    // The blocks' controls, made again when blocks are added, removed or moved.
    function build() {
      list.textContent = "";
      agenda(plan, library).blocks.forEach(function (block) {
        var item = make("li", "lsw-planner__block lsw-planner__block--" + block.kind);
        var head = make("div", "lsw-planner__head");
        var title = make("h3", "lsw-planner__title");
        if (block.protocol) {
          var link = make("a", null, block.title);
          link.href = protocolAddress(block.protocol.id);
          title.append(link);
        } else {
          title.textContent = block.title;
        }
        head.append(make("span", "lsw-planner__at"), title, make("span", "lsw-planner__minutes"));
        var edit = make("div", "lsw-planner__controls lsw-planner__edit");
        if (block.protocol) {
          var last = plan.protocols.length - 1;
          edit.append(
            field("Minutes", input("number", "minutes", block.minutes, block.index, block.steps.length), block.title),
            field("Who presents", input("text", "presenter", block.presenter, block.index), block.title)
          );
          if (block.index > 0) edit.append(button("Move up", "up", block.title, block.index));
          if (block.index < last) edit.append(button("Move down", "down", block.title, block.index));
          edit.append(button("Remove", "remove", block.title, block.index));
        } else {
          edit.append(field("Minutes", input("number", block.kind, plan[block.kind], undefined, 0), "the " + block.kind));
        }
        item.append(head, make("p", "lsw-planner__note"), edit);
        if (block.protocol) {
          var steps = make("ol", "lsw-planner__steps");
          steps.setAttribute("aria-label", "Steps of " + block.title);
          item.append(steps);
        }
        list.append(item);
      });
    }

    // Everything that follows from the plan's numbers: times, minutes, notes, warning.
    function paint() {
      var result = agenda(plan, library);
      var end = plan.start + plan.meeting;
      summary.textContent = clockTime(plan.start) + " to " + clockTime(end) + " · " + plan.meeting + " minutes";
      warning.classList.toggle("lsw-planner__warning--over", result.over > 0);
      warning.textContent = result.over > 0 ?
        "The agenda runs " + result.over + " min past the end of the meeting (" + clockTime(end) + "): shorten a block, or fit the protocols to the meeting." :
        result.over < 0 ? -result.over + " min of the meeting are not planned." : "The agenda fills the meeting.";
      fitAll.hidden = result.over === 0 || !plan.protocols.length;
      result.blocks.forEach(function (block, i) {
        var item = list.children[i];
        item.classList.toggle("lsw-planner__block--empty", !block.minutes);
        item.querySelector(".lsw-planner__at").replaceChildren(block.minutes ? time(plan.start + block.start) : "Left out");
        var fitted = block.protocol && block.minutes !== block.own;
        item.querySelector(".lsw-planner__minutes").textContent = block.minutes + " min" + (fitted ? " (fitted from " + block.own + ")" : "");
        var notes = block.protocol ? [] : [block.note];
        if (block.presenter) notes.push("Presenter: " + block.presenter + ".");
        if (fitted && block.minutes * 2 < block.own) notes.push("Shortened to under half its length: its steps will feel rushed.");
        item.querySelector(".lsw-planner__note").textContent = notes.join(" ");
        var steps = item.querySelector(".lsw-planner__steps");
        if (!steps) return;
        steps.textContent = "";
        block.steps.forEach(function (each) {
          var row = make("li");
          var what = make("span", "lsw-planner__step");
          what.append(make("strong", null, each.title), " · " + each.minutes + " min");
          if (each.speaks) what.append(make("span", "lsw-planner__speaks", each.speaks + (each.presenter_silent ? "; presenter silent" : "")));
          if (each.prompt) what.append(make("q", "lsw-planner__prompt", each.prompt));
          row.append(time(plan.start + each.start), what);
          steps.append(row);
        });
      });
    }

    function change(next, rebuild) {
      plan = next;
      save();
      if (rebuild) build();
      paint();
    }

    // The timer's data for the agenda as it stands, and the run the timer saved for it
    // (under its own key, "handbook.timer." + protocol), or null.
    function timerRun() {
      var steps = timerSteps(agenda(plan, library));
      var timer = { protocol: "plan-" + hash(JSON.stringify(steps)), title: "Agenda", scope: "Agenda", steps: steps };
      var saved = core.parse(stored("handbook.timer." + timer.protocol), steps.map(function (each) { return each.minutes; }));
      return { timer: timer, saved: saved };
    }

    function openTimer() {
      var found = timerRun();
      var timer = found.timer;
      if (!timer.steps.length) { status.textContent = "The agenda has no steps to run."; return; }
      // A run that finished (last week's meeting on the same plan) starts afresh.
      if (found.saved && found.saved.status === "finished") {
        try { localStorage.removeItem("handbook.timer." + timer.protocol); } catch (error) { /* it shows as finished */ }
      }
      var node = make("div", "lsw-timer");
      node.setAttribute("data-timer", JSON.stringify(timer));
      run.replaceChildren(node);
      run.hidden = false;
      unmountTimer = handbook.timer.mount(node);
      element.classList.add("lsw-planner--running");
      runButton.textContent = "Close the timer";
    }

    function closeTimer() {
      if (unmountTimer) unmountTimer();
      unmountTimer = null;
      run.replaceChildren();
      run.hidden = true;
      element.classList.remove("lsw-planner--running");
      runButton.textContent = "Run the agenda";
    }

    function share() {
      function done(copied) {
        status.textContent = copied ? "Link copied: it opens this plan." : "Copy the address from the address bar: it opens this plan.";
      }
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(location.href).then(function () { done(true); }, function () { done(false); });
      } else done(false);
    }

    function move(index, by) {
      var protocols = plan.protocols.slice();
      var moved = protocols.splice(index, 1)[0];
      protocols.splice(index + by, 0, moved);
      change(Object.assign({}, plan, { protocols: protocols }), true);
      // Keeps the keyboard on the block that moved.
      var again = list.querySelector('[data-index="' + (index + by) + '"][data-action="' + (by < 0 ? "up" : "down") + '"]') ||
        list.querySelector('[data-index="' + (index + by) + '"][data-action]');
      if (again) again.focus();
    }

    var actionsByName = {
      fit: function () {
        change(fitToMeeting(plan, library), true);
        status.textContent = "Protocols fitted to the meeting.";
      },
      add: function () {
        if (!choose.value) { status.textContent = "Choose a protocol to add."; return; }
        change(addProtocol(plan, choose.value, library), true);
        status.textContent = "Added " + library[choose.value].title + " to the agenda.";
      },
      up: function (index) { move(index, -1); },
      down: function (index) { move(index, 1); },
      remove: function (index) {
        var title = library[plan.protocols[index].id].title;
        change(Object.assign({}, plan, { protocols: plan.protocols.filter(function (_, i) { return i !== index; }) }), true);
        choose.focus();
        status.textContent = "Removed " + title + " from the agenda.";
      },
      run: function () {
        if (unmountTimer) closeTimer();
        else { openTimer(); if (unmountTimer) run.scrollIntoView({ block: "start" }); }
      },
      print: function () { window.print(); },
      share: share
    };

    function onClick(event) {
      var target = event.target.closest("[data-action]");
      // The timer's own buttons carry data-action too: they are the timer's to handle.
      if (!target || run.contains(target)) return;
      actionsByName[target.getAttribute("data-action")](Number(target.getAttribute("data-index")));
    }

    // Typing changes the plan as it goes; a field left empty or out of range is ignored
    // until it holds a number, and shows the plan's value again when it is left.
    function onInput(event) {
      var target = event.target;
      var index = Number(target.getAttribute("data-index"));
      var next = Object.assign({}, plan);
      if (target.name === "start") {
        var start = parseTime(target.value);
        if (start === null) return;
        next.start = start;
      } else if (target.name === "meeting" || target.name === "opening" || target.name === "closing") {
        var value = whole(target.value, target.name === "meeting" ? 1 : 0, null);
        if (value === null) return;
        next[target.name] = value;
      } else if (target.name === "minutes" || target.name === "presenter") {
        var protocol = library[plan.protocols[index].id];
        var entry = Object.assign({}, plan.protocols[index]);
        if (target.name === "presenter") entry.presenter = target.value.slice(0, 80);
        else {
          var minutes = whole(target.value, protocol.steps.length, null);
          if (minutes === null) return;
          entry.minutes = minutes === sum(ownMinutes(protocol)) ? null : minutes;
        }
        next.protocols = plan.protocols.slice();
        next.protocols[index] = entry;
      } else return;
      change(next, false);
    }

    function onLeave(event) {
      var target = event.target;
      var index = Number(target.getAttribute("data-index"));
      if (target.name === "start") target.value = timeValue(plan.start);
      else if (["meeting", "opening", "closing"].indexOf(target.name) >= 0) target.value = plan[target.name];
      else if (target.name === "minutes") target.value = agenda(plan, library).blocks[index + 1].minutes;
    }

    function onSubmit(event) {
      event.preventDefault();
    }

    element.addEventListener("click", onClick);
    element.addEventListener("input", onInput);
    element.addEventListener("change", onLeave);
    meeting.addEventListener("submit", onSubmit);
    save();
    build();
    paint();
    // Back on the page in the middle of a meeting: the timer is shown again where it was.
    var saved = timerRun().saved;
    if (saved && (saved.status === "running" || saved.status === "paused")) openTimer();

    return function unmount() {
      closeTimer();
      element.removeEventListener("click", onClick);
      element.removeEventListener("input", onInput);
      element.removeEventListener("change", onLeave);
      meeting.removeEventListener("submit", onSubmit);
    };
  }

  var unmounts = [];

  function mountAll() {
    unmounts.forEach(function (unmount) { unmount(); });
    unmounts = [].map.call(document.querySelectorAll(".lsw-planner[data-planner]"), function (element) {
      return mount(element);
    });
  }

  handbook.planner = {
    readPlan: readPlan, writePlan: writePlan, agenda: agenda, timerSteps: timerSteps,
    clockTime: clockTime, addProtocol: addProtocol, fitToMeeting: fitToMeeting, mount: mount
  };
  if (window.document$) window.document$.subscribe(mountAll);
  else mountAll();
})(window.handbook = window.handbook || {});
