/* 锻炼时间轴 (templates/postings/unit_timeline.html): one bar per posting sent from or received by a unit.
   Cadre and host names are stored text: the tooltip escapes them and the legend is built as DOM text. A
   click on a bar opens the posting (the element's data-posting-url, with the posting's id appended). */
(function () {
  "use strict";
  var rows = AppCharts.data("timeline-rows");
  var win = AppCharts.data("timeline-window");
  var el = document.getElementById("gantt");
  if (!el || !rows || !rows.length) { return; }
  el.style.height = Math.min(2400, Math.max(240, rows.length * 26 + 80)) + "px";
  var colors = {temporary_post: "#5470c6", first_secretary: "#c23531", front_line: "#91cc75", exchange: "#fac858"};
  var day = 86400000;
  function t(s) { return new Date(s + "T00:00:00").getTime(); }
  var data = rows.map(function (r, i) {
    return {value: [i, t(r.start), t(r.end) + day, r.kind_label, r.host, r.status_label, r.id],
            itemStyle: {color: colors[r.kind], opacity: r.direction === "in" ? 0.55 : 1}};
  });

  var legend = document.getElementById("gantt-legend");
  if (legend) {
    var seen = new Map(rows.map(function (r) { return [r.kind, r.kind_label]; }));
    seen.forEach(function (label, kind) {
      var item = document.createElement("span");
      item.className = "me-3";
      var swatch = document.createElement("span");
      swatch.className = "d-inline-block rounded me-1 gantt-swatch";
      swatch.style.background = colors[kind];
      item.append(swatch, label);
      legend.append(item);
    });
    var note = document.createElement("span");
    note.className = "text-muted";
    note.textContent = el.dataset.inboundNote || "";
    legend.append(note);
  }

  var text = AppCharts.text;
  var chart = AppCharts.chart("gantt");
  chart.setOption({
    tooltip: {formatter: function (p) {
      var row = rows[p.value[0]];
      return text(row.cadre) + "<br>" + text(p.value[3]) + " · " + text(row.home) + " → " + text(p.value[4]) + "<br>" +
        text(row.start) + " — " + text(row.end) + "（" + text(p.value[5]) + "）";
    }},
    grid: {left: 90, right: 20, top: 20, bottom: 40},
    // weakFilter keeps a bar that starts before the window (the default "filter" drops it and leaves its row empty).
    dataZoom: [{type: "slider", xAxisIndex: 0, bottom: 5, filterMode: "weakFilter"},
               {type: "inside", xAxisIndex: 0, filterMode: "weakFilter"}],
    xAxis: {type: "time", min: t(win.start), max: t(win.end) + day},
    yAxis: {type: "category", inverse: true, data: rows.map(function (r) { return r.cadre; }), axisLabel: {interval: 0}},
    series: [{type: "custom", encode: {x: [1, 2], y: 0}, data: data,
      // a dashed line at today, when today is inside the window
      markLine: win.today >= win.start && win.today <= win.end ? {
        symbol: "none", silent: true, animation: false,
        lineStyle: {color: "#c23531", type: "dashed", width: 1.5},
        label: {formatter: el.dataset.todayLabel || "", position: "start"},
        data: [{xAxis: t(win.today)}]
      } : undefined,
      renderItem: function (params, api) {
        var y = api.value(0), start = api.coord([api.value(1), y]), end = api.coord([api.value(2), y]);
        var h = api.size([0, 1])[1] * 0.6;
        var shape = echarts.graphic.clipRectByRect({x: start[0], y: start[1] - h / 2, width: end[0] - start[0], height: h},
          {x: params.coordSys.x, y: params.coordSys.y, width: params.coordSys.width, height: params.coordSys.height});
        return shape && {type: "rect", shape: shape, style: api.style()};
      }}]
  });
  chart.on("click", function (p) { window.location = el.dataset.postingUrl + p.value[6] + "/"; });
})();
