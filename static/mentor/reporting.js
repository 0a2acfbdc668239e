/* The dashboard's filters answer with htmx. The charts are web components
   (@gouvfr/dsfr-chart) that draw themselves from their attributes, also in the results htmx
   swaps in. */
(function () {
  "use strict";
  // Bad filters answer 400 with the form and its French messages: show them too.
  document.addEventListener("htmx:beforeSwap", function (event) {
    if (event.detail.xhr.status === 400) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });
  document.addEventListener("htmx:afterSettle", function () {
    // Tell keyboard and screen reader users where the new figures start.
    var target = document.getElementById("reporting-period") ||
      document.querySelector("#reporting-results [role=alert]");
    if (target) target.focus();
  });
})();
