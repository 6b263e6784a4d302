/* Charts of the program report from the JSON in #report-charts. Every chart has a table with
   the same numbers next to it (the accessible alternative). */
(function () {
  var source = document.getElementById("report-charts");
  if (!source || typeof Chart === "undefined") { return; }
  var data = JSON.parse(source.textContent);
  var labels = JSON.parse(document.getElementById("report-labels").textContent);
  var green = "#0b5d4b", grey = "#9aa5b1";
  var weeks = document.getElementById("weeks-chart");
  if (weeks && data.weeks.labels.length) {  /* the page shows an empty state instead */
    new Chart(weeks, {
      type: "bar",
      data: { labels: data.weeks.labels, datasets: [
        { label: labels.planned, data: data.weeks.planned, backgroundColor: grey },
        { label: labels.held, data: data.weeks.held, backgroundColor: green }
      ] },
      options: { responsive: true, maintainAspectRatio: false, animation: false,
                 scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } }
    });
  }
  data.outcomes.forEach(function (o) {
    var canvas = document.getElementById(o.id);
    if (!canvas) { return; }
    new Chart(canvas, {
      type: "bar",
      data: { labels: [labels.before, labels.after],
              datasets: [{ label: o.label, data: [o.before, o.after],
                           backgroundColor: [grey, green] }] },
      options: { indexAxis: "y", responsive: true, maintainAspectRatio: false, animation: false,
                 plugins: { legend: { display: false } }, scales: { x: { beginAtZero: true } } }
    });
  });
  var survival = document.getElementById("survival-chart");
  if (survival && (data.survival.participants.length > 1 ||
                   data.survival.comparison.length > 1)) {
    new Chart(survival, {
      type: "line",
      data: { datasets: [
        { label: labels.participants, data: data.survival.participants, stepped: true,
          borderColor: green, backgroundColor: green },
        { label: labels.comparison, data: data.survival.comparison, stepped: true,
          borderColor: grey, backgroundColor: grey }
      ] },
      options: { responsive: true, maintainAspectRatio: false, animation: false,
                 scales: { x: { type: "linear", title: { display: true, text: labels.months } },
                           y: { min: 0, max: 100, title: { display: true, text: "%" } } } }
    });
  }
})();
