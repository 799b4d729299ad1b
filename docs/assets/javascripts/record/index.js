/* The group's record in the browser: the chart paper on the facilitator's screen
 * (`chart(element, run, announce)`, mounted by the step timer, timer/index.js, with the run
 * it times) and the saved records the projector window (`follow`) and the page of meeting
 * records (record/meetings.js: `all`, `read`, `watch`, `remove`, `removeAll`) read. Every record is kept in this browser's localStorage through
 * browser/storage.js and never sent anywhere; a record is written as the group's words are
 * (record/core.js works out each change), and other tabs and windows follow each save. */
(function (handbook) {
  "use strict";

  var core = handbook.record.core;
  var storage = handbook.storage;
  var make = handbook.widgets.make;
  var hidden = handbook.widgets.hidden;
  var RECORD = "handbook.record."; // + a record's id: the record
  var CURRENT = "handbook.record.current."; // + a run's id: the id of the record its chart writes to
  var made = 0; // ids for this page's labels

  function read(id) {
    var record = core.parse(storage.read(RECORD + id));
    return record && record.id === id ? record : null;
  }

  function write(record) {
    storage.write(RECORD + record.id, JSON.stringify(record));
  }

  // Every record kept on this device, in no order.
  function all() {
    return storage.keys(RECORD).filter(function (key) { return key.indexOf(CURRENT) !== 0; })
      .map(function (key) { return read(key.slice(RECORD.length)); }).filter(Boolean);
  }

  // Calls `changed` when another tab or window saves or deletes the record; returns the stop.
  function watch(id, changed) {
    return storage.watch(RECORD + id, changed);
  }

  // A deleted record is no run's current record either.
  function remove(id) {
    storage.remove(RECORD + id);
    storage.keys(CURRENT).forEach(function (key) { if (storage.read(key) === id) storage.remove(key); });
  }

  function removeAll() {
    storage.keys(RECORD).forEach(storage.remove);
  }

  // The page of meeting records (docs/meetings.md), showing one record, or every one when
  // `id` is not given. Its address comes from the build (macros/page_data.py), in the
  // data-records attribute of the timer or the planner that holds `element`.
  function address(element, id) {
    var holder = element.closest("[data-records]");
    var page = new URL(JSON.parse(holder.getAttribute("data-records")), location.href);
    page.search = id ? "?record=" + encodeURIComponent(id) : "";
    page.hash = "";
    return page.href;
  }

  // The record the chart of `run` writes to today, or null (see core.continues).
  function current(run, now) {
    var id = storage.read(CURRENT + run.id);
    var record = id && read(id);
    return core.continues(record, run, now) ? record : null;
  }

  // Calls `changed(record or null)` with the current record of `run` now and whenever
  // another tab or window saves it or begins another; returns the stop. Saves are taken
  // from the news of them, which brings their text even when storage is off.
  function follow(run, changed) {
    var id = null, stopRecord = null;
    function onRecord(text) {
      var record = core.parse(text);
      changed(record && record.id === id && core.continues(record, run, Date.now()) ? record : null);
    }
    function onCurrent(text) {
      if (stopRecord) stopRecord();
      id = text;
      stopRecord = id ? storage.watch(RECORD + id, onRecord) : null;
      onRecord(id ? storage.read(RECORD + id) : null);
    }
    var stopCurrent = storage.watch(CURRENT + run.id, onCurrent);
    onCurrent(storage.read(CURRENT + run.id));
    return function () {
      stopCurrent();
      if (stopRecord) stopRecord();
    };
  }

  // What a control does to which line, to find it again once its list is made anew.
  function key(action, field, item) {
    return action + " " + field + " " + item;
  }

  // A button whose mark (↑, ×) is for the eye and whose name says what it does, and to what.
  function tool(mark, name, action, field, item) {
    var node = make("button", "lsw-record__tool");
    node.type = "button";
    node.title = name;
    var shown = make("span", null, mark);
    shown.setAttribute("aria-hidden", "true");
    node.append(shown, hidden(name));
    node.setAttribute("data-record-action", action);
    node.setAttribute("data-field", field);
    node.setAttribute("data-item", item);
    node.setAttribute("data-key", key(action, field, item));
    return node;
  }

  function uid() {
    made += 1;
    return "lsw-record-" + made;
  }

  function charts(step) {
    return step && Array.isArray(step.record) ? step.record : [];
  }

  // The chart paper of `run` (a protocol or an agenda as the timer has it) in `element`,
  // a part of the facilitator's screen; `announce(text)` says what changed, politely, in the
  // timer's one status line. Returns `show(step)`, called by the timer whenever its step
  // may have changed, and `unmount`. A run whose steps keep no chart shows nothing.
  function chart(element, run, announce) {
    var steps = run.steps;
    if (!steps.some(function (step) { return charts(step).length > 0; })) {
      element.hidden = true;
      return { show: function () {}, unmount: function () {} };
    }
    var record = null; // the record being written, once `follow` below has found it
    var step = null; // the step whose charts are shown
    var editing = null; // { field, item } while an item is being edited
    var lists = [], adds = [];

    element.classList.add("lsw-record");
    element.setAttribute("role", "group");
    var heading = make("p", "lsw-timer__label", "The group's record");
    heading.id = uid();
    element.setAttribute("aria-labelledby", heading.id);
    var privacy = make("p", "lsw-record__privacy",
      "What you write here is kept in this browser on this device only, and never sent anywhere. " +
      "Write no student's name: use the pieces' letters or numbers.");
    var who = make("div", "lsw-record__who");
    var groups = make("datalist");
    groups.id = uid();
    var group = make("input");
    group.name = "group";
    group.autocomplete = "off";
    group.setAttribute("list", groups.id);
    var presenter = make("input");
    presenter.name = "presenter";
    presenter.autocomplete = "off";
    var groupLabel = make("label", null, "Group's name ");
    groupLabel.append(group);
    var presenterLabel = make("label", null, "Presenter ");
    presenterLabel.append(presenter);
    who.append(groupLabel, groups, presenterLabel);
    var carried = make("div", "lsw-record__carried");
    var carriedHeading = make("p", "lsw-timer__label", "Next steps from the group's last meeting");
    carriedHeading.id = uid();
    var carriedList = make("ul");
    carriedList.setAttribute("aria-labelledby", carriedHeading.id);
    carried.append(carriedHeading, carriedList);
    var board = make("div", "lsw-record__charts");
    var finished = make("p", "lsw-record__finished");
    var actions = make("p", "lsw-record__actions");
    var open = make("a");
    open.target = "lsw-meeting-record";
    var fresh = make("button", null, "New record");
    fresh.type = "button";
    fresh.setAttribute("data-record-action", "new");
    actions.append(open, " ", fresh);
    element.replaceChildren(heading, privacy, who, carried, board, finished, actions);

    // Every change is made to the newest save (another tab may have written since), and a
    // record begins with the first change made to none (or to one of an earlier day).
    function update(change) {
      var now = Date.now();
      var base = (record && read(record.id)) || record;
      if (!core.continues(base, run, now)) {
        base = core.create(run, run.id + "-" + now.toString(36), now);
        storage.write(CURRENT + run.id, base.id);
      }
      record = change(base, now);
      write(record);
    }

    function fieldsOf(at) {
      return charts(steps[at]);
    }

    function itemsOf(field) {
      return record ? record.steps[step].fields[field].items : [];
    }

    // The keyboard's place (a `key`), to find again once the list it was in is made anew.
    function place() {
      var active = document.activeElement;
      return active && element.contains(active) ? active.getAttribute("data-key") : null;
    }

    function refocus(at) {
      var node = at && element.querySelector('[data-key="' + at + '"]');
      if (node) node.focus();
    }

    function paintItem(field, item, text, label) {
      var node = make("li");
      if (editing && editing.field === field && editing.item === item) {
        var form = make("form", "lsw-record__edit");
        form.setAttribute("data-field", field);
        form.setAttribute("data-item", item);
        var input = make("input");
        input.id = uid();
        input.value = editing.value;
        input.autocomplete = "off";
        input.setAttribute("data-key", "editing");
        var name = make("label", "lsw-visually-hidden", "Edit item " + (item + 1) + " of " + label);
        name.htmlFor = input.id;
        var save = make("button", null, "Save");
        save.type = "submit";
        form.append(name, input, " ", save, " ", tool("×", "Cancel the edit", "cancel", field, item));
        node.append(form);
        return node;
      }
      node.append(make("span", "lsw-record__text", text), " ");
      var tools = make("span", "lsw-record__tools");
      tools.append(tool("Edit", "Edit: " + text, "edit", field, item), tool("↑", "Move up: " + text, "up", field, item),
        tool("↓", "Move down: " + text, "down", field, item), tool("×", "Remove: " + text, "remove", field, item));
      node.append(tools);
      return node;
    }

    function paintItems() {
      var keep = place();
      var typed = editing && element.querySelector('[data-key="editing"]');
      if (typed) editing.value = typed.value;
      fieldsOf(step).forEach(function (chart, field) {
        lists[field].replaceChildren.apply(lists[field], itemsOf(field).map(function (text, item) {
          return paintItem(field, item, text, chart.label);
        }));
        lists[field].hidden = !lists[field].children.length;
      });
      refocus(keep);
    }

    // Each chart of the step: its heading, what is written on it, and a line to add to it.
    function paintCharts() {
      lists = [];
      adds = [];
      board.replaceChildren.apply(board, fieldsOf(step).map(function (chart, field) {
        var box = make("div", "lsw-record__chart" + (chart.next_steps ? " lsw-record__chart--next" : ""));
        box.setAttribute("role", "group");
        var label = make("p", "lsw-timer__label", chart.label);
        label.id = uid();
        if (chart.next_steps) label.append(make("span", "lsw-record__kind", " (next steps)"));
        box.setAttribute("aria-labelledby", label.id);
        var list = make("ol", "lsw-record__items");
        list.setAttribute("aria-labelledby", label.id);
        var form = make("form", "lsw-record__add");
        form.setAttribute("data-field", field);
        var input = make("input");
        input.id = uid();
        input.autocomplete = "off";
        input.enterKeyHint = "enter";
        var name = make("label", "lsw-visually-hidden", "Add to " + chart.label);
        name.htmlFor = input.id;
        var add = make("button", null, "Add");
        add.type = "submit";
        add.append(hidden(" to " + chart.label));
        form.append(name, input, " ", add);
        box.append(label, list, form);
        lists.push(list);
        adds.push(input);
        return box;
      }));
      board.hidden = !lists.length;
      paintItems();
    }

    function paintCarried() {
      var items = record ? record.carried : [];
      carried.hidden = !items.length;
      if (!items.length) return;
      var keep = place();
      carriedList.replaceChildren.apply(carriedList, items.map(function (item, index) {
        var node = make("li");
        node.append(make("span", "lsw-record__text", item.text), " ",
          make("span", "lsw-record__from", "(agreed " + core.longDate(item.from) + ")"), " ");
        var marks = make("span", "lsw-record__tools");
        [["done", "Done"], ["carried", "Carried"]].forEach(function (pair) {
          var button = tool(pair[1], pair[1] + ": " + item.text, pair[0], "carried", index);
          button.setAttribute("aria-pressed", item.status === pair[0]);
          marks.append(button);
        });
        node.append(marks);
        return node;
      }));
      refocus(keep);
    }

    // What changes with the record: the names (unless being typed), the groups to offer,
    // last meeting's next steps, what is written, and the way to the meeting record.
    function paint() {
      if (document.activeElement !== group) group.value = record ? record.group : "";
      if (document.activeElement !== presenter) presenter.value = record ? record.presenter : "";
      groups.replaceChildren.apply(groups, core.groups(all()).map(function (name) {
        var option = make("option");
        option.value = name;
        return option;
      }));
      paintCarried();
      if (step !== null) paintItems();
      var over = step === steps.length;
      finished.hidden = !(over && record);
      finished.textContent = over && record ? "All steps done: the meeting record holds what the group wrote." : "";
      open.href = address(element, record && record.id);
      open.textContent = record ? "Open the meeting record" : "Past meeting records";
      fresh.hidden = !record; // nothing to begin afresh from
    }

    // A line typed but not yet added, or an edit not yet saved, when the step changes (or
    // the page is left) is kept, not lost.
    function addTyped() {
      var typed = editing && element.querySelector('[data-key="editing"]');
      if (typed && typed.value !== itemsOf(editing.field)[editing.item]) {
        var text = typed.value, at = editing;
        update(function (base, now) { return core.edit(base, step, at.field, at.item, text, now); });
      }
      editing = null;
      adds.forEach(function (input, field) {
        if (input.value.trim()) update(function (base, now) { return core.add(base, step, field, input.value, now); });
        input.value = "";
      });
    }

    function show(at) {
      if (at === step) return;
      if (step !== null && step < steps.length) addTyped();
      step = at;
      if (step < steps.length) paintCharts();
      else { board.replaceChildren(); board.hidden = true; lists = []; adds = []; }
      paint();
    }

    function onSubmit(event) {
      var form = event.target.closest("form[data-field]");
      if (!form) return;
      event.preventDefault();
      var field = Number(form.getAttribute("data-field"));
      var label = fieldsOf(step)[field].label;
      var input = form.querySelector("input");
      if (form.hasAttribute("data-item")) {
        var item = Number(form.getAttribute("data-item"));
        var text = input.value;
        editing = null;
        update(function (base, now) { return core.edit(base, step, field, item, text, now); });
        paint();
        if (itemsOf(field)[item] !== undefined) refocus(key("edit", field, item));
        else adds[field].focus();
        announce(text.trim() ? "Saved: " + text.trim() : "Removed the empty item from " + label + ".");
        return;
      }
      if (!input.value.trim()) { announce("Type a line to add to " + label + "."); return; }
      var added = input.value;
      update(function (base, now) { return core.add(base, step, field, added, now); });
      input.value = "";
      paint();
      announce("Added to " + label + ": " + itemsOf(field)[itemsOf(field).length - 1]);
    }

    var actionsByName = {
      edit: function (field, item) {
        editing = { field: field, item: item, value: itemsOf(field)[item] };
        paintItems();
        var input = element.querySelector('[data-key="editing"]');
        input.focus();
        input.select();
      },
      cancel: function (field, item) {
        editing = null;
        paintItems();
        refocus(key("edit", field, item));
      },
      up: function (field, item) { moveItem(field, item, -1); },
      down: function (field, item) { moveItem(field, item, 1); },
      remove: function (field, item) {
        var text = itemsOf(field)[item];
        update(function (base, now) { return core.remove(base, step, field, item, now); });
        paint();
        var left = itemsOf(field).length;
        if (left) refocus(key("remove", field, Math.min(item, left - 1)));
        else adds[field].focus();
        announce("Removed from " + fieldsOf(step)[field].label + ": " + text);
      },
      done: function (field, index) { markCarried(index, "done"); },
      carried: function (field, index) { markCarried(index, "carried"); },
      new: function () {
        if (!record) return;
        addTyped();
        storage.remove(CURRENT + run.id);
        record = null;
        paint();
        group.focus(); // the button is gone; a new record begins with its group's name
        announce("New record: what you write next begins another meeting record. The last one is kept in the meeting records.");
      }
    };

    function moveItem(field, item, by) {
      var items = itemsOf(field);
      if (item + by < 0 || item + by >= items.length) {
        announce(items[item] + " is already " + (by < 0 ? "first." : "last."));
        return;
      }
      update(function (base, now) { return core.move(base, step, field, item, by, now); });
      paint();
      // The keyboard stays on the item that moved.
      refocus(key(by < 0 ? "up" : "down", field, item + by));
      announce("Moved " + (by < 0 ? "up" : "down") + " to place " + (item + by + 1) + " of " + items.length + ": " + items[item]);
    }

    // Pressing the status an item already has takes it back to open (not yet marked).
    function markCarried(index, status) {
      var item = record.carried[index];
      var next = item.status === status ? "open" : status;
      update(function (base, now) { return core.mark(base, index, next, now); });
      paint();
      announce(next === "open" ? "Not marked yet: " + item.text : (next === "done" ? "Done: " : "Carried to the next meeting: ") + item.text);
    }

    function onClick(event) {
      var button = event.target.closest("[data-record-action]");
      if (!button || !element.contains(button)) return;
      actionsByName[button.getAttribute("data-record-action")](Number(button.getAttribute("data-field")), Number(button.getAttribute("data-item")));
    }

    // Esc leaves an edit as it was.
    function onKey(event) {
      if (event.key !== "Escape" || !editing || event.target.getAttribute("data-key") !== "editing") return;
      event.preventDefault();
      actionsByName.cancel(editing.field, editing.item);
    }

    // The names are saved as typed; once the group's name is given, its last meeting's
    // next steps are brought to this one.
    function onInput(event) {
      var name = event.target.name;
      if (name !== "group" && name !== "presenter") return;
      var value = event.target.value;
      update(function (base, now) { return core.describe(base, name, value, now); });
      if (event.type === "change" && name === "group") {
        var before = record.carried.length;
        update(function (base) { return core.carry(base, all()); });
        paint();
        var count = record.carried.length;
        if (count > before) {
          announce(count === 1 ? "One next step from the group's last meeting is shown: mark it done or carried." :
            count + " next steps from the group's last meeting are shown: mark each done or carried.");
        }
      }
    }

    // Kept for a page brought back from the browser's cache, too.
    function onPageHide() {
      if (step === null || step >= steps.length) return;
      addTyped();
      paint();
    }

    element.addEventListener("submit", onSubmit);
    element.addEventListener("click", onClick);
    element.addEventListener("keydown", onKey);
    element.addEventListener("input", onInput);
    element.addEventListener("change", onInput);
    addEventListener("pagehide", onPageHide);
    var stop = follow(run, function (saved) {
      record = saved;
      paint();
    });

    return {
      show: show,
      unmount: function () {
        onPageHide();
        stop();
        removeEventListener("pagehide", onPageHide);
      }
    };
  }

  Object.assign(handbook.record, {
    chart: chart, follow: follow, all: all, read: read, watch: watch, remove: remove, removeAll: removeAll
  });
})(window.handbook);
