// The dashboard's aging charts (Chart.js): one bar chart per currency, from the figures the page carries in data-* attributes.
document.querySelectorAll('canvas.aging-chart').forEach(function (canvas) {
  if (typeof Chart === 'undefined') {
    return;
  }
  new Chart(canvas, {
    type: 'bar',
    data: {
      labels: canvas.dataset.labels.split('|'),
      datasets: [{label: canvas.dataset.title + ' (' + canvas.dataset.currency + ')', data: canvas.dataset.values.split('|').map(Number)}]
    },
    options: {plugins: {legend: {display: true}}, scales: {y: {beginAtZero: true}}}
  });
});
