// Visible time on an activity (SCORM modules too: when a SCO reports no session time,
// this is the time credited, under the same caps): a beat every 30 s while the page is visible and the learner
// active (any input in the last 5 minutes). The server caps each beat, so a tab left open
// never counts as hours of training.
(function () {
  "use strict";
  const root = document.getElementById("activity");
  if (!root || !root.dataset.heartbeatUrl) return;
  const csrf = (document.cookie.match(/(?:^|; )csrftoken=([^;]+)/) || [])[1] || "";
  const BEAT = 30, IDLE = 300;
  let lastInput = Date.now(), credited = Date.now();
  ["mousemove", "keydown", "scroll", "touchstart", "click"].forEach(function (e) {
    window.addEventListener(e, function () { lastInput = Date.now(); }, { passive: true });
  });
  function send(final) {
    const now = Date.now();
    // Input inside an embedded module (SCORM, on its own origin) reaches its frame, not
    // this page: a focused frame counts as activity.
    const inFrame = document.activeElement && document.activeElement.tagName === "IFRAME";
    if (inFrame && document.hasFocus()) lastInput = now;
    const active = document.visibilityState === "visible" && now - lastInput < IDLE * 1000;
    const seconds = Math.min(Math.round((now - credited) / 1000), 60);
    credited = now;
    if (!active || seconds <= 0) return;
    const body = new FormData();
    body.append("seconds", String(seconds));
    body.append("csrfmiddlewaretoken", decodeURIComponent(csrf));
    if (final && navigator.sendBeacon) { navigator.sendBeacon(root.dataset.heartbeatUrl, body); return; }
    fetch(root.dataset.heartbeatUrl, { method: "POST", body: body, credentials: "same-origin", headers: { "X-CSRFToken": decodeURIComponent(csrf) } });
  }
  setInterval(function () { send(false); }, BEAT * 1000);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") send(true); else credited = Date.now();
  });
})();
