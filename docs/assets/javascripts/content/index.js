/* Tables wider than the screen scroll sideways inside Material's wrapper; a keyboard user
   must be able to reach and scroll them too (WCAG 2.1.1). Runs on every page change. */
(function () {
  function reachScrollableTables() {
    document.querySelectorAll(".md-typeset__scrollwrap").forEach(function (wrap) {
      if (wrap.scrollWidth > wrap.clientWidth && !wrap.hasAttribute("tabindex")) {
        wrap.tabIndex = 0;
        wrap.setAttribute("role", "region");
        wrap.setAttribute("aria-label", "Table, scrolls sideways");
      }
    });
  }
  if (window.document$) window.document$.subscribe(reachScrollableTables);
  else document.addEventListener("DOMContentLoaded", reachScrollableTables);
})();
