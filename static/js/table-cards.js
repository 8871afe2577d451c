/* On a phone a table becomes one card per row (app.css, .cards-on-phone), each cell headed by the
   name of its column (data-label), taken here from the table's head so that no template repeats
   it. A table that lays itself out (the month grid) or already names its cells is left alone.
   Without JavaScript a wide table scrolls sideways in its box. */
(function () {
  "use strict";

  // The column's name as a person sees it: texts meant for screen readers only and notes left out.
  function visibleName(cell) {
    var copy = cell.cloneNode(true);
    copy.querySelectorAll(".visually-hidden, .meta").forEach(function (hidden) { hidden.remove(); });
    return copy.textContent.replace(/\s+/g, " ").trim();
  }

  document.querySelectorAll("main table:not(.cards-on-phone):not(.month-grid)").forEach(function (table) {
    var names = [];
    var head = table.tHead && table.tHead.rows[table.tHead.rows.length - 1];
    if (head) {
      Array.prototype.forEach.call(head.cells, function (cell) {
        for (var i = 0; i < cell.colSpan; i += 1) { names.push(visibleName(cell)); }
      });
    }
    Array.prototype.forEach.call(table.tBodies, function (body) {
      Array.prototype.forEach.call(body.rows, function (row) {
        var column = 0;
        Array.prototype.forEach.call(row.cells, function (cell) {
          if (cell.tagName === "TD" && names[column] && !cell.hasAttribute("data-label")) {
            cell.setAttribute("data-label", names[column]);
          }
          column += cell.colSpan;
        });
      });
    });
    table.classList.add("cards-on-phone");
  });
}());
