/* The page kit's behaviour on every list (templates/core/list.html): searchable checkbox drop-downs for
   multi-select filters and long selects (Tom Select, served from static/vendor), and "全选" in the column
   menu. No inline script: this file is the whole of it. */
(function () {
  "use strict";
  function startSelects(root) {
    if (typeof TomSelect === "undefined") { return; }
    root.querySelectorAll("select[data-kit-multi]").forEach(function (select) {
      if (select.tomselect) { return; }
      new TomSelect(select, {
        plugins: {checkbox_options: {}, remove_button: {title: "移除"}, clear_button: {title: "清空"}},
        hidePlaceholder: true,
        maxOptions: null,
        closeAfterSelect: false,
        render: {no_results: function () { return '<div class="no-results">无匹配项</div>'; }}
      });
    });
    root.querySelectorAll("select[data-kit-search]").forEach(function (select) {
      if (select.tomselect) { return; }
      new TomSelect(select, {
        maxOptions: null,
        allowEmptyOption: true,
        render: {no_results: function () { return '<div class="no-results">无匹配项</div>'; }}
      });
    });
  }
  /* The cadre picker (cadres/pickers.py): the select holds only the chosen cadre; typing a name, pinyin
     initials or ID number digits asks the scoped endpoint. The server has already matched, so Tom Select's
     own text filter is switched off (it would drop 扎西 for "zx"). */
  function startCadrePickers(root) {
    if (typeof TomSelect === "undefined") { return; }
    root.querySelectorAll("select[data-cadre-picker]").forEach(function (select) {
      if (select.tomselect) { return; }
      var url = select.getAttribute("data-url");
      var all = select.getAttribute("data-all") === "1";
      new TomSelect(select, {
        valueField: "value",
        labelField: "text",
        searchField: [],
        maxOptions: 50,
        loadThrottle: 200,
        placeholder: select.getAttribute("data-placeholder") || "",
        score: function () { return function () { return 1; }; },
        shouldLoad: function (query) { return query.trim().length > 0; },
        load: function (query, callback) {
          var self = this;
          self.clearOptions();
          var address = url + "?q=" + encodeURIComponent(query) + (all ? "&all=1" : "");
          fetch(address, {credentials: "same-origin", headers: {"Accept": "application/json"}})
            .then(function (response) { return response.ok ? response.json() : {results: []}; })
            .then(function (data) { callback(data.results); })
            .catch(function () { callback(); });
        },
        render: {
          option: function (item, escape) {
            return '<div>' + escape(item.text) +
              (item.id_tail ? ' <small class="text-muted">身份证尾号 ' + escape(item.id_tail) + '</small>' : '') +
              (item.status && item.status !== "在职" ? ' <span class="badge text-bg-secondary">' + escape(item.status) + '</span>' : '') +
              '</div>';
          },
          no_results: function () { return '<div class="no-results">未找到：请换用姓名、拼音首字母或身份证号</div>'; },
          loading: function () { return '<div class="py-2 px-3 text-muted">查找中…</div>'; }
        }
      });
    });
  }
  function startColumnMenus(root) {
    root.querySelectorAll("[data-kit-check-all]").forEach(function (button) {
      button.addEventListener("click", function () {
        var boxes = button.closest("form").querySelectorAll("input[name=cols]");
        var allChecked = Array.prototype.every.call(boxes, function (box) { return box.checked; });
        boxes.forEach(function (box) { box.checked = !allChecked; });
      });
    });
  }
  function startSelectAll(root) {
    // A tick-box with data-kit-select-all="NAME" ticks or clears every box named NAME of its form.
    root.querySelectorAll("[data-kit-select-all]").forEach(function (master) {
      var boxes = function () { return master.form.querySelectorAll("input[name='" + master.dataset.kitSelectAll + "']"); };
      master.addEventListener("change", function () {
        boxes().forEach(function (box) { box.checked = master.checked; });
      });
      master.form.addEventListener("change", function (event) {
        if (event.target === master) { return; }
        var all = boxes();
        var ticked = Array.prototype.filter.call(all, function (box) { return box.checked; }).length;
        master.checked = ticked === all.length;
        master.indeterminate = ticked > 0 && ticked < all.length;
      });
    });
  }
  function startConfirmations(root) {
    // A button with data-confirm asks before it submits (no inline onclick: the CSP refuses it).
    root.querySelectorAll("[data-confirm]").forEach(function (button) {
      button.addEventListener("click", function (event) {
        if (!window.confirm(button.dataset.confirm)) { event.preventDefault(); }
      });
    });
  }
  function startAutoSubmit(root) {
    // The language menu in base.html: a select that submits its form when changed (no inline handler).
    root.querySelectorAll("select[data-submit-on-change]").forEach(function (select) {
      select.addEventListener("change", function () { select.form.submit(); });
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    startSelects(document);
    startCadrePickers(document);
    startColumnMenus(document);
    startAutoSubmit(document);
    startConfirmations(document);
    startSelectAll(document);
  });
})();
