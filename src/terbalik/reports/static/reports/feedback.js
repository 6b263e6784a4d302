/* Session ratings per week on the feedback page, from the JSON in #feedback-chart. The canvas
   is only in the page when there is something to draw; the table next to it has the same
   numbers. */
(function () {
  var canvas = document.getElementById("ratings-chart");
  var source = document.getElementById("feedback-chart");
  if (!canvas || !source || typeof Chart === "undefined") { return; }
  var data = JSON.parse(source.textContent);
  var labels = JSON.parse(document.getElementById("feedback-labels").textContent);
  if (!data.labels.length) { return; }
  var colours = ["#8c2d19", "#c0762b", "#9aa5b1", "#4f8f7a", "#0b5d4b"];
  new Chart(canvas, {
    type: "bar",
    data: { labels: data.labels, datasets: data.series.map(function (s, i) {
      return { label: labels.ratings[i], data: s.data, backgroundColor: colours[i] };
    }) },
    options: { responsive: true, maintainAspectRatio: false, animation: false,
               scales: { x: { stacked: true, title: { display: true, text: labels.week } },
                         y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } } }
  });
})();
