/* The page of meeting records (docs/meetings.md), mounted on <div class="lsw-meetings">:
 * every record kept on this device, newest first, or with ?record=<id> one of them, to
 * read, print, download as Markdown or copy as plain text. Loaded by content/index.js on
 * this page only. Records are read and deleted through record/index.js and written out by
 * record/text.js; nothing on this page is sent anywhere. */
(function (handbook) {
  "use strict";

  var core = handbook.record.core;
  var written = handbook.record.text;
  var records = handbook.record;

  var make = handbook.widgets.make;

  function button(text, action) {
    var node = make("button", null, text);
    node.type = "button";
    node.setAttribute("data-meetings-action", action);
    return node;
  }

  // This page without ?record=: the list. On the web and in the offline edition alike.
  function listAddress() {
    return location.href.replace(/[?#].*$/, "");
  }

  // A record's outline (record/text.js) as the page shows it: its title under the page's own
  // heading, its facts as a list of names and values.
  function article(record) {
    var node = make("article", "lsw-meeting");
    written.outline(record).forEach(function (block) {
      if (block.heading) {
        node.append(make("h" + (block.heading + 1), null, block.text));
      } else if (block.facts) {
        var facts = make("dl", "lsw-meeting__facts");
        block.facts.forEach(function (fact) { facts.append(make("dt", null, fact[0]), make("dd", null, fact[1])); });
        node.append(facts);
      } else if (block.items) {
        var list = make("ul");
        block.items.forEach(function (item) {
          var entry = make("li", null, item.text);
          if (item.note) entry.append(" ", make("span", "lsw-meeting__note", "(" + item.note + ")"));
          list.append(entry);
        });
        node.append(list);
      } else {
        node.append(make("p", "lsw-meeting__empty", block.empty));
      }
    });
    return node;
  }

  function mount(element) {
    var id = new URLSearchParams(location.search).get("record");
    var status = make("p", "lsw-visually-hidden");
    status.setAttribute("role", "status");
    var download = null; // the Markdown file's address while it is offered
    var armed = null; // the delete button pressed once, waiting for its second press
    var stop = function () {};

    function announce(text) {
      status.textContent = text;
    }

    // Deleting asks for a second press of the same button, which says so; moving on
    // from it (the keyboard or a click elsewhere) leaves it unpressed.
    function disarm() {
      if (!armed) return;
      armed.textContent = armed.getAttribute("data-label");
      armed = null;
    }

    function arm(node, warning) {
      armed = node;
      node.setAttribute("data-label", node.textContent);
      node.textContent = warning;
      announce(warning);
    }

    function showList() {
      var all = core.newestFirst(records.all());
      var heading = make("h2", null, "On this device");
      heading.tabIndex = -1;
      var count = make("p", null, all.length ?
        (all.length === 1 ? "One meeting record" : all.length + " meeting records") + ", newest first." :
        "No meeting record is kept on this device yet.");
      var list = make("ul", "lsw-meetings__list");
      all.forEach(function (record) {
        var item = make("li");
        var link = make("a", null, core.longDate(record.date) + " · " + record.title);
        link.href = "?record=" + encodeURIComponent(record.id);
        item.append(link);
        var who = [["group", record.group], ["presenter", record.presenter]].filter(function (fact) { return core.line(fact[1]); })
          .map(function (fact) { return fact[0] + ": " + core.line(fact[1]); });
        if (who.length) item.append(" (" + who.join(", ") + ")");
        list.append(item);
      });
      var actions = make("p", "lsw-meetings__actions");
      if (all.length) actions.append(button("Delete all meeting records", "deleteAll"));
      element.replaceChildren(heading, count, list, actions, status);
      list.hidden = !all.length;
    }

    function showRecord() {
      var record = records.read(id);
      var back = make("p", "lsw-meetings__back");
      var link = make("a", null, "All meeting records on this device");
      link.href = listAddress();
      back.append(link);
      if (download) URL.revokeObjectURL(download);
      download = null;
      if (!record) {
        element.replaceChildren(back, make("p", null, "There is no meeting record with this address on this device: it was deleted, or kept in another browser."), status);
        return;
      }
      var actions = make("div", "lsw-meetings__actions");
      download = URL.createObjectURL(new Blob([written.markdown(record)], { type: "text/markdown;charset=utf-8" }));
      var file = make("a", "lsw-meetings__download", "Download as Markdown");
      file.href = download;
      file.download = written.filename(record);
      actions.append(file, button("Copy as plain text", "copy"), button("Print", "print"), button("Delete this record", "delete"));
      var copy = make("textarea", "lsw-meetings__copy");
      copy.readOnly = true;
      copy.hidden = true;
      copy.setAttribute("aria-label", "The meeting record as plain text");
      element.replaceChildren(back, article(record), actions, copy, status);
    }

    function paint() {
      armed = null;
      element.classList.toggle("lsw-meetings--record", Boolean(id));
      if (id) showRecord();
      else showList();
    }

    // The clipboard where the browser offers it (a page over https or from a file);
    // else the text is selected in a box, for Ctrl+C.
    function copyText() {
      var record = records.read(id);
      if (!record) { paint(); return; } // deleted in another tab meanwhile
      var text = written.plain(record);
      var box = element.querySelector(".lsw-meetings__copy");
      function fallback() {
        box.value = text;
        box.hidden = false;
        box.focus();
        box.select();
        var copied = false;
        try { copied = document.execCommand("copy"); } catch (error) { copied = false; }
        announce(copied ? "Copied the meeting record as plain text." :
          "The browser did not let the page copy: the text is selected in the box below; press Ctrl+C (⌘C on a Mac) to copy it.");
      }
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(text).then(function () {
          box.hidden = true;
          announce("Copied the meeting record as plain text.");
        }, fallback);
      } else fallback();
    }

    var actionsByName = {
      copy: copyText,
      print: function () { window.print(); },
      delete: function (node) {
        if (armed !== node) { arm(node, "Press again to delete this record"); return; }
        records.remove(id);
        // The list again, at its own address, with the keyboard at its top.
        stop();
        id = null;
        history.replaceState(history.state, "", listAddress());
        paint();
        announce("Deleted the meeting record.");
        element.querySelector("h2").focus();
      },
      deleteAll: function (node) {
        if (armed !== node) { arm(node, "Press again to delete every meeting record on this device"); return; }
        records.removeAll();
        paint();
        announce("Deleted every meeting record on this device.");
        element.querySelector("h2").focus();
      }
    };

    function onClick(event) {
      var node = event.target.closest("[data-meetings-action]");
      if (armed && node !== armed) disarm();
      if (node) actionsByName[node.getAttribute("data-meetings-action")](node);
    }

    function onLeave(event) {
      if (event.target === armed) disarm();
    }

    // Another tab writing the record (a meeting still going on) or deleting it.
    function onSaved() {
      if (!armed) paint();
    }

    element.addEventListener("click", onClick);
    element.addEventListener("focusout", onLeave);
    if (id) stop = records.watch(id, onSaved);
    paint();

    return function unmount() {
      stop();
      if (download) URL.revokeObjectURL(download);
      element.removeEventListener("click", onClick);
      element.removeEventListener("focusout", onLeave);
    };
  }

  handbook.widgets.mountEach(".lsw-meetings", mount);
})(window.handbook);
