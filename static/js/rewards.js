/* Rewards lists: the header checkbox ticks every row's checkbox of its kind (candidates, grants). The row
   checkboxes belong to the decision form below the table through their form="…" attribute. */
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-rewards-check-all]").forEach(function (header) {
      var name = header.getAttribute("data-rewards-check-all");
      header.addEventListener("change", function () {
        document.querySelectorAll("input[type=checkbox][name=" + name + "]").forEach(function (box) {
          box.checked = header.checked;
        });
      });
    });
  });
})();
