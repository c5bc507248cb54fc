// Dashboard charts (ECharts, vendored): each [data-chart] element names the <script type="application/json">
// holding its data. Stored text (unit names, fund names) is escaped in every tooltip and label with
// echarts.format.encodeHTML. A click on a bar opens the records behind it. No inline script.
(function () {
  "use strict";
  var encode = echarts.format.encodeHTML;
  document.querySelectorAll("[data-chart]").forEach(function (element) {
    var source = document.getElementById(element.dataset.chart);
    if (!source) { return; }
    var data = JSON.parse(source.textContent);
    var measure = element.dataset.measure || "";
    var chart = echarts.init(element, null, { renderer: "svg" });
    chart.setOption({
      animation: false,
      grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
      tooltip: {
        trigger: "item",
        formatter: function (params) {
          return encode(params.name) + "：" + encode(String(params.value)) + " " + encode(measure);
        }
      },
      xAxis: { type: "value" },
      yAxis: {
        type: "category",
        inverse: true,
        data: data.map(function (item) { return item.name; }),
        axisLabel: { formatter: function (value) { return encode(value); } }
      },
      series: [{
        type: "bar",
        data: data.map(function (item) { return { value: item.value, name: item.name, group: item.group }; }),
        itemStyle: { color: "#c0392b" },
        label: { show: true, position: "right", formatter: function (params) { return encode(String(params.value)); } }
      }]
    });
    chart.on("click", function (params) {
      var url = new URL(element.dataset.url, window.location.href);
      url.searchParams.set("group", params.data.group);
      window.location.href = url.toString();
    });
    window.addEventListener("resize", function () { chart.resize(); });
    element.dataset.rendered = "true";
  });
})();
