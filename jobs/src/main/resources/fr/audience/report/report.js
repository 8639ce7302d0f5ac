// Draws each KPI panel's trend from the JSON in #donnees. No network, no animation (the page is
// printed and screenshotted as it is), French number formats.
(function () {
  'use strict';
  var palette = ['#0072B2', '#E69F00', '#009E73', '#D55E00', '#CC79A7', '#56B4E9', '#000000', '#999999'];
  var data = JSON.parse(document.getElementById('donnees').textContent);
  var nombre = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 2 });
  data.charts.forEach(function (chart) {
    var canvas = document.getElementById(chart.canvas);
    new Chart(canvas, {
      type: 'line',
      data: {
        labels: chart.labels,
        datasets: chart.series.map(function (s, i) {
          var couleur = palette[i % palette.length];
          return { label: s.name, data: s.values, borderColor: couleur, backgroundColor: couleur,
            borderWidth: 2, pointRadius: chart.labels.length > 1 ? 2 : 4, spanGaps: true, tension: 0 };
        })
      },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        locale: 'fr-FR',
        interaction: { mode: 'index', intersect: false },
        scales: {
          y: { title: { display: true, text: chart.unit },
            ticks: { callback: function (v) { return nombre.format(v); } } }
        },
        plugins: {
          legend: { position: 'bottom', labels: { boxWidth: 12 } },
          tooltip: { callbacks: { label: function (c) {
            return c.dataset.label + ' : ' + (c.parsed.y === null ? '—' : nombre.format(c.parsed.y) + ' ' + chart.unit);
          } } }
        }
      }
    });
  });
  document.body.setAttribute('data-graphiques', String(data.charts.length));
})();
