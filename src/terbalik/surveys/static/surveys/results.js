/* Draws one horizontal bar chart per question from the JSON in #chart-data.
   Every chart has a table with the same numbers next to it (the accessible alternative). */
(function () {
  var source = document.getElementById("chart-data");
  if (!source || typeof Chart === "undefined") { return; }
  var charts = JSON.parse(source.textContent);
  charts.forEach(function (chart) {
    var canvas = document.getElementById(chart.id);
    if (!canvas) { return; }
    // Long answer labels would push the bars off a phone screen (and be cut off anyway):
    // shorten them to fit; the table next to the chart always has the full text.
    var maxChars = Math.max(8, Math.floor(canvas.parentNode.clientWidth / 16));
    function shorten(value) {
      var label = String(chart.labels[value]);
      return label.length > maxChars ? label.slice(0, maxChars - 1).trimEnd() + "…" : label;
    }
    new Chart(canvas, {
      type: "bar",
      data: {
        labels: chart.labels,
        datasets: [{ data: chart.counts, backgroundColor: "#0b5d4b", borderRadius: 3 }]
      },
      options: {
        indexAxis: "y",
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        plugins: { legend: { display: false } },
        scales: {
          x: { beginAtZero: true, ticks: { precision: 0 } },
          y: { ticks: { callback: shorten } }
        }
      }
    });
  });
})();
