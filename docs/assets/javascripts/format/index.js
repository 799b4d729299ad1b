/* Lengths of time in words, for the minutes only the browser knows (a step fitted to the
 * time a group has, a meeting's length). Says them as the build does (`duration` in
 * macros/render.py): "1 minute", "45 minutes", "1 h", "1 h 10 min". A test holds the two
 * to the same words. */
(function (handbook) {
  "use strict";

  function duration(minutes) {
    if (minutes < 60) return minutes + (minutes === 1 ? " minute" : " minutes");
    var hours = Math.floor(minutes / 60);
    var rest = minutes - hours * 60;
    return hours + " h" + (rest ? " " + rest + " min" : "");
  }

  handbook.format = { duration: duration };
})(window.handbook = window.handbook || {});
