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

  /* The finder and the planner are loaded only by the pages that hold them, once, so the
     other pages carry none of their weight. Each mounts itself from document$ once loaded. */
  var base = document.currentScript.src.replace(/content\/index\.js([?#].*)?$/, "");
  var widgets = { ".lsw-finder": "finder/index.js", ".lsw-planner": "planner/index.js" };
  var requested = {};
  function loadWidgets() {
    Object.keys(widgets).forEach(function (selector) {
      var file = widgets[selector];
      if (requested[file] || !document.querySelector(selector)) return;
      requested[file] = true;
      var script = document.createElement("script");
      script.src = base + file;
      document.head.appendChild(script);
    });
  }

  function onPage() {
    reachScrollableTables();
    loadWidgets();
  }
  if (window.document$) window.document$.subscribe(onPage);
  else document.addEventListener("DOMContentLoaded", onPage);
})();
