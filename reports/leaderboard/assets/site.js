// xlt-bench leaderboard: progressive enhancement. Without this script every
// page is complete (tables in build order, charts as inline SVG); with it a
// table sorts by a click on (or Enter in) its header, and charts are redrawn
// live by Vega from the spec embedded next to them, with tooltips.
(function () {
  "use strict";
  function value(cell, numeric) {
    const raw = cell.hasAttribute("data-sort") ? cell.getAttribute("data-sort") : cell.textContent.trim();
    if (!numeric) return raw.toLowerCase();
    const n = parseFloat(raw);
    return isNaN(n) ? null : n;
  }
  function sortBy(table, index, th) {
    const numeric = th.classList.contains("num");
    const dir = th.getAttribute("aria-sort") === "ascending" ? "descending" : "ascending";
    table.querySelectorAll("thead th").forEach(function (h) { h.setAttribute("aria-sort", "none"); });
    th.setAttribute("aria-sort", dir);
    const body = table.tBodies[0];
    const rows = Array.prototype.slice.call(body.rows);
    const sign = dir === "ascending" ? 1 : -1;
    rows.sort(function (a, b) {
      const x = value(a.cells[index], numeric), y = value(b.cells[index], numeric);
      if (x === null && y === null) return 0;
      if (x === null) return 1; // empty cells last, whatever the direction
      if (y === null) return -1;
      return (x < y ? -1 : x > y ? 1 : 0) * sign;
    });
    rows.forEach(function (r) { body.appendChild(r); });
  }
  document.querySelectorAll("table.sortable").forEach(function (table) {
    table.querySelectorAll("thead th").forEach(function (th, i) {
      th.tabIndex = 0;
      th.setAttribute("aria-sort", "none");
      th.addEventListener("click", function () { sortBy(table, i, th); });
      th.addEventListener("keydown", function (e) { if (e.key === "Enter") sortBy(table, i, th); });
    });
  });
  if (!globalThis.vega) return;
  document.querySelectorAll("figure.chart").forEach(function (fig) {
    const specEl = fig.querySelector("script.vega-spec");
    const staticEl = fig.querySelector(".static");
    if (!specEl || !staticEl) return;
    const holder = document.createElement("div");
    holder.className = "live";
    const view = new globalThis.vega.View(globalThis.vega.parse(JSON.parse(specEl.textContent)), { renderer: "svg", container: holder, hover: true });
    view.runAsync().then(function () {
      staticEl.replaceWith(holder);
      fig.setAttribute("data-live", "true");
    }, function (e) {
      console.warn("live chart failed; the static one stays: " + e);
      view.finalize();
    });
  });
})();
