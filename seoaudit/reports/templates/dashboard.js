(function () {
  "use strict";
  var table = document.getElementById("pages");
  if (!table || !table.tBodies.length) { return; }
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var text = document.getElementById("filter");
  var status = document.getElementById("status-filter");

  function applyFilter() {
    var q = text ? text.value.trim().toLowerCase() : "";
    var s = status ? status.value : "";
    rows.forEach(function (row) {
      var show = (!q || row.textContent.toLowerCase().indexOf(q) !== -1) && (!s || row.getAttribute("data-status") === s);
      row.hidden = !show;
    });
  }

  function cellValue(row, index, kind) {
    var cell = row.cells[index];
    if (!cell) { return kind === "num" ? 0 : ""; }
    if (kind === "num") {
      var v = parseFloat(cell.getAttribute("data-v"));
      return isNaN(v) ? 0 : v;
    }
    return cell.textContent.trim().toLowerCase();
  }

  Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, index) {
    var kind = th.getAttribute("data-sort");
    if (!kind) { return; }
    th.tabIndex = 0;
    function sort() {
      var asc = th.getAttribute("aria-sort") !== "ascending";
      Array.prototype.forEach.call(table.tHead.rows[0].cells, function (other) { other.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", asc ? "ascending" : "descending");
      rows.sort(function (a, b) {
        var x = cellValue(a, index, kind), y = cellValue(b, index, kind);
        return (x < y ? -1 : x > y ? 1 : 0) * (asc ? 1 : -1);
      });
      rows.forEach(function (row) { body.appendChild(row); });
    }
    th.addEventListener("click", sort);
    th.addEventListener("keydown", function (e) { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); sort(); } });
  });
  if (text) { text.addEventListener("input", applyFilter); }
  if (status) { status.addEventListener("change", applyFilter); }
})();
