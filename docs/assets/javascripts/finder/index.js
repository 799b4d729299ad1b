/* The protocol finder: adds choices above the list of protocols on the finder page
 * (<div class="lsw-finder" data-finder="…">, every protocol as macros/page_data.py writes
 * it), hides the protocols that do not fit and says why the others do. The list itself
 * is the page without JavaScript. The choices live in the page's address
 * (?purpose=…&sample=…&meeting=…&people=…&trust=…), so a link or a reload shows the same
 * results. Mounted on each page instant navigation brings (browser/widgets.js). */
(function (handbook) {
  "use strict";

  var duration = handbook.format.duration;
  var FIELDS = ["purpose", "sample", "meeting", "people", "trust"];

  // The entries of `list` ({ tag, label } or { level, label }) by their `key`, in a Map:
  // a value from an address is only ever one of them, never one of Object's members.
  function byKey(list, key) {
    return new Map(list.map(function (entry) { return [entry[key], entry]; }));
  }

  // What the facilitator chose, from the address; unknown or malformed values are dropped.
  // ?minutes= is the minutes the meeting has in links made before it was named ?meeting=.
  function readChoices(search, data) {
    var query = new URLSearchParams(search);
    function whole(name) {
      var value = Number(query.get(name));
      return Number.isInteger(value) && value > 0 ? value : null;
    }
    function known(name, list, key) {
      return byKey(list, key).has(query.get(name)) ? query.get(name) : null;
    }
    return {
      purpose: known("purpose", data.purposes, "tag"),
      sample: known("sample", data.samples, "tag"),
      meeting: whole("meeting") || whole("minutes"),
      people: whole("people"),
      trust: known("trust", data.trust, "level")
    };
  }

  // The address with the choices in it; other parameters (Material's ?h= search
  // highlight, say) are left as they were, but for the old name of ?meeting=.
  function address(choices) {
    var query = new URLSearchParams(location.search);
    query.delete("minutes");
    FIELDS.forEach(function (name) {
      if (choices[name] === null) query.delete(name);
      else query.set(name, choices[name]);
    });
    var search = query.toString();
    return location.pathname + (search ? "?" + search : "") + location.hash;
  }

  // The rule for "fits when shortened": the protocol is fitted to the meeting's minutes
  // with the timer's own fitMinutes (the one its page uses for ?meeting=), which keeps
  // every step in proportion and at least one minute long; it fits when, so fitted, every
  // step still has at least half its own minutes. Shorter than that, a step cannot do its job.
  function shortened(protocol, meeting) {
    var core = handbook.timer.core;
    var own = core.minutesOf(protocol.steps);
    if (meeting < own.length) return false;
    return core.fitMinutes(own, meeting).every(function (fitted, i) {
      return fitted * 2 >= own[i];
    });
  }

  // The protocol's tag `tag` of the kind `kind` ("purposes" or "samples"), or undefined.
  function tagOf(protocol, kind, tag) {
    return byKey(protocol[kind], "tag").get(tag);
  }

  // Whether a protocol fits the choices: null when it does not, else why it does and
  // the minutes to fit it to when it fits only shortened.
  function match(protocol, choices, data) {
    var reasons = [];
    var fit = null;
    if (choices.purpose) {
      var purpose = tagOf(protocol, "purposes", choices.purpose);
      if (!purpose) return null;
      reasons.push("for “" + purpose.label + "”");
    }
    if (choices.sample) {
      var sample = tagOf(protocol, "samples", choices.sample);
      if (!sample) return null;
      reasons.push("works with “" + sample.label + "”");
    }
    if (choices.meeting) {
      if (protocol.minutes <= choices.meeting) {
        reasons.push("takes " + protocol.duration + ", within your " + duration(choices.meeting));
      } else if (shortened(protocol, choices.meeting)) {
        fit = choices.meeting;
      } else {
        return null;
      }
    }
    if (choices.people) {
      var size = protocol.group_size;
      if (!size) reasons.push("group size not stated");
      else if (choices.people < size.min || (size.max && choices.people > size.max)) return null;
      else reasons.push("for " + protocol.group_size_label);
    }
    if (choices.trust) {
      var levels = data.trust.map(function (trust) { return trust.level; });
      if (protocol.trust && levels.indexOf(protocol.trust.level) > levels.indexOf(choices.trust)) return null;
      reasons.push(protocol.trust ? "needs " + protocol.trust.level + " trust" : "trust needed not stated");
    }
    return { reasons: reasons, fit: fit };
  }

  // Every protocol that fits, in the library's order, those that fit in full first.
  function results(data, choices) {
    var fitting = [];
    data.protocols.forEach(function (protocol, index) {
      var found = match(protocol, choices, data);
      if (found) fitting.push({ protocol: protocol, index: index, reasons: found.reasons, fit: found.fit });
    });
    return fitting.sort(function (a, b) { return (a.fit !== null) - (b.fit !== null) || a.index - b.index; });
  }

  function option(value, label, selected) {
    var node = document.createElement("option");
    node.value = value;
    node.textContent = label;
    node.selected = value === selected;
    return node;
  }

  function field(label, control) {
    var node = document.createElement("label");
    node.className = "lsw-finder__field";
    node.append(label, control);
    return node;
  }

  // A choice of `list`'s entries: each entry's `key` is the value, its label the text.
  function select(name, empty, list, key, chosen) {
    var node = document.createElement("select");
    node.name = name;
    node.append(option("", empty, ""));
    list.forEach(function (entry) { node.append(option(entry[key], entry.label, chosen)); });
    return node;
  }

  function number(name, min, chosen) {
    var node = document.createElement("input");
    node.type = "number";
    node.name = name;
    node.min = min;
    node.step = 1;
    node.inputMode = "numeric";
    node.value = chosen === null ? "" : chosen;
    return node;
  }

  function form(data, choices) {
    var node = document.createElement("form");
    node.className = "lsw-finder__choices";
    node.setAttribute("aria-label", "What your meeting needs");
    var clear = document.createElement("button");
    clear.type = "button";
    clear.textContent = "Clear choices";
    node.append(
      field("What you want from the meeting", select("purpose", "Any purpose", data.purposes, "tag", choices.purpose)),
      field("Kind of sample", select("sample", "Any kind of sample", data.samples, "tag", choices.sample)),
      field("Minutes you have", number("meeting", 1, choices.meeting)),
      field("People in the group", number("people", 2, choices.people)),
      field("Trust the group has built", select("trust", "Any level of trust", data.trust, "level", choices.trust)),
      clear
    );
    return node;
  }

  function mount(element) {
    var data = JSON.parse(element.getAttribute("data-finder"));
    // A Map, not an object: a protocol's id is never taken for one of Object's members.
    var items = new Map();
    element.querySelectorAll(".lsw-finder__item[data-protocol]").forEach(function (item) {
      var link = item.querySelector("a");
      items.set(item.getAttribute("data-protocol"), { node: item, link: link, title: link.textContent });
    });
    var choices = readChoices(location.search, data);
    var controls = form(data, choices);
    var count = document.createElement("p");
    count.className = "lsw-finder__count";
    count.setAttribute("role", "status");
    element.prepend(controls, count);

    // Each protocol's "why" line and planner link, made once and filled in on each change.
    items.forEach(function (item) {
      var why = document.createElement("p");
      why.className = "lsw-finder__why";
      var plan = document.createElement("a");
      plan.className = "lsw-finder__plan";
      var named = document.createElement("span");
      named.className = "lsw-visually-hidden";
      named.textContent = " with " + item.title;
      plan.append("Plan a meeting", named);
      var actions = document.createElement("p");
      actions.append(plan);
      item.node.append(why, actions);
      item.why = why;
      item.plan = plan;
    });

    function show() {
      var found = results(data, choices);
      var any = FIELDS.some(function (name) { return choices[name] !== null; });
      items.forEach(function (item) { item.node.hidden = true; });
      found.forEach(function (result) {
        var item = items.get(result.protocol.id);
        if (!item) return;
        var why = [];
        if (result.fit) {
          why.push("Fits when shortened from " + result.protocol.duration + " to your " + duration(result.fit) +
            ", every step keeping at least half its time: its link opens the timer already fitted.");
        }
        if (result.reasons.length) why.push("Why it fits: " + result.reasons.join("; ") + ".");
        item.why.textContent = why.join(" ");
        item.why.hidden = !any;
        item.node.classList.toggle("lsw-finder__item--shortened", result.fit !== null);
        // The protocol's page opens its timer fitted to the meeting (timer/index.js).
        item.link.setAttribute("href", result.protocol.address + (result.fit ? "?meeting=" + result.fit : ""));
        var query = new URLSearchParams({ add: result.protocol.id });
        if (choices.meeting) query.set("meeting", choices.meeting);
        item.plan.setAttribute("href", data.planner + "?" + query);
        item.node.hidden = false;
        element.append(item.node); // puts the results in order
      });
      var total = data.protocols.length;
      count.textContent = !any ? "All " + total + " protocols. Choose above to narrow them." :
        found.length === 0 ? "No protocol fits all of these choices. Try more minutes, or “Any” for one of them." :
        found.length + " of " + total + " protocols fit.";
    }

    function onChange() {
      choices = readChoices(new URLSearchParams(FIELDS.map(function (name) {
        return [name, controls.elements[name].value];
      })).toString(), data);
      try { history.replaceState(history.state, "", address(choices)); } catch (error) { /* file:// may refuse */ }
      show();
    }

    function onClear(event) {
      if (event.target.type !== "button") return;
      FIELDS.forEach(function (name) { controls.elements[name].value = ""; });
      onChange();
    }

    function onSubmit(event) {
      event.preventDefault();
    }

    controls.addEventListener("input", onChange);
    controls.addEventListener("click", onClear);
    controls.addEventListener("submit", onSubmit);
    show();

    return function unmount() {
      controls.removeEventListener("input", onChange);
      controls.removeEventListener("click", onClear);
      controls.removeEventListener("submit", onSubmit);
    };
  }

  handbook.finder = { readChoices: readChoices, results: results, mount: mount };
  handbook.widgets.mountEach(".lsw-finder[data-finder]", mount);
})(window.handbook = window.handbook || {});
