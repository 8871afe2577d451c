// The check-in page (templates/protocol/checkin.html): reads badges with the phone's camera where
// the browser has the BarcodeDetector API (Chromium, Android), and keeps the counts current by
// asking the small counts.json again (a 304 when nothing changed). Without it, the page is a form.
(function () {
  "use strict";

  var form = document.getElementById("checkin-scan");
  var camera = document.getElementById("checkin-camera");
  var noCamera = document.getElementById("checkin-no-camera");

  function startCamera() {
    var video = document.getElementById("checkin-video");
    var start = document.getElementById("checkin-camera-start");
    var stop = document.getElementById("checkin-camera-stop");
    var detector = new window.BarcodeDetector({ formats: ["qr_code"] });
    var stream = null;
    var timer = null;

    function close() {
      if (timer) { window.clearTimeout(timer); }
      if (stream) { stream.getTracks().forEach(function (t) { t.stop(); }); }
      video.hidden = true; stop.hidden = true; start.hidden = false;
    }

    function look() {
      detector.detect(video).then(function (codes) {
        if (codes.length && codes[0].rawValue) {
          close();
          form.elements.code.value = codes[0].rawValue;
          form.submit();
          return;
        }
        timer = window.setTimeout(look, 200);
      }).catch(function () { timer = window.setTimeout(look, 400); });
    }

    start.addEventListener("click", function () {
      navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false })
        .then(function (s) {
          stream = s;
          video.srcObject = s;
          video.hidden = false; stop.hidden = false; start.hidden = true;
          return video.play();
        })
        .then(look)
        .catch(function () { document.getElementById("checkin-camera-error").hidden = false; close(); });
    });
    stop.addEventListener("click", close);
    camera.hidden = false;
  }

  if (form && camera) {
    var canScan = "BarcodeDetector" in window && navigator.mediaDevices && navigator.mediaDevices.getUserMedia;
    if (canScan && window.BarcodeDetector.getSupportedFormats) {
      window.BarcodeDetector.getSupportedFormats().then(function (formats) {
        if (formats.indexOf("qr_code") >= 0) { startCamera(); } else { noCamera.hidden = false; }
      }, function () { noCamera.hidden = false; });
    } else {
      noCamera.hidden = false;
    }
  }

  // Live counts.
  var counts = document.getElementById("checkin-counts");
  if (!counts || !window.fetch) { return; }
  var etag = null;
  var interval = parseInt(counts.getAttribute("data-interval"), 10) || 5000;

  function set(scope, name, value) {
    var el = scope.querySelector('[data-field="' + name + '"]');
    if (el) { el.textContent = String(value); }
  }

  function show(data) {
    data.delegations.forEach(function (row) {
      var tr = counts.querySelector('tr[data-party="' + row.party + '"]');
      if (tr) { set(tr, "present", row.present); set(tr, "registered", row.registered); }
    });
    set(counts, "present-all", data.present);
    set(counts, "registered-all", data.registered);
    set(counts, "ms-present", data.member_states.present);
    set(counts, "ms-taking-part", data.member_states.taking_part);
    set(counts, "ms-needed", data.member_states.needed);
    var quorum = document.getElementById("checkin-quorum");
    quorum.className = "checkin-quorum " + (data.quorum ? "quorum-yes" : "quorum-no");
    set(quorum, "quorum", quorum.getAttribute(data.quorum ? "data-yes" : "data-no"));
  }

  function poll() {
    var headers = etag ? { "If-None-Match": etag } : {};
    window.fetch(counts.getAttribute("data-url"), { headers: headers, credentials: "same-origin", cache: "no-store" })
      .then(function (response) {
        if (response.status === 200) {
          etag = response.headers.get("ETag");
          return response.json().then(show);
        }
        return null;
      })
      .catch(function () { return null; })
      .then(function () { window.setTimeout(poll, interval); });
  }
  window.setTimeout(poll, interval);
}());
