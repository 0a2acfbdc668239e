// The "Menu" skip link (base.html) on a small screen: the main navigation sits in the
// header's menu, closed. Instead of pointing at something hidden, the link opens that menu
// (as its "Menu" button does) and puts the focus on the first link of the navigation.
(function () {
  "use strict";
  var link = document.querySelector('.fr-skiplinks a[href="#fr-navigation"]');
  var nav = document.getElementById("fr-navigation");
  var button = document.getElementById("button-menu");
  var modal = document.getElementById("modal-menu");
  if (!link || !nav || !button || !modal) return;

  function focusFirstLink() {
    var first = nav.querySelector("a[href], button");
    if (first) first.focus();
  }

  link.addEventListener("click", function (event) {
    event.preventDefault();
    if (nav.getClientRects().length > 0 && button.getClientRects().length === 0) {
      focusFirstLink(); // wide screen: the navigation is shown in the header
      return;
    }
    modal.addEventListener(
      "dsfr.disclose",
      function () {
        // After the DSFR has moved the focus into the opened menu.
        window.setTimeout(focusFirstLink, 0);
      },
      { once: true }
    );
    button.click();
  });
})();
