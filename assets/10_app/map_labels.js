/* Crowded maps (more than 20 Gemeinden): the labels the map has room for at the size it is drawn.
 *
 * The server already leaves out the labels that would overlap on a typical explorer map
 * (figures.legible_labels) and sends each shown label's rank in the label trace's customdata:
 * 0 for the selected Gemeinde, then the larger Gemeinden first. A map drawn smaller than that,
 * or with a label font larger for its size (app.css keeps labels at 9 px at least), would let
 * some of them run into each other; after every drawing this hides, rank by rank, each label
 * that would touch one already kept. Its name stays in the hover. Small Kreise send no ranks
 * and keep every label.
 */
(function () {
  "use strict";

  const GAP = 1; // px between two kept labels
  const LABEL_TRACE = 2; // figures.map_base: values, no value, labels, signs

  function declutter(gd) {
    const trace = gd.data && gd.data[LABEL_TRACE];
    const ranks = trace && trace.customdata;
    if (!Array.isArray(ranks) || !ranks.length) return;
    const items = [];
    gd.querySelectorAll(".scattergeo text").forEach((node, order) => {
      node.style.visibility = "";
      if (!node.textContent.trim()) return;
      // plotly draws no node for an empty label: the point's index comes with the node's data.
      const datum = node.parentNode && node.parentNode.__data__;
      const index = datum && Number.isInteger(datum.i) ? datum.i : order;
      const rank = Number(ranks[index]);
      items.push({ node, rank: Number.isFinite(rank) ? rank : Infinity, index });
    });
    items.sort((a, b) => a.rank - b.rank || a.index - b.index);
    const kept = [];
    for (const item of items) {
      const box = item.node.getBoundingClientRect();
      if (!box.width) continue; // hidden by app.css (a phone-sized map) or not laid out
      const touches = kept.some(
        (other) =>
          box.left < other.right + GAP &&
          other.left < box.right + GAP &&
          box.top < other.bottom + GAP &&
          other.top < box.bottom + GAP,
      );
      if (touches) {
        item.node.style.visibility = "hidden";
      } else {
        kept.push(box);
      }
    }
  }

  function watch(gd) {
    if (gd.dataset.bmLabels) return;
    gd.dataset.bmLabels = "1";
    gd.on("plotly_afterplot", () => declutter(gd));
    declutter(gd);
  }

  function scan() {
    document.querySelectorAll(".bm-map .js-plotly-plot, .bm-present-graph .js-plotly-plot").forEach((gd) => {
      if (typeof gd.on === "function") watch(gd);
    });
  }

  function start() {
    scan();
    new MutationObserver(scan).observe(document.body, { childList: true, subtree: true });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
