/* Copy buttons beside calendar addresses. Without JavaScript the button stays hidden and the
   address is a read-only field to select and copy by hand. */
(function () {
  "use strict";

  function copyBySelection(field) {
    field.select();
    try { return document.execCommand("copy"); } catch (e) { return false; }
  }

  document.querySelectorAll("input.copy-source").forEach(function (field) {
    field.addEventListener("focus", function () { field.select(); });
  });

  document.querySelectorAll("button.copy-button[data-copy-target]").forEach(function (button) {
    var field = document.getElementById(button.getAttribute("data-copy-target"));
    var status = document.getElementById(button.getAttribute("data-status"));
    if (!field) { return; }

    function report(copied) {
      if (status) { status.textContent = button.getAttribute(copied ? "data-copied" : "data-failed"); }
      if (!copied) { field.focus(); }
    }

    button.addEventListener("click", function () {
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(field.value).then(
          function () { report(true); },
          function () { report(copyBySelection(field)); }
        );
      } else {
        report(copyBySelection(field));
        button.focus();
      }
    });
    button.hidden = false;
  });
}());
