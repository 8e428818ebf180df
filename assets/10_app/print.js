/* Printing a theme page: the map redrawn at a size that fits an A4 landscape sheet beside the
 * reference values (the print layout itself is the @media print part of app.css).
 *
 * plotly draws its SVG in screen pixels and does not follow the print layout by itself, so the
 * map gets a fixed print size when printing starts (beforeprint, or print media being emulated)
 * and follows its container again afterwards.
 */
(function () {
  "use strict";

  const PRINT_SIZE = {width: 700, height: 560}; // CSS px: 185 × 148 mm, beside the references on A4 landscape
  const SCREEN_SIZE = {width: null, height: null, autosize: true};

  function resizeMaps(size) {
    if (!window.Plotly) return;
    document.querySelectorAll(".bm-theme .bm-map .js-plotly-plot").forEach((graph) => {
      window.Plotly.relayout(graph, size);
    });
  }

  window.addEventListener("beforeprint", () => resizeMaps(PRINT_SIZE));
  window.addEventListener("afterprint", () => resizeMaps(SCREEN_SIZE));
  const print = window.matchMedia("print");
  print.addEventListener("change", (event) => resizeMaps(event.matches ? PRINT_SIZE : SCREEN_SIZE));
})();
