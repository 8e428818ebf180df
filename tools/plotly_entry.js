// The Bildungsmonitor's plotly.js: the core and only the trace types the app draws
// (scatter comes with the core). Built by `make plotly-bundle`.
var Plotly = require("plotly.js/lib/core");
Plotly.register([
  require("plotly.js/lib/bar"),
  require("plotly.js/lib/choropleth"),
  require("plotly.js/lib/scattergeo"),
]);
// Offline by default, for every plot, with or without the app's graph config: the base map
// comes from the server's own stub (not https://cdn.plot.ly/un/), and nothing links or sends
// to plotly's cloud (https://cloud.plotly.com/newchart) or shows the logo (https://plotly.com/).
Plotly.setPlotConfig({
  topojsonURL: "/assets/topojson/",
  displaylogo: false,
  showLink: false,
  showSendToCloud: false,
  showEditInChartStudio: false,
});
module.exports = Plotly;
