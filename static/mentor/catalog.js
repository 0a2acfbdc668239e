// The catalogue's filter panel stays open across htmx swaps: a change of filter re-renders
// the results and the panel, which would otherwise fold again on small screens.
(function () {
  "use strict";
  var wasOpen = false;
  document.addEventListener("htmx:beforeSwap", function () {
    var panel = document.getElementById("catalog-filters");
    wasOpen = !!panel && panel.classList.contains("fr-collapse--expanded");
  });
  document.addEventListener("htmx:afterSettle", function () {
    var panel = document.getElementById("catalog-filters");
    if (!wasOpen || !panel) return;
    panel.classList.add("fr-collapse--expanded");
    var toggle = document.querySelector('[aria-controls="catalog-filters"]');
    if (toggle) toggle.setAttribute("aria-expanded", "true");
  });
})();
