/* Behaviours for every page, started on each page change (Material's instant navigation). */
(function () {
  /* Tables wider than the screen scroll sideways inside Material's wrapper; a keyboard user
     must be able to reach and scroll them too (WCAG 2.1.1). */
  function reachScrollableTables() {
    document.querySelectorAll(".md-typeset__scrollwrap").forEach(function (wrap) {
      if (wrap.scrollWidth > wrap.clientWidth && !wrap.hasAttribute("tabindex")) {
        wrap.tabIndex = 0;
        wrap.setAttribute("role", "region");
        wrap.setAttribute("aria-label", "Table, scrolls sideways");
      }
    });
  }

  /* The finder, the planner and the page of meeting records are loaded only by the pages
     that hold them, once, so the other pages carry none of their weight (the finder's and
     the planner's stylesheet is linked from their pages).
     Each mounts itself from document$ once loaded. A widget's files load in their order,
     each once the one before it has. */
  var base = document.currentScript.src.replace(/content\/index\.js([?#].*)?$/, "");
  var widgets = {
    ".lsw-finder": ["finder/index.js"],
    ".lsw-planner": ["planner/agenda.js", "planner/index.js"],
    ".lsw-meetings": ["record/text.js", "record/meetings.js"]
  };
  var requested = {};
  function load(files) {
    if (!files.length) return;
    var script = document.createElement("script");
    script.src = base + files[0];
    script.onload = function () { load(files.slice(1)); };
    document.head.appendChild(script);
  }
  function loadWidgets() {
    Object.keys(widgets).forEach(function (selector) {
      if (requested[selector] || !document.querySelector(selector)) return;
      requested[selector] = true;
      load(widgets[selector]);
    });
  }

  function onPage() {
    reachScrollableTables();
    loadWidgets();
  }
  if (window.document$) window.document$.subscribe(onPage);
  else document.addEventListener("DOMContentLoaded", onPage);
})();
