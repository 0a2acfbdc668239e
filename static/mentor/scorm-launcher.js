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

  const is2004 = root.dataset.version === "2004";
  const api = new window.CrossFrameAPI(root.dataset.appOrigin, window.parent);
  let started = false;

  // "cmi.interactions._count" and the like are not in the cache CrossFrameAPI answers
  // from: a SCO adding interactions one after the other would read "" (or a stale count)
  // and overwrite the first. They are counted here from the cache, which holds the saved
  // CMI and every value the SCO has set since.
  function counted(element) {
    const prefix = element.slice(0, -"_count".length);
    let count = 0;
    api._cache.forEach(function (value, key) {
      if (key.indexOf(prefix) !== 0) return;
      const index = parseInt(key.slice(prefix.length), 10);
      if (!isNaN(index) && index + 1 > count) count = index + 1;
    });
    return String(count);
  }
  const getValue = is2004 ? "GetValue" : "LMSGetValue";
  const facade = new Proxy(api, {
    get: function (target, name) {
      const member = target[name];
      if (name !== getValue) return member;
      return function (element) {
        const answer = member(element); // the LMS is still asked (its error code, its log)
        return typeof element === "string" && /\._count$/.test(element)
          ? counted(element)
          : answer;
      };
    },
  });

  function start() {
    if (started) return;
    started = true;
    if (is2004) {
      window.API_1484_11 = facade;
    } else {
      window.API = facade;
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
