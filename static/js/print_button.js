// A button marked data-print prints the page (no inline script, so a strict CSP stays possible).
document.querySelectorAll("[data-print]").forEach(function (button) {
  button.addEventListener("click", function () { window.print(); });
});
