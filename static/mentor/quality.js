/* Draws the quality self-assessment radar with Chart.js from the data the page embeds
   (json_script #quality-radar): one series per assessment, axes = domain × phase, scores
   in percent. The table beside the chart holds the same figures for assistive
   technologies; the canvas is an image with a text alternative. */
(function () {
  "use strict";
  // DSFR "illustrative" colours, with transparent fills so that series stay readable.
  var palette = ["#000091", "#e18b76", "#009081", "#c8aa39", "#6a6af4", "#a558a0"];

  function fill(hex) {
    var n = parseInt(hex.slice(1), 16);
    return "rgba(" + (n >> 16) + "," + ((n >> 8) & 255) + "," + (n & 255) + ",0.15)";
  }

  function draw() {
    var source = document.getElementById("quality-radar");
    var canvas = document.querySelector("canvas[data-radar]");
    if (!source || !canvas || typeof Chart === "undefined" || Chart.getChart(canvas)) return;
    var spec = JSON.parse(source.textContent);
    var style = getComputedStyle(document.documentElement);
    Chart.defaults.color = style.getPropertyValue("--text-default-grey").trim() || "#3a3a3a";
    Chart.defaults.font.family = "Marianne, arial, sans-serif";
    var datasets = spec.datasets.map(function (set, i) {
      var colour = palette[i % palette.length];
      return {
        label: set.label,
        data: set.data,
        borderColor: colour,
        backgroundColor: fill(colour),
        pointBackgroundColor: colour,
        spanGaps: false,
      };
    });
    new Chart(canvas, {
      type: "radar",
      data: {labels: spec.labels, datasets: datasets},
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        scales: {r: {
          min: 0,
          max: 100,
          ticks: {stepSize: 25, backdropColor: "transparent", callback: function (v) { return v + " %"; }},
          pointLabels: {font: {size: 12}},
        }},
        plugins: {legend: {position: "bottom"}, tooltip: {callbacks: {label: function (ctx) {
          return ctx.dataset.label + " : " + (ctx.raw === null ? "—" : ctx.raw + " %");
        }}}},
      },
    });
    canvas.dataset.drawn = "true";
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
