// Guided tours (driver.js from npm). The steps are the page's own elements marked
// data-tour="<tour>:<order>" with data-tour-title and data-tour-text (translated by the
// templates); <body> says which tours are still to offer (data-tours) and where to record
// that one was seen. "?visite=<tour>" replays a tour from the help centre. Keyboard: the
// arrow keys move between steps, Escape closes; focus goes to the step's popover.
(function () {
  "use strict";
  var body = document.body;
  if (!window.driver || !window.driver.js || !body.dataset.tourSeenUrl) return;

  function steps(name) {
    var pattern = new RegExp("(^|\\s)" + name + ":(\\d+)(\\s|$)");
    return Array.prototype.slice
      .call(document.querySelectorAll("[data-tour]"))
      .map(function (el) {
        var match = el.getAttribute("data-tour").match(pattern);
        return match ? { el: el, order: parseInt(match[2], 10) } : null;
      })
      .filter(Boolean)
      .sort(function (a, b) { return a.order - b.order; })
      .map(function (item) {
        var visible = item.el.getClientRects().length > 0;
        return {
          element: visible ? item.el : undefined,
          popover: { title: item.el.dataset.tourTitle, description: item.el.dataset.tourText },
        };
      });
  }

  function markSeen(name) {
    var data = new URLSearchParams();
    data.set("tour", name);
    window.fetch(body.dataset.tourSeenUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRFToken": body.dataset.csrf },
      body: data,
    });
  }

  function start(name, auto) {
    var list = steps(name);
    // Offered on its own only on the page where it begins (its first step is there).
    if (!list.length || (auto && !document.querySelector('[data-tour~="' + name + ':1"]'))) {
      return false;
    }
    var tour = window.driver.js.driver({
      showProgress: true,
      allowKeyboardControl: true,
      nextBtnText: body.dataset.tourNext,
      prevBtnText: body.dataset.tourPrev,
      doneBtnText: body.dataset.tourDone,
      progressText: body.dataset.tourProgress,
      steps: list,
      onDestroyed: function () { markSeen(name); },
    });
    tour.drive();
    return true;
  }

  var asked = new URLSearchParams(window.location.search).get("visite");
  if (asked && start(asked, false)) return;
  (body.dataset.tours || "").split(/\s+/).filter(Boolean).some(function (name) {
    return start(name, true);
  });
})();
