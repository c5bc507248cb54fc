/* Shared by every page with a chart (ECharts, vendored): what reaches the chart's HTML is escaped.

   ECharts draws axis labels, series labels, legends and titles as canvas or SVG text, where markup is
   shown as typed; only a tooltip is HTML. So every tooltip goes through AppCharts.tooltip (or escapes
   with AppCharts.text in its own formatter): a unit or cadre named <img src=x onerror=…> shows as that
   text. The Content-Security-Policy (SECURE_CSP in settings) refuses inline script besides: no page
   script may be inline, and each chart page has its own file under static/js. */
window.AppCharts = (function () {
  "use strict";

  function text(value) {
    return echarts.format.encodeHTML(value === null || value === undefined ? "" : String(value));
  }

  function valueText(value) {
    return Array.isArray(value) ? value.map(text).join(" — ") : text(value);
  }

  /* A tooltip formatter for trigger "axis" (a list of series at one category) and "item" (one bar). */
  function tooltip(params) {
    if (Array.isArray(params)) {
      var head = params.length ? text(params[0].axisValueLabel) : "";
      return [head].concat(params.map(function (item) {
        return item.marker + text(item.seriesName) + "：" + valueText(item.value);
      })).join("<br>");
    }
    var name = params.name || params.seriesName;
    return params.marker + text(name) + "：" + valueText(params.value);
  }

  /* The parsed <script type="application/json" id=…> written by Django's json_script. */
  function data(id) {
    var source = document.getElementById(id);
    return source ? JSON.parse(source.textContent) : null;
  }

  /* A chart on the element with this id, resized with the window; null when the page has no such element. */
  function chart(id) {
    var element = document.getElementById(id);
    if (!element) { return null; }
    var instance = echarts.init(element);
    window.addEventListener("resize", function () { instance.resize(); });
    return instance;
  }

  return {text: text, tooltip: tooltip, data: data, chart: chart};
})();
