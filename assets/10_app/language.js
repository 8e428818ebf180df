/* The language switch in the header keeps the view: the current address (indicator, year,
 * Gemeinde, classes) with lang=en set or removed, loaded anew so every text is redrawn.
 */
(function () {
  "use strict";

  document.addEventListener("click", function (event) {
    const link = event.target.closest && event.target.closest("a.bm-language-switch[data-lang]");
    if (!link || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey) return;
    const url = new URL(window.location.href);
    if (link.dataset.lang === "en") url.searchParams.set("lang", "en");
    else url.searchParams.delete("lang");
    event.preventDefault();
    window.location.assign(url.toString());
  });
})();
