/* The browser's localStorage for every widget. Private browsing, a full quota or storage
 * turned off must not stop a meeting: reads find nothing and writes are dropped, and the
 * page runs unsaved. */
(function (handbook) {
  "use strict";

  function read(key) {
    try { return localStorage.getItem(key); } catch (error) { return null; }
  }

  function write(key, value) {
    try { localStorage.setItem(key, value); } catch (error) { /* runs unsaved */ }
  }

  function remove(key) {
    try { localStorage.removeItem(key); } catch (error) { /* stays saved */ }
  }

  // Calls `changed` when another tab or window saves under `key`; returns the stop.
  function watch(key, changed) {
    function onStorage(event) { if (event.key === key) changed(); }
    addEventListener("storage", onStorage);
    return function () { removeEventListener("storage", onStorage); };
  }

  handbook.storage = { read: read, write: write, remove: remove, watch: watch };
})(window.handbook = window.handbook || {});
