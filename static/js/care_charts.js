/* The care pages' charts: 督查检查考核事项精简情况 (templates/care/list.html) and 各楼栋入住情况
   (templates/care/housing_overview.html). Titles and series names come from the chart element's data-*
   attributes, translated in the template; building names are stored text and reach only escaped tooltips. */
(function () {
  "use strict";
  var inspection = AppCharts.chart("inspection-chart");
  var inspectionData = AppCharts.data("inspection-data");
  if (inspection && inspectionData) {
    var labels = inspection.getDom().dataset;
    inspection.setOption({
      title: {text: labels.title, left: "center", textStyle: {fontSize: 14}},
      tooltip: {trigger: "axis", formatter: AppCharts.tooltip}, legend: {bottom: 0},
      xAxis: {type: "category", data: inspectionData.years}, yAxis: {type: "value", minInterval: 1},
      series: [
        {name: labels.total, type: "bar", data: inspectionData.total},
        {name: labels.active, type: "line", data: inspectionData.active, label: {show: true}}
      ]
    });
  }
  var occupancy = AppCharts.chart("occupancy-chart");
  var occupancyData = AppCharts.data("occupancy-data");
  if (occupancy && occupancyData) {
    var names = occupancy.getDom().dataset;
    occupancy.setOption({
      title: {text: names.title, left: "center", textStyle: {fontSize: 14}},
      tooltip: {trigger: "axis", formatter: AppCharts.tooltip}, legend: {bottom: 0},
      xAxis: {type: "category", data: occupancyData.categories,
              axisLabel: {interval: 0, rotate: occupancyData.categories.length > 8 ? 30 : 0}},
      yAxis: {type: "value", minInterval: 1},
      series: [
        {name: names.occupied, type: "bar", stack: "flats", data: occupancyData.occupied},
        {name: names.available, type: "bar", stack: "flats", data: occupancyData.available},
        {name: names.other, type: "bar", stack: "flats", data: occupancyData.other}
      ]
    });
  }
})();
