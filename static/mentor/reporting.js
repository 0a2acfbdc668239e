/* Draws the dashboard's charts with Chart.js from the data the page embeds
   (#reporting-charts), again after htmx replaced the results when filters change. Every
   chart repeats a table of the page: the canvas is an image with a text alternative, the
   table is what assistive technologies read. */
(function () {
  "use strict";
  // DSFR "illustrative" colours (blue France, macaron, green emeraude, yellow tournesol).
  var palette = ["#000091", "#e18b76", "#009081", "#c8aa39", "#6a6af4", "#a558a0"];

  function draw() {
    var source = document.getElementById("reporting-charts");
    if (!source || typeof Chart === "undefined") return;
    var charts = JSON.parse(source.textContent);
    var style = getComputedStyle(document.documentElement);
    Chart.defaults.color = style.getPropertyValue("--text-default-grey").trim() || "#3a3a3a";
    Chart.defaults.font.family = "Marianne, arial, sans-serif";
    var number = new Intl.NumberFormat(document.documentElement.lang || "fr", {maximumFractionDigits: 1});

    document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
      var spec = charts[canvas.dataset.chart];
      if (!spec || Chart.getChart(canvas)) return;
      var single = spec.type === "doughnut";
      var datasets = spec.datasets.map(function (set, i) {
        var colour = palette[i % palette.length];
        return {
          label: set.label,
          data: set.data,
          backgroundColor: single ? palette.slice(0, set.data.length) : colour,
          borderColor: spec.type === "line" ? colour : undefined,
          tension: 0.2,
        };
      });
      var options = {responsive: true, maintainAspectRatio: false, animation: false, plugins: {}};
      if (spec.type === "bar") {
        options.indexAxis = spec.horizontal ? "y" : "x";
        var valueAxis = spec.horizontal ? "x" : "y";
        options.scales = {};
        options.scales[valueAxis] = {beginAtZero: true};
        if (spec.percent) {
          options.scales[valueAxis].max = 100;
          options.plugins.tooltip = {callbacks: {label: function (ctx) {
            return ctx.dataset.label + " : " + number.format(ctx.raw) + " %";
          }}};
        }
      }
      new Chart(canvas, {type: spec.type, data: {labels: spec.labels, datasets: datasets}, options: options});
    });
  }

  // Bad filters answer 400 with the form and its French messages: show them too.
  document.addEventListener("htmx:beforeSwap", function (event) {
    if (event.detail.xhr.status === 400) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });
  document.addEventListener("htmx:afterSettle", function () {
    draw();
    // Tell keyboard and screen reader users where the new figures start.
    var target = document.getElementById("reporting-period") ||
      document.querySelector("#reporting-results [role=alert]");
    if (target) target.focus();
  });
  draw();
})();
