/* Sortable value tables: a press on a column heading sorts the rows, a second press reverses.
 *
 * Rows carry their sort keys in data-sort (numbers as plain decimals); rows without a value
 * stay at the end in both directions, so a sign never sorts as if it were 0.
 */
(function () {
  "use strict";

  function key(row, column) {
    const cell = row.children[column];
    return cell ? cell.getAttribute("data-sort") || "" : "";
  }

  document.addEventListener("click", function (event) {
    const button = event.target.closest && event.target.closest("button.bm-sort");
    if (!button) return;
    const heading = button.closest("th");
    const table = button.closest("table");
    const body = table && table.querySelector("tbody.bm-sortable");
    if (!heading || !body) return;
    const column = Number.parseInt(button.dataset.column, 10);
    const numeric = button.dataset.numeric === "1";
    const ascending = heading.getAttribute("aria-sort") !== "ascending";
    const rows = Array.from(body.rows);
    rows.sort(function (a, b) {
      const x = key(a, column);
      const y = key(b, column);
      if (x === "" || y === "") return x === y ? 0 : x === "" ? 1 : -1;
      const order = numeric ? Number(x) - Number(y) : x.localeCompare(y, "de");
      return ascending ? order : -order;
    });
    rows.forEach((row) => body.appendChild(row));
    table.querySelectorAll("thead th").forEach((th) => th.setAttribute("aria-sort", "none"));
    heading.setAttribute("aria-sort", ascending ? "ascending" : "descending");
  });
})();
