/* The browser's localStorage for every widget. Private browsing, a full quota or storage
 * turned off must not stop a meeting: reads find nothing and writes are dropped, and the
 * page runs unsaved. */
(function (handbook) {
  "use strict";

  function read(key) {
    try { return localStorage.getItem(key); } catch (error) { return null; }
  }

  // Other windows hear of a save, with its text, on a BroadcastChannel as it is made (even
  // with storage off); the storage event is the fallback where there is no channel.
  var channel = window.BroadcastChannel ? new BroadcastChannel("handbook.storage") : null;

  function tell(key, value) {
    if (channel) channel.postMessage({ key: key, value: value });
  }

  function write(key, value) {
    try { localStorage.setItem(key, value); } catch (error) { /* runs unsaved */ }
    tell(key, value);
  }

  function remove(key) {
    try { localStorage.removeItem(key); } catch (error) { /* stays saved */ }
    tell(key, null);
  }

  // Every saved key that begins with `prefix` (none when storage is off).
  function keys(prefix) {
    var found = [];
    try {
      for (var i = 0; i < localStorage.length; i++) {
        var key = localStorage.key(i);
        if (key !== null && key.indexOf(prefix) === 0) found.push(key);
      }
    } catch (error) { /* nothing saved to find */ }
    return found;
  }

  // Calls `changed` with the text (null when removed) when another tab or window saves
  // under `key`, maybe twice; returns the stop.
  function watch(key, changed) {
    function onStorage(event) { if (event.key === key) changed(event.newValue); }
    function onMessage(event) { if (event.data && event.data.key === key) changed(event.data.value); }
    addEventListener("storage", onStorage);
    if (channel) channel.addEventListener("message", onMessage);
    return function () {
      removeEventListener("storage", onStorage);
      if (channel) channel.removeEventListener("message", onMessage);
    };
  }

  handbook.storage = { read: read, write: write, remove: remove, keys: keys, watch: watch };
})(window.handbook = window.handbook || {});
