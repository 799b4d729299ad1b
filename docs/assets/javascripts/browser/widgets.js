/* Mounts a widget (the timer, the finder, the planner) on every element of a page that
 * holds one, and unmounts them when the next page arrives: Material's instant navigation
 * emits each page on document$, and no timeout or listener may outlive its page. */
(function (handbook) {
  "use strict";

  // `mount(element)` shows the widget and returns the function that takes it down again.
  function mountEach(selector, mount) {
    var unmounts = [];
    function onPage() {
      unmounts.forEach(function (unmount) { unmount(); });
      unmounts = [].map.call(document.querySelectorAll(selector), function (element) { return mount(element); });
    }
    // Without Material's bundle (a page opened on its own) the widgets still mount once.
    if (window.document$) window.document$.subscribe(onPage);
    else onPage();
  }

  handbook.widgets = { mountEach: mountEach };
})(window.handbook = window.handbook || {});
