/* The timetable in the viewer's own time zone: a hover title on every time, and a toggle.
   Without JavaScript the page shows the meeting's local times, which is what matters most. */
(function () {
  "use strict";
  var toggle = document.getElementById("viewer-time");
  var times = document.querySelectorAll("time.instant[data-end]");
  if (!toggle || !times.length || !window.Intl) { return; }
  var fmt = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit", hour12: false });
  var day = new Intl.DateTimeFormat(undefined, { weekday: "short", day: "numeric", month: "long" });
  var showingMine = false;

  /* The viewer's offset at that moment, as the pages write zones ("UTC+4", "UTC+5:30", "UTC−5"),
     never the raw identifier of the browser's zone. */
  function offset(date) {
    var minutes = -date.getTimezoneOffset();
    var rest = Math.abs(minutes) % 60;
    return "UTC" + (minutes < 0 ? "\u2212" : "+") + Math.floor(Math.abs(minutes) / 60) +
      (rest ? ":" + String(rest).padStart(2, "0") : "");
  }

  function mine(el) {
    var start = new Date(el.getAttribute("datetime"));
    var end = new Date(el.getAttribute("data-end"));
    return day.format(start) + ", " + fmt.format(start) + "–" + fmt.format(end) + " (" + offset(start) + ")";
  }

  times.forEach(function (el) {
    el.setAttribute("data-local", el.textContent);
    el.title = toggle.getAttribute("data-mine") + ": " + mine(el);
  });

  var button = document.createElement("button");
  button.type = "button";
  button.className = "link-button";
  button.setAttribute("aria-pressed", "false");
  button.textContent = toggle.getAttribute("data-show");
  button.addEventListener("click", function () {
    showingMine = !showingMine;
    times.forEach(function (el) {
      el.textContent = showingMine ? mine(el) : el.getAttribute("data-local");
    });
    button.setAttribute("aria-pressed", String(showingMine));
    button.textContent = toggle.getAttribute(showingMine ? "data-hide" : "data-show");
  });
  toggle.appendChild(button);
  toggle.hidden = false;
}());
