/* The group's record, pure: a meeting record in, a new one out, with the time passed in.
 * No DOM and no storage, so every rule here is tested on its own (tests/test_record_core.py).
 * A record (the shape is in /work/notes/record-spec.md and below, in `parse`) holds the run
 * it was kept for, its steps' titles and charts as they were when it began, the items the
 * group wrote on each chart, and the next steps carried from the group's last meeting. */
(function (handbook) {
  "use strict";

  var VERSION = 1;
  var STATUSES = ["open", "done", "carried"];
  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December"];

  // The local day of `now` (ms) as 2026-11-25: a meeting belongs to the day it is held.
  function day(now) {
    var date = new Date(now);
    function two(n) { return (n < 10 ? "0" : "") + n; }
    return date.getFullYear() + "-" + two(date.getMonth() + 1) + "-" + two(date.getDate());
  }

  // "25 November 2026", in the same words whatever the browser's language.
  function longDate(isoDay) {
    var parts = isoDay.split("-").map(Number);
    return parts[2] + " " + MONTHS[parts[1] - 1] + " " + parts[0];
  }

  // An item is one short line: spaces and line breaks run together.
  function line(text) {
    return String(text).replace(/\s+/g, " ").trim();
  }

  function charts(step) {
    return Array.isArray(step.record) ? step.record : [];
  }

  // A new, empty record of `run` (a protocol or an agenda as the timer has it: id, title,
  // steps with their `record` charts), begun at `now`. Titles and labels are copied, so a
  // past record shows as it was after the protocol file changes.
  function create(run, id, now) {
    return {
      version: VERSION, id: id, run: run.id, title: run.title, date: day(now), created: now, updated: now,
      group: "", presenter: "",
      steps: run.steps.map(function (step) {
        return {
          title: step.title,
          fields: charts(step).map(function (chart) {
            return { label: chart.label, next_steps: Boolean(chart.next_steps), items: [] };
          })
        };
      }),
      carried: []
    };
  }

  // Whether the chart of `run` goes on writing to `record` at `now`: a record from an
  // earlier day is not continued, nor one kept for other steps or charts (the protocol
  // changed since it began).
  function continues(record, run, now) {
    return Boolean(record) && record.run === run.id && record.date === day(now) &&
      record.steps.length === run.steps.length &&
      record.steps.every(function (step, i) {
        var wanted = charts(run.steps[i]);
        return step.title === run.steps[i].title && step.fields.length === wanted.length &&
          step.fields.every(function (field, j) { return field.label === wanted[j].label; });
      });
  }

  // A copy of `record` whose field `field` of step `step` has `change(items)` as items.
  function withItems(record, step, field, now, change) {
    var steps = record.steps.map(function (each, i) {
      if (i !== step) return each;
      return Object.assign({}, each, {
        fields: each.fields.map(function (chart, j) {
          return j === field ? Object.assign({}, chart, { items: change(chart.items.slice()) }) : chart;
        })
      });
    });
    return Object.assign({}, record, { steps: steps, updated: now });
  }

  function add(record, step, field, text, now) {
    text = line(text);
    if (!text) return record;
    return withItems(record, step, field, now, function (items) { return items.concat([text]); });
  }

  // An item edited down to nothing is removed: an empty line on a chart says nothing.
  function edit(record, step, field, item, text, now) {
    text = line(text);
    return withItems(record, step, field, now, function (items) {
      if (item < 0 || item >= items.length) return items;
      if (text) items[item] = text;
      else items.splice(item, 1);
      return items;
    });
  }

  // Moves an item `by` places (-1 up, 1 down); past either end it stays where it is.
  function move(record, step, field, item, by, now) {
    return withItems(record, step, field, now, function (items) {
      var to = item + by;
      if (item < 0 || item >= items.length || to < 0 || to >= items.length) return items;
      items.splice(to, 0, items.splice(item, 1)[0]);
      return items;
    });
  }

  function remove(record, step, field, item, now) {
    return withItems(record, step, field, now, function (items) {
      if (item >= 0 && item < items.length) items.splice(item, 1);
      return items;
    });
  }

  // The group's name or the presenter, as typed (kept whole, so typing is never undone).
  function describe(record, name, value, now) {
    if (name !== "group" && name !== "presenter") return record;
    var change = { updated: now };
    change[name] = String(value);
    return Object.assign({}, record, change);
  }

  // One group whatever the spaces around or the case of its name.
  function groupKey(name) {
    return line(name).toLowerCase();
  }

  // What the group agreed to do next: the items of the record's next-steps charts, then
  // what it carried from earlier meetings and has not marked done, each with the day it
  // was first agreed (`from`, null for this meeting's own).
  function nextSteps(record) {
    var own = [];
    record.steps.forEach(function (step) {
      step.fields.forEach(function (field) {
        if (field.next_steps) field.items.forEach(function (text) { own.push({ text: text, from: null }); });
      });
    });
    var carried = record.carried.filter(function (item) { return item.status !== "done"; })
      .map(function (item) { return { text: item.text, from: item.from }; });
    return own.concat(carried);
  }

  // What was carried to this meeting and is now done.
  function done(record) {
    return record.carried.filter(function (item) { return item.status === "done"; });
  }

  // Newest first: by the day held, then by when begun.
  function newestFirst(records) {
    return records.slice().sort(function (a, b) {
      return a.date !== b.date ? (a.date < b.date ? 1 : -1) : b.created - a.created;
    });
  }

  // The group's last record before `record`, or null.
  function previous(record, records) {
    var key = groupKey(record.group);
    if (!key) return null;
    return newestFirst(records).filter(function (other) {
      return other.id !== record.id && groupKey(other.group) === key && other.created < record.created;
    })[0] || null;
  }

  // Once the record has a group and has carried nothing yet, the group's last record
  // hands over its next steps, each open until the facilitator marks it done or carried.
  function carry(record, records) {
    if (record.carried.length) return record;
    var last = previous(record, records);
    if (!last) return record;
    var carried = nextSteps(last).map(function (item) {
      return { text: item.text, from: item.from || last.date, status: "open" };
    });
    return carried.length ? Object.assign({}, record, { carried: carried }) : record;
  }

  function mark(record, index, status, now) {
    if (STATUSES.indexOf(status) < 0 || !record.carried[index]) return record;
    var carried = record.carried.map(function (item, i) {
      return i === index ? Object.assign({}, item, { status: status }) : item;
    });
    return Object.assign({}, record, { carried: carried, updated: now });
  }

  // The names of the groups that kept a record on this device, newest first, each once.
  function groups(records) {
    var seen = {};
    return newestFirst(records).map(function (record) { return line(record.group); }).filter(function (name) {
      var key = name.toLowerCase();
      if (!name || seen[key]) return false;
      seen[key] = true;
      return true;
    });
  }

  function isString(value) {
    return typeof value === "string";
  }

  function isTime(value) {
    return typeof value === "number" && isFinite(value) && value >= 0;
  }

  function isDay(value) {
    return isString(value) && /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/.test(value);
  }

  function isList(value, each) {
    return Array.isArray(value) && value.every(each);
  }

  function isField(field) {
    return Boolean(field) && isString(field.label) && typeof field.next_steps === "boolean" && isList(field.items, isString);
  }

  function isStep(step) {
    return Boolean(step) && isString(step.title) && isList(step.fields, isField);
  }

  function isCarried(item) {
    return Boolean(item) && isString(item.text) && isDay(item.from) && STATUSES.indexOf(item.status) >= 0;
  }

  // A saved record, or null when the text is missing, corrupt or of another version: text
  // from storage is checked before anything is shown from it.
  function parse(text) {
    var record;
    try { record = JSON.parse(text); } catch (error) { return null; }
    var valid = Boolean(record) && typeof record === "object" && record.version === VERSION &&
      isString(record.id) && record.id !== "" && isString(record.run) && isString(record.title) &&
      isDay(record.date) && isTime(record.created) && isTime(record.updated) &&
      isString(record.group) && isString(record.presenter) &&
      isList(record.steps, isStep) && isList(record.carried, isCarried);
    return valid ? record : null;
  }

  handbook.record = handbook.record || {};
  handbook.record.core = {
    day: day, longDate: longDate, create: create, continues: continues,
    add: add, edit: edit, move: move, remove: remove, describe: describe,
    nextSteps: nextSteps, done: done, newestFirst: newestFirst, carry: carry, mark: mark, groups: groups,
    line: line, parse: parse
  };
})(window.handbook = window.handbook || {});
