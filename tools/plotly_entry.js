// The Bildungsmonitor's plotly.js: the core and only the trace types the app draws
// (scatter comes with the core). Built by `make plotly-bundle`; see assets/00_vendor/README.
var Plotly = require("plotly.js/lib/core");
Plotly.register([
  require("plotly.js/lib/bar"),
  require("plotly.js/lib/choropleth"),
  require("plotly.js/lib/scattergeo"),
]);
module.exports = Plotly;
