/* A meeting record written out (record/core.js keeps it): as the page of meeting records
 * shows it, as a Markdown file and as plain text for an email, all from one outline so the
 * three never disagree. Pure, like the core; loaded on the page of meeting records only,
 * before record/meetings.js, which shows what this writes. */
(function (handbook) {
  "use strict";

  var core = handbook.record.core;

  // Text as Markdown shows it, not as Markdown reads it: every character Markdown gives a
  // meaning to inside a line is escaped, and so is a line's start that would make a
  // heading, a list, a quote or a rule.
  function escapeMarkdown(text) {
    return core.line(text).replace(/[\\`*_[\]<>|~&#!]/g, "\\$&").replace(/^([-+=])/, "\\$1").replace(/^(\d+)([.)])/, "$1\\$2");
  }

  // The steps that had a chart, with their charts.
  function charted(record) {
    return record.steps.filter(function (step) { return step.fields.length > 0; });
  }

  // `said` says what the day an item was first agreed on is to it.
  function listed(items, said) {
    return {
      items: items.map(function (item) {
        return { text: item.text, note: item.from ? said + " " + core.longDate(item.from) : "" };
      })
    };
  }

  // The meeting record in the order it is read, as blocks the page, the Markdown and the
  // plain text each write in their own way: what the meeting was ({ facts: [[name, value]] }),
  // the next steps, what was done since last time, then every step that had a chart and
  // what was written on each ({ heading: level, text }, { items: [{ text, note }] }, and
  // { empty: text } for a list with nothing in it).
  function outline(record) {
    var facts = [["Date", core.longDate(record.date)]];
    if (core.line(record.group)) facts.push(["Group", core.line(record.group)]);
    if (core.line(record.presenter)) facts.push(["Presenter", core.line(record.presenter)]);
    var blocks = [{ heading: 1, text: record.title }, { facts: facts }, { heading: 2, text: "Next steps" }];
    var next = core.nextSteps(record);
    blocks.push(next.length ? listed(next, "carried from") : { empty: "None recorded." });
    var finished = core.done(record);
    if (finished.length) blocks.push({ heading: 2, text: "Done since the last meeting" }, listed(finished, "agreed"));
    charted(record).forEach(function (step) {
      blocks.push({ heading: 2, text: step.title });
      step.fields.forEach(function (field) {
        blocks.push({ heading: 3, text: field.label });
        blocks.push(field.items.length ? listed(field.items.map(function (text) { return { text: text }; }), "") : { empty: "Nothing recorded." });
      });
    });
    return blocks;
  }

  // The outline as lines of text: `heading(level, text)` writes a heading, and `escape`
  // every text that came from the group or the protocol.
  function written(record, heading, escape) {
    return outline(record).map(function (block) {
      if (block.heading) return heading(block.heading, escape(block.text));
      if (block.facts) return block.facts.map(function (fact) { return "- " + fact[0] + ": " + escape(fact[1]); }).join("\n");
      if (block.items) return block.items.map(function (item) { return "- " + escape(item.text) + (item.note ? " (" + item.note + ")" : ""); }).join("\n");
      return block.empty;
    }).join("\n\n") + "\n";
  }

  function markdown(record) {
    return written(record, function (level, text) { return "#".repeat(level) + " " + text; }, escapeMarkdown);
  }

  // For an email: headings on lines of their own, a chart's label ending in a colon.
  function plain(record) {
    return written(record, function (level, words) { return level === 3 ? words + ":" : words; }, core.line);
  }

  // The Markdown file's name: the day, then the protocol's or agenda's id and the group's
  // name, in letters, digits and dashes (safe on every computer).
  function filename(record) {
    var name = [record.date, record.run, record.group].map(function (part) {
      return core.line(part).toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
    }).filter(Boolean).join("-");
    return "meeting-record-" + name + ".md";
  }

  handbook.record.text = { outline: outline, markdown: markdown, plain: plain, escapeMarkdown: escapeMarkdown, filename: filename };
})(window.handbook);
