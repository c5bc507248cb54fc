/* 培训统计 (templates/training/statistics.html): sessions and attendances by year. The series names come
   from the chart element's data-* attributes, translated in the template. */
(function () {
  "use strict";
  var chart = AppCharts.chart("training-chart");
  var data = AppCharts.data("training-chart-data");
  if (!chart || !data) { return; }
  var labels = chart.getDom().dataset;
  chart.setOption({
    tooltip: {trigger: "axis", formatter: AppCharts.tooltip},
    legend: {data: [labels.sessions, labels.attendances]},
    xAxis: {type: "category", data: data.years},
    yAxis: [{type: "value", name: labels.sessions}, {type: "value", name: labels.people}],
    series: [
      {name: labels.sessions, type: "bar", data: data.sessions},
      {name: labels.attendances, type: "bar", yAxisIndex: 1, data: data.attendances}
    ]
  });
})();
