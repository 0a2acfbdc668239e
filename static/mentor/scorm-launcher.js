// The SCORM launcher (templates/scorm/launcher.html), on the content origin only.
//
// The SCO runs in the frame below, on an origin that holds no session: it cannot read the
// player page nor call Mentor in the learner's name. It finds the SCORM API here, in its
// parent window: scorm-again's CrossFrameAPI, which answers at once from a cache and
// forwards every call by postMessage to the player page (CrossFrameLMS, app origin),
// where the real API commits to Mentor. Messages go to, and are accepted from, the app
// origin the signed launch URL names, and the player window only.
(function () {
  "use strict";
  const root = document.querySelector("[data-scorm-launcher]");
  const frame = document.querySelector("[data-sco-frame]");
  if (!root || !frame || !window.CrossFrameAPI || window.parent === window) return;

  const api = new window.CrossFrameAPI(root.dataset.appOrigin, window.parent);
  let started = false;

  function start() {
    if (started) return;
    started = true;
    if (root.dataset.version === "2004") {
      window.API_1484_11 = api;
    } else {
      window.API = api;
    }
    frame.src = root.dataset.scoUrl;
  }

  // CrossFrameAPI answers GetValue from its cache, filled after each call. A SCO reads its
  // resume data right after Initialize, synchronously: fill the cache with the learner's
  // saved CMI before the SCO starts. (_post and _cache are CrossFrameAPI's own; the
  // browser test of resume checks this still holds when scorm-again is upgraded.)
  api
    ._post("getFlattenedCMI", [])
    .then(function (all) {
      if (!all || typeof all !== "object") return;
      Object.keys(all).forEach(function (key) {
        const value = all[key];
        if (value !== null && value !== undefined && typeof value !== "object") {
          api._cache.set(key, String(value));
        }
      });
    })
    .catch(function () {
      // No answer from the player: start anyway; the SCO reports what it can.
    })
    .then(start);
})();
