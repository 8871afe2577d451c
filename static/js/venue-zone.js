/* The meeting's time zone follows the venue chosen: each venue option carries its zone
   (data-timezone). Without JavaScript the organizer picks the zone by hand, as before. */
(function () {
  "use strict";

  var venue = document.getElementById("venue_id");
  var zone = document.getElementById("timezone");
  if (!venue || !zone) { return; }

  venue.addEventListener("change", function () {
    var chosen = venue.options[venue.selectedIndex];
    var tz = chosen && chosen.getAttribute("data-timezone");
    if (tz && zone.querySelector('option[value="' + tz + '"]')) {
      zone.value = tz;
      zone.dispatchEvent(new Event("change", { bubbles: true }));
    }
  });
})();
