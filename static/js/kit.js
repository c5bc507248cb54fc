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
  function startColumnMenus(root) {
    root.querySelectorAll("[data-kit-check-all]").forEach(function (button) {
      button.addEventListener("click", function () {
        var boxes = button.closest("form").querySelectorAll("input[name=cols]");
        var allChecked = Array.prototype.every.call(boxes, function (box) { return box.checked; });
        boxes.forEach(function (box) { box.checked = !allChecked; });
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
    startColumnMenus(document);
    startAutoSubmit(document);
    startConfirmations(document);
  });
})();
