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

  // Keeps the screen on while a widget wants it (a running timer). The browser drops the
  // lock whenever the page is hidden, so it is asked for again when the page is shown.
  // Returns `hold(want)`; a widget calls hold(false) when it is taken down.
  function screenLock() {
    var sentinel = null, wanted = false, asking = false;
    function hold(want) {
      wanted = want;
      if (!want && sentinel) { sentinel.release().catch(function () {}); sentinel = null; }
      if (!want || sentinel || asking || !navigator.wakeLock || document.hidden) return;
      asking = true;
      navigator.wakeLock.request("screen").then(function (lock) {
        asking = false;
        sentinel = lock;
        lock.addEventListener("release", function () { if (sentinel === lock) sentinel = null; });
        if (!wanted) hold(false);
      }, function () { asking = false; });
    }
    return hold;
  }

  // An element with a class and its text, set as text: what a widget builds its page from.
  function make(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  // Words a screen reader says and the page does not show.
  function hidden(text) {
    return make("span", "lsw-visually-hidden", text);
  }

  handbook.widgets = { mountEach: mountEach, screenLock: screenLock, make: make, hidden: hidden };
})(window.handbook = window.handbook || {});
