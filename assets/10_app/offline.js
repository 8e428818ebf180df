/* When the server does not answer a callback, say so instead of silently keeping an old view.
 *
 * Dash sends every server-side callback as a fetch() to /_dash-update-component. This wrapper
 * watches those requests: a network failure (server stopped, cable out) or a 5xx answer shows
 * the banner #offline-banner (layouts/shell.py; role="alert", text from its data-message) and
 * marks <main> with .bm-stale, which app.css uses to dim maps, charts and panels and to add
 * "Ansicht nicht aktualisiert" to the year. The next answered request clears both.
 *
 * A failed request is handed to Dash as "204 No Content", Dash's "nothing to update": the view
 * keeps its previous state and Dash logs no error of its own, the banner being the message.
 * A 5xx answer is passed on unchanged (Dash logs it; the server log has the cause).
 * The Content-Security-Policy allows scripts from 'self' only, hence a file and no inline code.
 */
(function () {
  "use strict";

  const UPDATE_PATH = "/_dash-update-component";
  const BANNER_ID = "offline-banner";
  const STALE_CLASS = "bm-stale";
  const originalFetch = window.fetch;
  if (typeof originalFetch !== "function") return;

  function isCallbackRequest(resource) {
    const url = typeof resource === "string" || resource instanceof URL ? String(resource) : resource && resource.url;
    if (!url) return false;
    try {
      return new URL(url, window.location.href).pathname.endsWith(UPDATE_PATH);
    } catch (error) {
      return false;
    }
  }

  function showStale(stale) {
    const main = document.querySelector("main");
    if (main) main.classList.toggle(STALE_CLASS, stale);
    const banner = document.getElementById(BANNER_ID);
    if (!banner) return;
    // Fill the alert when it appears, so screen readers announce it; empty it when it goes.
    const text = stale ? banner.getAttribute("data-message") || "" : "";
    if (banner.textContent !== text) banner.textContent = text;
    banner.hidden = !stale;
  }

  window.fetch = function (resource, options) {
    const request = originalFetch.apply(this, arguments);
    if (!isCallbackRequest(resource)) return request;
    return request.then(
      (response) => {
        showStale(response.status >= 500);
        return response;
      },
      (error) => {
        if (options && options.signal && options.signal.aborted) throw error; // cancelled on purpose
        showStale(true);
        console.warn("Bildungsmonitor: Server antwortet nicht (" + error + ")");
        return new Response(null, {status: 204, statusText: "No Content"});
      }
    );
  };
})();
