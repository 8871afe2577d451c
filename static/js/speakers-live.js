/* The live view of a speakers list (templates/protocol/live.html): the state of the floor is polled
   from its small JSON (an ETag makes an unchanged state a 304), and the clock runs here from the
   instant the speaker started, corrected by the server's Date header. The chair's buttons post
   their form in the background (a refusal shown above them); without JavaScript they post and the
   page reloads. Each form carries the current speaker it was shown, kept in step by render(). */
(function () {
  "use strict";

  var floor = document.getElementById("floor");
  if (!floor || !window.fetch) { return; }
  var url = floor.getAttribute("data-state");
  var state = JSON.parse(floor.getAttribute("data-state-json"));
  var etag = null;
  var skew = 0; // server clock minus this clock, in milliseconds

  function field(name) { return floor.querySelector('[data-field="' + name + '"]'); }

  function minutes(seconds) {
    var s = Math.max(0, Math.floor(seconds));
    var rest = s % 60;
    return Math.floor(s / 60) + ":" + (rest < 10 ? "0" : "") + rest;
  }

  function line(s) {
    var text = s.number + ". " + s.party + (s.speaker ? " — " + s.speaker : "");
    return s.kind === "right_of_reply" ? text + " (" + s.kind_label + ")" : text;
  }

  function used(s) {
    if (!s.since) { return s.used; }
    return s.used + (Date.now() + skew - Date.parse(s.since)) / 1000;
  }

  function tick() {
    var clock = field("clock");
    var label = field("clock-label");
    var s = state.current;
    var left = s ? s.limit - used(s) : 0;
    label.textContent = s ? floor.getAttribute(left >= 0 ? "data-left" : "data-over") : "";
    clock.textContent = s ? minutes(left >= 0 ? Math.ceil(left) : -left) : "";
    clock.classList.toggle("overrun", left < 0);
    label.classList.toggle("overrun", left < 0);
  }

  function render() {
    var s = state.current;
    // The chair's forms say which speaker they act on: the one shown now, or the server would
    // refuse the next tap as meant for a speaker who no longer has the floor.
    floor.querySelectorAll('.floor-controls input[name="current"]').forEach(function (input) {
      input.value = s ? String(s.id) : "";
    });
    field("current").textContent = s ? line(s) : floor.getAttribute("data-nobody");
    field("status").textContent = floor.getAttribute(state.running ? "data-running" : "data-paused");
    floor.classList.toggle("is-running", state.running);
    field("limit").textContent = s ? field("limit").textContent.replace(/[0-9]+:[0-9]{2}$/, minutes(s.limit)) : "";
    var queue = field("next");
    queue.textContent = "";
    state.next.forEach(function (n) {
      var item = document.createElement("li");
      item.textContent = line(n);
      queue.appendChild(item);
    });
    if (!state.next.length) {
      var none = document.createElement("li");
      none.className = "muted";
      none.textContent = "—";
      queue.appendChild(none);
    }
    field("progress").textContent = floor.getAttribute("data-progress")
      .replace("{done}", state.done).replace("{total}", state.total);
    tick();
  }

  function poll() {
    var headers = etag ? { "If-None-Match": etag } : {};
    return fetch(url, { headers: headers, credentials: "same-origin", cache: "no-store" }).then(function (response) {
      var date = response.headers.get("Date");
      if (date) { skew = Date.parse(date) - Date.now(); }
      if (response.status !== 200) { return null; }
      etag = response.headers.get("ETag");
      return response.json().then(function (fresh) { state = fresh; render(); });
    }).catch(function () { return null; }); // offline for a moment: the next poll tries again
  }

  floor.querySelectorAll(".floor-controls form").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      // getAttribute: the field named "action" shadows the form's own action property
      var refused = field("refused");
      // JSON asked: a refusal comes back as a 409 with its message (see live_control).
      fetch(form.getAttribute("action"), { method: "POST", body: new FormData(form), credentials: "same-origin",
                                           headers: { "Accept": "application/json" } })
        .then(function (response) {
          if (response.status === 409) {
            return response.json().then(function (answer) {
              refused.textContent = answer.message;
              refused.hidden = false;
            });
          }
          // Anything else that is not the new state (a page left open past its session, whose
          // answer is the login page; an expired form token; a server away) did nothing: say so.
          refused.textContent = floor.dataset.failed;
          refused.hidden = response.ok && !response.redirected;
          return null;
        }, function () { refused.textContent = floor.dataset.failed; refused.hidden = false; })
        .then(poll, poll);
    });
  });

  render();
  poll();
  window.setInterval(poll, 1000);
  window.setInterval(tick, 250);
}());
