// Dashboard charts (ECharts, vendored): each [data-chart] element names the <script type="application/json">
// holding its data. Stored text (unit names, fund names) is escaped in the tooltip, the one part of a chart
// that is HTML; axis and bar labels are SVG text, shown as typed (escaping them would show "&lt;").
// A click on a bar opens the records behind it. No inline script.
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
      grid: { left: 8, right: 48, top: 8, bottom: 8, containLabel: true },
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
        data: data.map(function (item) { return item.name; })
      },
      series: [{
        type: "bar",
        data: data.map(function (item) { return { value: item.value, name: item.name, group: item.group }; }),
        itemStyle: { color: "#c0392b" },
        label: { show: true, position: "right" }
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
