/* 实践锻炼统计 (templates/postings/statistics.html): three bar charts of counts and one stacked by year. */
(function () {
  "use strict";
  var stats = AppCharts.data("posting-stats");
  if (!stats) { return; }
  function bar(id, pairs) {
    var chart = AppCharts.chart(id);
    if (!chart) { return; }
    chart.setOption({
      tooltip: {formatter: AppCharts.tooltip}, grid: {left: 40, right: 10, top: 10, bottom: 40},
      xAxis: {type: "category", data: pairs.map(function (p) { return p[0]; }), axisLabel: {interval: 0}},
      yAxis: {type: "value", minInterval: 1},
      series: [{type: "bar", data: pairs.map(function (p) { return p[1]; }), label: {show: true, position: "top"}}]
    });
  }
  bar("chart-kind", stats.by_kind);
  bar("chart-front-line", stats.by_front_line);
  bar("chart-category", stats.first_secretaries_by_category);
  var byYear = AppCharts.chart("chart-year");
  if (byYear) {
    byYear.setOption({
      tooltip: {trigger: "axis", formatter: AppCharts.tooltip}, legend: {top: 0},
      grid: {left: 40, right: 10, top: 30, bottom: 30},
      xAxis: {type: "category", data: stats.years}, yAxis: {type: "value", minInterval: 1},
      series: stats.by_year.map(function (p) { return {name: p[0], type: "bar", stack: "all", data: p[1]}; })
    });
  }
})();
