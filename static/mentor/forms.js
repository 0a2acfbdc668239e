// After a failed submission, the error summary (partials/non_field_errors.html) takes the
// focus, so keyboard and screen-reader users start from the list of errors.
(function () {
  "use strict";
  var summary = document.querySelector("[data-error-summary]");
  if (summary) summary.focus();
})();
