/* The meeting planner, mounted on <div class="lsw-planner" data-planner="…"> (every
 * protocol, as macros/page_data.py writes it): a start time, the meeting's minutes, then
 * blocks in order (an opening, protocols, a closing), with the clock time at which every
 * step begins. The plan is kept in the page's address (so a link rebuilds it) and in
 * localStorage (so it is there on the next visit); "Run" hands the whole agenda's steps
 * to the step timer (timer/index.js's runAgenda), which keeps the run.
 * The agenda is worked out by planner/agenda.js, which knows no DOM; this file shows it. */
(function (handbook) {
  "use strict";

  var agenda = handbook.planner.agenda;
  var storage = handbook.storage;
  var KEY = "handbook.planner";

  var make = handbook.widgets.make;
  var hidden = handbook.widgets.hidden;

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

  // `at`: minutes after midnight.
  function time(at, text) {
    var node = make("time", "lsw-planner__time", text || agenda.clockTime(at));
    node.dateTime = agenda.timeValue(at);
    return node;
  }

  function mount(element) {
    var data = JSON.parse(element.getAttribute("data-planner"));
    var library = agenda.libraryOf(data.protocols);
    var plan = agenda.startingPlan(location.search, storage.read(KEY), library);
    var unmountTimer = null;

    // The page's own stylesheet for the planner stays; the words for a browser without
    // JavaScript go.
    element.querySelector(".lsw-planner__fallback").remove();
    var run = make("div", "lsw-planner__run");
    run.hidden = true;
    var meeting = make("form", "lsw-planner__meeting lsw-planner__edit");
    meeting.setAttribute("aria-label", "The meeting");
    meeting.append(
      field("Start time", input("time", "start", agenda.timeValue(plan.start))),
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
      choose.append(new Option(protocol.title + " (" + protocol.duration + ")", protocol.id));
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
      var query = agenda.writePlan(plan);
      storage.write(KEY, query);
      try { history.replaceState(history.state, "", location.pathname + "?" + query + location.hash); } catch (error) { /* file:// may refuse */ }
    }

    // The blocks' controls, made again when blocks are added, removed or moved.
    function build() {
      list.textContent = "";
      agenda.of(plan, library).blocks.forEach(function (block) {
        var item = make("li", "lsw-planner__block lsw-planner__block--" + block.kind);
        var head = make("div", "lsw-planner__head");
        var title = make("h3", "lsw-planner__title");
        if (block.protocol) {
          var link = make("a", null, block.title);
          link.href = block.protocol.address;
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
      var result = agenda.of(plan, library);
      summary.textContent = agenda.summary(plan);
      warning.classList.toggle("lsw-planner__warning--over", result.over > 0);
      warning.textContent = agenda.warning(plan, result);
      fitAll.hidden = result.over === 0 || !plan.protocols.length;
      result.blocks.forEach(function (block, i) {
        var item = list.children[i];
        item.classList.toggle("lsw-planner__block--empty", !block.minutes);
        item.querySelector(".lsw-planner__at").replaceChildren(block.minutes ? time(plan.start + block.start) : "Left out");
        var text = agenda.blockText(block);
        item.querySelector(".lsw-planner__minutes").textContent = text.minutes;
        item.querySelector(".lsw-planner__note").textContent = text.note;
        var steps = item.querySelector(".lsw-planner__steps");
        if (!steps) return;
        steps.textContent = "";
        block.steps.forEach(function (each) {
          var row = make("li");
          var what = make("span", "lsw-planner__step");
          what.append(make("strong", null, each.title), " · " + each.duration);
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

    function openTimer() {
      var timer = agenda.timer(agenda.of(plan, library));
      if (!timer.steps.length) { status.textContent = "The agenda has no steps to run."; return; }
      var node = make("div", "lsw-timer");
      run.replaceChildren(node);
      run.hidden = false;
      unmountTimer = handbook.timer.runAgenda(node, timer);
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
      // The offline edition's address names a file on this computer: say so plainly, as
      // the link opens the plan nowhere else.
      var reach = location.protocol === "file:" ?
        ". It opens this plan only on this computer, from this copy of the handbook: it will not open on another computer. To share the plan, print the agenda." :
        ": it opens this plan.";
      function done(copied) {
        status.textContent = (copied ? "Link copied" : "Copy the address from the address bar") + reach;
      }
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(location.href).then(function () { done(true); }, function () { done(false); });
      } else done(false);
    }

    function move(index, by) {
      change(agenda.moveProtocol(plan, index, by), true);
      // Keeps the keyboard on the block that moved.
      var again = list.querySelector('[data-index="' + (index + by) + '"][data-action="' + (by < 0 ? "up" : "down") + '"]') ||
        list.querySelector('[data-index="' + (index + by) + '"][data-action]');
      if (again) again.focus();
    }

    var actionsByName = {
      fit: function () {
        change(agenda.fitToMeeting(plan, library), true);
        status.textContent = "Protocols fitted to the meeting.";
      },
      add: function () {
        if (!choose.value) { status.textContent = "Choose a protocol to add."; return; }
        change(agenda.addProtocol(plan, choose.value, library), true);
        status.textContent = "Added " + library[choose.value].title + " to the agenda.";
        choose.value = ""; // so a second Add does not add it again
      },
      up: function (index) { move(index, -1); },
      down: function (index) { move(index, 1); },
      remove: function (index) {
        var title = library[plan.protocols[index].id].title;
        change(agenda.removeProtocol(plan, index), true);
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
      var next = agenda.edit(plan, target.name, target.value, Number(target.getAttribute("data-index")), library);
      if (next) change(next, false);
    }

    function onLeave(event) {
      var target = event.target;
      var index = Number(target.getAttribute("data-index"));
      if (target.name === "start") target.value = agenda.timeValue(plan.start);
      else if (["meeting", "opening", "closing"].indexOf(target.name) >= 0) target.value = plan[target.name];
      else if (target.name === "minutes") target.value = agenda.of(plan, library).blocks[index + 1].minutes;
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
    if (handbook.timer.underway(agenda.timer(agenda.of(plan, library)))) openTimer();

    return function unmount() {
      closeTimer();
      element.removeEventListener("click", onClick);
      element.removeEventListener("input", onInput);
      element.removeEventListener("change", onLeave);
      meeting.removeEventListener("submit", onSubmit);
    };
  }

  handbook.planner.mount = mount;
  handbook.widgets.mountEach(".lsw-planner[data-planner]", mount);
})(window.handbook = window.handbook || {});
