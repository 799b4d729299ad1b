/* The meeting planner's agenda, worked out from a plan with no DOM, address or storage:
 * blocks in order (an opening, protocols, a closing) with the minute every step begins,
 * their clock times across the hour and midnight, what the page says when the plan
 * overruns, the plan as a query (for the address and localStorage) and the steps the
 * timer runs. Plans are plain data: every function takes them in and returns new ones.
 * planner/index.js shows it on the page. */
(function (handbook) {
  "use strict";

  var core = handbook.timer.core;
  var duration = handbook.format.duration;
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

  function timeValue(at) {
    var day = ((at % DAY) + DAY) % DAY;
    return pad(Math.floor(day / 60)) + ":" + pad(day % 60);
  }

  var clockFormat = null;
  // The clock time in the reader's own style (3:30 PM, or 15:30 and 00:05 where the day
  // has 24 hours); past midnight wraps round.
  function clockTime(at) {
    if (!clockFormat) {
      clockFormat = new Intl.DateTimeFormat(undefined, { hour: "numeric", minute: "2-digit", timeZone: "UTC" });
      if (!clockFormat.resolvedOptions().hour12) clockFormat = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit", timeZone: "UTC" });
    }
    var value = timeValue(at).split(":");
    return clockFormat.format(new Date(Date.UTC(2000, 0, 1, +value[0], +value[1])));
  }

  // The protocols by id, in an object with no prototype: an id is only ever a protocol.
  function libraryOf(protocols) {
    var library = Object.create(null);
    protocols.forEach(function (protocol) { library[protocol.id] = protocol; });
    return library;
  }

  // The protocol with this id, or null. Ids come from addresses and saved plans, so
  // "constructor" or "__proto__" must find nothing rather than Object's own members.
  function find(library, id) {
    return Object.prototype.hasOwnProperty.call(library, id) ? library[id] : null;
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
        var protocol = find(library, id);
        if (!protocol) return null;
        var fit = whole(minutes[i], protocol.steps.length, null);
        return { id: id, minutes: fit === protocol.minutes ? null : fit, presenter: (presenters[i] || "").slice(0, 80) };
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
    return {
      title: fields.title, minutes: minutes, duration: duration(minutes), speaks: fields.speaks,
      presenter_silent: false, prompt: fields.prompt, suggested: false, facilitator: null, record: []
    };
  }

  // Every block with its start and its steps' starts, in minutes from the meeting's start.
  // An opening or closing of 0 minutes stays in the list (to be given minutes again) with
  // no steps, and is left out of the printed agenda and the timer.
  function agendaOf(plan, library) {
    var at = 0;
    function timed(block) {
      block.start = at;
      block.steps.forEach(function (each) { each.start = at; at += each.minutes; });
      block.minutes = at - block.start;
      return block;
    }
    var blocks = [timed({ kind: "opening", title: OPENING.title, note: OPENING.note, steps: plan.opening ? [step(OPENING.step, plan.opening)] : [] })];
    plan.protocols.forEach(function (entry, index) {
      var protocol = find(library, entry.id);
      // Copies, which `timed` gives their starts; fitted steps are said in the build's words.
      var fitted = entry.minutes ? core.fitMinutes(core.minutesOf(protocol.steps), entry.minutes) : null;
      var steps = protocol.steps.map(function (each, i) {
        return Object.assign({}, each, fitted ? { minutes: fitted[i], duration: duration(fitted[i]) } : {});
      });
      blocks.push(timed({
        kind: "protocol", index: index, title: protocol.title, protocol: protocol, presenter: entry.presenter, steps: steps
      }));
    });
    blocks.push(timed({ kind: "closing", title: CLOSING.title, note: CLOSING.note, steps: plan.closing ? [step(CLOSING.step, plan.closing)] : [] }));
    return { blocks: blocks, minutes: at, over: at - plan.meeting };
  }

  // What the agenda's heading says: the meeting's clock times, and how the agenda fits it.
  function summary(plan) {
    return clockTime(plan.start) + " to " + clockTime(plan.start + plan.meeting) + " · " + duration(plan.meeting);
  }

  function warning(plan, result) {
    return result.over > 0 ?
      "The agenda runs " + duration(result.over) + " past the end of the meeting (" + clockTime(plan.start + plan.meeting) + "): shorten a block, or fit the protocols to the meeting." :
      result.over < 0 ? "The agenda leaves " + duration(-result.over) + " of the meeting unplanned." : "The agenda fills the meeting.";
  }

  // A block's minutes as shown ("40 minutes (fitted from 45 minutes)") and its note.
  function blockText(block) {
    var fitted = block.protocol && block.minutes !== block.protocol.minutes;
    var notes = block.protocol ? [] : [block.note];
    if (block.presenter) notes.push("Presenter: " + block.presenter + ".");
    if (fitted && block.minutes * 2 < block.protocol.minutes) notes.push("Shortened to under half its length: its steps will feel rushed.");
    return { minutes: duration(block.minutes) + (fitted ? " (fitted from " + block.protocol.duration + ")" : ""), note: notes.join(" ") };
  }

  // The timer's steps for the whole agenda: a protocol's steps carry its title, so the
  // group always knows where in the meeting it is.
  function timerSteps(result) {
    return [].concat.apply([], result.blocks.map(function (block) {
      return block.steps.map(function (each) {
        return {
          title: block.kind === "protocol" ? block.title + " · " + each.title : each.title,
          minutes: each.minutes, duration: each.duration, speaks: each.speaks,
          presenter_silent: each.presenter_silent, prompt: each.prompt, suggested: each.suggested,
          facilitator: each.facilitator, record: each.record
        };
      });
    }));
  }

  // A short name for a list of steps (FNV-1a), so each agenda keeps its own timer run.
  function hash(text) {
    var value = 2166136261;
    for (var i = 0; i < text.length; i++) value = Math.imul(value ^ text.charCodeAt(i), 16777619);
    return (value >>> 0).toString(36);
  }

  // What the timer runs for the whole agenda (timer/index.js's runAgenda).
  function timer(result) {
    var steps = timerSteps(result);
    return { id: "agenda-" + hash(JSON.stringify(steps)), title: "Agenda", scope: "Agenda", minutes: result.minutes, steps: steps };
  }

  // A protocol added to a plan takes its own minutes or, when they do not fit in what is
  // left of the meeting, is fitted to what is left (at least a minute a step).
  function addProtocol(plan, id, library) {
    var protocol = find(library, id);
    if (!protocol) return plan;
    var left = plan.meeting - agendaOf(plan, library).minutes;
    var fit = protocol.minutes > left && left >= protocol.steps.length ? left : null;
    return Object.assign({}, plan, { protocols: plan.protocols.concat([{ id: id, minutes: fit, presenter: "" }]) });
  }

  function moveProtocol(plan, index, by) {
    var protocols = plan.protocols.slice();
    var moved = protocols.splice(index, 1)[0];
    protocols.splice(index + by, 0, moved);
    return Object.assign({}, plan, { protocols: protocols });
  }

  function removeProtocol(plan, index) {
    return Object.assign({}, plan, { protocols: plan.protocols.filter(function (_, i) { return i !== index; }) });
  }

  // Every protocol fitted, in proportion to its own minutes, into what the opening and the
  // closing leave of the meeting (the timer's fitMinutes again, on the protocols' totals).
  function fitToMeeting(plan, library) {
    var owns = plan.protocols.map(function (entry) { return find(library, entry.id).minutes; });
    var room = plan.meeting - plan.opening - plan.closing;
    if (!owns.length || room < owns.length) return plan;
    var totals = core.fitMinutes(owns, room);
    return Object.assign({}, plan, {
      protocols: plan.protocols.map(function (entry, i) {
        return Object.assign({}, entry, { minutes: totals[i] === owns[i] ? null : Math.max(totals[i], find(library, entry.id).steps.length) });
      })
    });
  }

  // The plan once a field (named as in the page's form; `index` is the protocol's) holds
  // `value`, or null while the value is empty or out of range, or the field not the plan's.
  function edit(plan, name, value, index, library) {
    var next = Object.assign({}, plan);
    if (name === "start") {
      var start = parseTime(value);
      if (start === null) return null;
      next.start = start;
    } else if (name === "meeting" || name === "opening" || name === "closing") {
      var number = whole(value, name === "meeting" ? 1 : 0, null);
      if (number === null) return null;
      next[name] = number;
    } else if (name === "minutes" || name === "presenter") {
      var protocol = find(library, plan.protocols[index].id);
      var entry = Object.assign({}, plan.protocols[index]);
      if (name === "presenter") entry.presenter = value.slice(0, 80);
      else {
        var minutes = whole(value, protocol.steps.length, null);
        if (minutes === null) return null;
        entry.minutes = minutes === protocol.minutes ? null : minutes;
      }
      next.protocols = plan.protocols.slice();
      next.protocols[index] = entry;
    } else return null;
    return next;
  }

  // The plan a visit starts with: the finder's "Plan a meeting with it" (?add=…) makes a
  // new plan for that protocol (each protocol the link adds that the handbook has), keeping
  // the saved start, opening and closing; a shared link rebuilds its plan; otherwise the
  // saved plan, or a first one.
  function startingPlan(search, saved, library) {
    var query = new URLSearchParams(search);
    var base = saved ? readPlan(saved, library, DEFAULT) : DEFAULT;
    if (query.has("add")) {
      var fresh = Object.assign({}, base, { meeting: whole(query.get("meeting"), 1, base.meeting), protocols: [] });
      return query.getAll("add").reduce(function (plan, id) { return addProtocol(plan, id, library); }, fresh);
    }
    return query.has("start") ? readPlan(search, library, DEFAULT) : base;
  }

  handbook.planner = handbook.planner || {};
  handbook.planner.agenda = {
    parseTime: parseTime, timeValue: timeValue, clockTime: clockTime, libraryOf: libraryOf,
    readPlan: readPlan, writePlan: writePlan, startingPlan: startingPlan, of: agendaOf,
    summary: summary, warning: warning, blockText: blockText, timerSteps: timerSteps, timer: timer,
    addProtocol: addProtocol, moveProtocol: moveProtocol, removeProtocol: removeProtocol,
    fitToMeeting: fitToMeeting, edit: edit
  };
})(window.handbook = window.handbook || {});
