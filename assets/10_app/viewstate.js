/* The explorer's view lives in the address: /<theme>?indikator=ID&jahr=YYYY&gemeinde=AGS.
 *
 * Written after every view the server has drawn (never before: an address must not
 * promise a view that did not arrive), read back when the browser's back and forward
 * buttons step through the history. Copying the link works without a secure context
 * too, since the Landkreis's intranet serves plain http.
 */
(function () {
  "use strict";

  const DEFAULT_SCHEME = "stetig";

  function viewSearch(indicator, year, gemeinde, scheme, diverging) {
    const query = new URLSearchParams();
    if (indicator) query.set("indikator", indicator);
    if (year !== null && year !== undefined) query.set("jahr", String(year));
    if (gemeinde) query.set("gemeinde", gemeinde);
    if (scheme && scheme !== DEFAULT_SCHEME) query.set("klassen", scheme);
    if (Array.isArray(diverging) && diverging.length) query.set("abweichung", "1");
    // The language is part of the address too (lang=en); German is the default and not written.
    if (new URLSearchParams(window.location.search).get("lang") === "en") query.set("lang", "en");
    const text = query.toString();
    return text ? "?" + text : "";
  }

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).then(() => true, () => fallbackCopy(text));
    }
    return Promise.resolve(fallbackCopy(text));
  }

  function fallbackCopy(text) {
    const area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    let done = false;
    try {
      done = document.execCommand("copy");
    } catch (error) {
      done = false;
    }
    area.remove();
    return done;
  }

  function icon(name) {
    return {
      type: "I",
      namespace: "dash_html_components",
      props: { className: "bi " + name + " me-1", "aria-hidden": "true" },
    };
  }

  window.dash_clientside = Object.assign({}, window.dash_clientside, {
    bm_view: {
      /* After a drawn view: record it in the address and point "Zur Sitzungsmappe" at it. */
      record: function (_label, indicator, year, gemeinde, theme, scheme, diverging) {
        if (!theme) return window.dash_clientside.no_update;
        const search = viewSearch(indicator, year, gemeinde, scheme, diverging);
        const target = "/" + theme + search;
        const here = window.location.pathname + window.location.search;
        if (here !== target) {
          // The first view of a page completes its address; later ones are steps back can return to.
          const first = !window.location.search || window.location.pathname !== "/" + theme;
          if (first) window.history.replaceState(null, "", target);
          else window.history.pushState(null, "", target);
        }
        return "/sitzungsmappen/neu?thema=" + encodeURIComponent(theme) + (search ? "&" + search.slice(1) : "");
      },
      copy_link: function (clicks) {
        if (!clicks) return window.dash_clientside.no_update;
        const setProps = window.dash_clientside.set_props;
        const button = document.getElementById("copy-link");
        const said = (button && button.dataset) || {};
        copyText(window.location.href).then((done) => {
          setProps("copy-link", {
            children: done ? [icon("bi-check2"), said.done || ""] : [icon("bi-x"), said.failed || ""],
          });
        });
        return window.dash_clientside.no_update;
      },
    },
  });

  // Back and forward on the same theme page: set the controls to the address's view; the
  // view callback draws it. Another page is rendered by the router from the address itself.
  window.addEventListener("popstate", function () {
    const root = document.querySelector(".bm-theme[data-theme]");
    const setProps = window.dash_clientside && window.dash_clientside.set_props;
    if (!root || !setProps || window.location.pathname !== "/" + root.dataset.theme) return;
    const query = new URLSearchParams(window.location.search);
    const indicator = query.get("indikator");
    const year = Number.parseInt(query.get("jahr") || "", 10);
    if (indicator) setProps("indicator", { value: indicator });
    if (Number.isInteger(year)) setProps("year", { value: year });
    setProps("selected-gemeinde", { data: query.get("gemeinde") || null });
    if (document.getElementById("gemeinde-select")) {
      setProps("gemeinde-select", { value: query.get("gemeinde") || "keine" });
    }
    if (document.getElementById("map-scheme")) {
      setProps("map-scheme", { value: query.get("klassen") || DEFAULT_SCHEME });
      setProps("map-diverging", { value: query.get("abweichung") === "1" ? ["kreis"] : [] });
    }
  });
})();
