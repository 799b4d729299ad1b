/* The protocol finder: adds choices above the list of protocols on the finder page
 * (<div class="lsw-finder" data-finder="…">), hides the protocols that do not fit and says
 * why the others do. The list itself is the page without JavaScript. The choices live in
 * the page's address (?purpose=…&sample=…&minutes=…&people=…&trust=…), so a link or a
 * reload shows the same results. Started from Material's document$ for instant navigation. */
(function (handbook) {
  "use strict";

  var TRUST = ["low", "medium", "high"];
  var TRUST_LABELS = {
    low: "Low: new to each other or to protocols",
    medium: "Medium: used to sharing work",
    high: "High: at ease hearing cool feedback"
  };
  var FIELDS = ["purpose", "sample", "minutes", "people", "trust"];

  // What the facilitator chose, from the address; unknown or malformed values are dropped.
  // Values are looked for in lists, never used as keys: ?purpose=constructor is unknown.
  function readChoices(search, data) {
    var query = new URLSearchParams(search);
    function whole(name) {
      var value = Number(query.get(name));
      return Number.isInteger(value) && value > 0 ? value : null;
    }
    function known(name, values) {
      return values.indexOf(query.get(name)) >= 0 ? query.get(name) : null;
    }
    return {
      purpose: known("purpose", Object.keys(data.purposes)),
      sample: known("sample", Object.keys(data.samples)),
      minutes: whole("minutes"),
      people: whole("people"),
      trust: known("trust", TRUST)
    };
  }

  // The address with the choices in it; other parameters (Material's ?h= search
  // highlight, say) are left as they were.
  function address(choices) {
    var query = new URLSearchParams(location.search);
    FIELDS.forEach(function (name) {
      if (choices[name] === null) query.delete(name);
      else query.set(name, choices[name]);
    });
    var search = query.toString();
    return location.pathname + (search ? "?" + search : "") + location.hash;
  }

  // The rule for "fits when shortened": the protocol is fitted to the minutes with the
  // timer's own fitMinutes (the one its page uses for ?fit=), which keeps every step in
  // proportion and at least one minute long; it fits when, so fitted, every step still
  // has at least half its own minutes. Shorter than that, a step cannot do its job.
  function shortened(protocol, minutes) {
    var own = protocol.steps.map(function (step) { return step.minutes; });
    if (minutes < own.length) return false;
    return handbook.timer.core.fitMinutes(own, minutes).every(function (fitted, i) {
      return fitted * 2 >= own[i];
    });
  }

  function people(size) {
    return size.max ? size.min + "–" + size.max + " people" : size.min + " or more people";
  }

  // Whether a protocol fits the choices: null when it does not, else why it does and
  // the minutes to fit it to when it fits only shortened.
  function match(protocol, choices, data) {
    var reasons = [];
    var fit = null;
    if (choices.purpose) {
      if (protocol.purposes.indexOf(choices.purpose) < 0) return null;
      reasons.push("for “" + data.purposes[choices.purpose] + "”");
    }
    if (choices.sample) {
      if (protocol.samples.indexOf(choices.sample) < 0) return null;
      reasons.push("works with “" + data.samples[choices.sample] + "”");
    }
    if (choices.minutes) {
      if (protocol.minutes <= choices.minutes) {
        reasons.push("takes " + protocol.minutes + " minutes, within your " + choices.minutes);
      } else if (shortened(protocol, choices.minutes)) {
        fit = choices.minutes;
      } else {
        return null;
      }
    }
    if (choices.people) {
      var size = protocol.group_size;
      if (!size) reasons.push("group size not stated");
      else if (choices.people < size.min || (size.max && choices.people > size.max)) return null;
      else reasons.push("for " + people(size));
    }
    if (choices.trust) {
      if (protocol.trust && TRUST.indexOf(protocol.trust) > TRUST.indexOf(choices.trust)) return null;
      reasons.push(protocol.trust ? "needs " + protocol.trust + " trust" : "trust needed not stated");
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

  function select(name, empty, labels, chosen) {
    var node = document.createElement("select");
    node.name = name;
    node.append(option("", empty, ""));
    Object.keys(labels).forEach(function (value) { node.append(option(value, labels[value], chosen)); });
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
      field("What you want from the meeting", select("purpose", "Any purpose", data.purposes, choices.purpose)),
      field("Kind of sample", select("sample", "Any kind of sample", data.samples, choices.sample)),
      field("Minutes you have", number("minutes", 1, choices.minutes)),
      field("People in the group", number("people", 2, choices.people)),
      field("Trust the group has built", select("trust", "Any level of trust", TRUST_LABELS, choices.trust)),
      clear
    );
    return node;
  }

  // A protocol page's address that opens its timer fitted to `minutes` (timer/index.js).
  function fitted(href, minutes) {
    var url = new URL(href, location.href);
    url.searchParams.set("fit", minutes);
    return url.href;
  }

  // The planner's page beside this one: plan/planner/ on the web, plan/planner.html in the
  // offline edition (no directory URLs), plan/planner/index.html for a web build opened
  // from a folder.
  function plannerAddress() {
    var path = location.pathname;
    return /\/index\.html$/.test(path) ? "../planner/index.html" : /\.html$/.test(path) ? "planner.html" : "../planner/";
  }

  function mount(element) {
    var data = JSON.parse(element.getAttribute("data-finder"));
    // A Map, not an object: a protocol's id is never taken for one of Object's members.
    var items = new Map();
    element.querySelectorAll(".lsw-finder__item[data-protocol]").forEach(function (item) {
      var link = item.querySelector("a");
      items.set(item.getAttribute("data-protocol"), {
        node: item, link: link, href: link.getAttribute("href"), title: link.textContent
      });
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
          why.push("Fits when shortened from " + result.protocol.minutes + " to your " + result.fit +
            " minutes, every step keeping at least half its time: its link opens the timer already fitted.");
        }
        if (result.reasons.length) why.push("Why it fits: " + result.reasons.join("; ") + ".");
        item.why.textContent = why.join(" ");
        item.why.hidden = !any;
        item.node.classList.toggle("lsw-finder__item--shortened", result.fit !== null);
        item.link.setAttribute("href", result.fit ? fitted(item.href, result.fit) : item.href);
        var query = new URLSearchParams({ add: result.protocol.id });
        if (choices.minutes) query.set("meeting", choices.minutes);
        item.plan.setAttribute("href", plannerAddress() + "?" + query);
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

  var unmounts = [];

  function mountAll() {
    unmounts.forEach(function (unmount) { unmount(); });
    unmounts = [].map.call(document.querySelectorAll(".lsw-finder[data-finder]"), function (element) {
      return mount(element);
    });
  }

  handbook.finder = { readChoices: readChoices, results: results, mount: mount };
  if (window.document$) window.document$.subscribe(mountAll);
  else mountAll();
})(window.handbook = window.handbook || {});
