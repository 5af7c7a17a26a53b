// The filter disclosure (templates/centres/_filter_form.html) is closed in the HTML, so on a
// phone the results come first. On a wide screen the filters are a side column: open them
// there, unless the resident has closed them. Without JavaScript the summary opens them.
(function () {
  "use strict";
  var wide = window.matchMedia("(min-width: 56rem)");
  var panels = document.querySelectorAll("[data-filter-panel]");
  function follow() {
    panels.forEach(function (panel) {
      if (panel.dataset.touched !== "1") panel.open = wide.matches;
    });
  }
  panels.forEach(function (panel) {
    panel.querySelector("summary").addEventListener("click", function () {
      panel.dataset.touched = "1";
    });
  });
  follow();
  wide.addEventListener("change", follow);
})();
