/* Presentation mode: keys, clicker, full screen and the Gemeinde card, all in the browser.
 *
 * The page holds every slide (texts rendered by the server, figures in a store); a key
 * press only sets the slide index, and the clientside callback "show" switches texts
 * and figure. Presenter clickers send PageDown / PageUp.
 */
(function () {
  "use strict";

  const BASE_WIDTH = 1920;
  const BASE_HEIGHT = 1080;
  const state = { deck: null, index: 0, slides: null };

  function root() {
    return document.querySelector(".bm-presentation");
  }

  function noUpdate() {
    return window.dash_clientside.no_update;
  }

  function setProps(id, props) {
    window.dash_clientside.set_props(id, props);
  }

  function sync() {
    const page = root();
    if (page && state.deck !== page.dataset.deck) {
      state.deck = page.dataset.deck;
      state.index = 0;
    }
    return page;
  }

  function go(target) {
    const page = sync();
    if (!page) return;
    const count = Number.parseInt(page.dataset.count, 10) || 1;
    const next = Math.max(0, Math.min(count - 1, target));
    closeCard();
    if (next === state.index) return;
    state.index = next;
    setProps("present-index", { data: next });
  }

  function cardOpen() {
    const overlay = document.getElementById("present-overlay");
    return overlay !== null && !overlay.hidden;
  }

  function closeCard() {
    if (!cardOpen()) return;
    setProps("present-overlay", { hidden: true });
    const map = document.getElementById("present-map");
    if (map) map.focus({ preventScroll: true });
  }

  function toExplorer() {
    const slide = state.slides && state.slides[state.index];
    const href = (slide && slide.explorer) || "/";
    if (document.fullscreenElement) document.exitFullscreen().catch(() => undefined);
    window.history.pushState({}, "", href);
    window.dispatchEvent(new CustomEvent("_dashprivate_pushstate"));
  }

  function toggleFullscreen() {
    if (document.fullscreenElement) {
      document.exitFullscreen().catch(() => undefined);
    } else if (document.documentElement.requestFullscreen) {
      document.documentElement.requestFullscreen().catch(() => undefined);
    }
  }

  document.addEventListener("keydown", function (event) {
    if (!sync() || event.altKey || event.ctrlKey || event.metaKey) return;
    const key = event.key;
    let handled = true;
    if (key === "ArrowRight" || key === "PageDown" || key === " " || key === "Spacebar") go(state.index + 1);
    else if (key === "ArrowLeft" || key === "PageUp") go(state.index - 1);
    else if (key === "Home") go(0);
    else if (key === "End") go(Number.MAX_SAFE_INTEGER);
    else if (key === "f" || key === "F") toggleFullscreen();
    else if (key === "Escape") {
      if (cardOpen()) closeCard();
      else toExplorer();
    } else handled = false;
    if (handled) event.preventDefault();
  });

  // A click on the dimmed backdrop closes the card, like Esc.
  document.addEventListener("click", function (event) {
    if (event.target && event.target.id === "present-overlay") closeCard();
  });

  let resizeTimer = null;
  window.addEventListener("resize", function () {
    if (!root()) return;
    window.clearTimeout(resizeTimer);
    resizeTimer = window.setTimeout(function () {
      setProps("present-size", { data: [window.innerWidth, window.innerHeight] });
    }, 150);
  });

  function scale() {
    const factor = Math.min(window.innerWidth / BASE_WIDTH, window.innerHeight / BASE_HEIGHT);
    return Math.max(0.6, Math.min(1.6, factor));
  }

  function sized(figure) {
    const copy = JSON.parse(JSON.stringify(figure));
    const f = scale();
    const labels = copy.data[2];
    if (labels && labels.textfont) labels.textfont.size = Math.max(13, Math.round(labels.textfont.size * f));
    const bar = copy.data[0] && copy.data[0].colorbar;
    if (bar) {
      bar.thickness = Math.round(bar.thickness * f);
      if (bar.tickfont) bar.tickfont.size = Math.max(14, Math.round(bar.tickfont.size * f));
      if (bar.title && bar.title.font) bar.title.font.size = Math.max(14, Math.round(bar.title.font.size * f));
    }
    return copy;
  }

  function el(type, props, children) {
    return { type: type, namespace: "dash_html_components", props: Object.assign({ children: children }, props) };
  }

  function trendFigure(slide, region) {
    const f = Math.max(0.75, scale());
    const line = (name, points, colour, dash, width) => ({
      type: "scatter",
      mode: "lines+markers",
      name: name,
      x: points.years,
      y: points.values,
      connectgaps: false,
      line: { color: colour, dash: dash, width: width },
      marker: { size: 8 * f },
      hovertemplate: "%{x}: %{y}<extra>" + name + "</extra>",
    });
    return {
      data: [
        line(region.name, region.trend, "#1f4e99", "solid", 4),
        line(slide.kreis.name, slide.kreis.trend, "#d55e00", "solid", 3),
        line(slide.land.name, slide.land.trend, "#555555", "dot", 3),
      ],
      layout: {
        separators: ",.",
        font: { family: "DejaVu Sans, Arial, sans-serif", size: Math.round(20 * f), color: "#111111" },
        margin: { l: 70 * f, r: 20, t: 10, b: 40 * f },
        legend: { orientation: "h", y: -0.2 },
        xaxis: { dtick: 1, tickformat: "d", showgrid: false },
        yaxis: { title: { text: slide.unit || "" }, gridcolor: "#dddddd", zeroline: false },
        paper_bgcolor: "white",
        plot_bgcolor: "white",
        height: Math.max(220, Math.round(window.innerHeight * 0.32)),
      },
    };
  }

  window.dash_clientside = Object.assign({}, window.dash_clientside, {
    bm_present: {
      show: function (index, _size, slides) {
        if (!Array.isArray(slides) || slides.length === 0) {
          return [noUpdate(), noUpdate(), noUpdate(), noUpdate(), noUpdate()];
        }
        sync();
        state.slides = slides;
        const i = Math.max(0, Math.min(slides.length - 1, index || 0));
        state.index = i;
        const slide = slides[i];
        const hidden = slides.map((_, k) => k !== i);
        const graph = document.querySelector("#present-map");
        if (graph) graph.style.visibility = slide.figure ? "visible" : "hidden";
        const figure = slide.figure ? sized(slide.figure) : noUpdate();
        return [figure, hidden, hidden, hidden, i + 1 + " / " + slides.length];
      },
      card: function (click, _close, index, slides) {
        const triggered = window.dash_clientside.callback_context.triggered.map((t) => t.prop_id);
        if (triggered.some((id) => id.startsWith("present-close"))) {
          window.setTimeout(closeCard, 0);
          return [true, noUpdate(), noUpdate()];
        }
        const slide = Array.isArray(slides) ? slides[index || 0] : null;
        const point = click && click.points && click.points[0];
        const region = slide && slide.regions && point && slide.regions[point.location];
        if (!region) return [noUpdate(), noUpdate(), noUpdate()];
        const row = (name, value, level) =>
          el("Div", { className: "bm-card-row", "data-level": level }, [
            el("Span", { className: "bm-card-name" }, name),
            el("Span", { className: "bm-card-value" }, value),
          ]);
        const body = [
          el("H2", { className: "bm-card-title", id: "present-card-title" }, region.name),
          el("Div", { className: "bm-card-period" }, (slide.title || "").split(",")[0] + " · " + slide.period),
          el("Div", { className: "bm-card-main" }, region.value),
          row(slide.kreis.name, slide.kreis_value, "Kreis"),
          row(slide.land.name, slide.land_value, "Land"),
        ];
        window.setTimeout(function () {
          const button = document.getElementById("present-close");
          if (button) button.focus({ preventScroll: true });
        }, 50);
        return [false, body, trendFigure(slide, region)];
      },
    },
  });
})();
