// SCORM runtime for templates/scorm/player.html, on scorm-again (loaded just before).
//
// The package runs on a separate origin (SCORM_CONTENT_ORIGIN), in a sandboxed frame that
// holds the launcher page; the SCO there talks to the API by postMessage only. Here, on the
// app origin, the real API (Scorm12API / Scorm2004API) is preloaded with the learner's
// saved CMI and wrapped by CrossFrameLMS, which answers the launcher's messages: only
// those from that frame and the content origin are heard. Every commit is posted as JSON
// to Mentor with the CSRF header, synchronously (SCORM needs the real result). Browsers
// refuse synchronous requests while a page is closing: commits made then go out with
// fetch(keepalive), which, unlike sendBeacon, can carry the CSRF header.
(function () {
  "use strict";
  const root = document.querySelector("[data-scorm-player]");
  // One runtime per page.
  if (!root || root.dataset.started || window.mentorScormStarted) return;
  root.dataset.started = "true";
  window.mentorScormStarted = true;
  if (!window.Scorm12API || !window.Scorm2004API || !window.CrossFrameLMS) return;

  const is2004 = root.dataset.version === "2004";
  const frame = root.querySelector("[data-scorm-frame]");
  const errorBox = root.querySelector("[data-scorm-error]");
  const cmiNode = document.getElementById(root.dataset.cmiId);
  const savedCmi = cmiNode ? JSON.parse(cmiNode.textContent) : {};
  const headers = { "X-CSRFToken": root.dataset.csrfToken };
  // One key per launch, and a number per commit: the server ignores stale commits.
  const attempt = window.crypto && window.crypto.randomUUID
    ? window.crypto.randomUUID()
    : String(Date.now()) + Math.random().toString(16).slice(2);
  let sequence = 0;
  let leaving = false;

  function showError(shown) {
    if (!errorBox) return;
    errorBox.hidden = !shown;
    errorBox.querySelector("p").textContent = shown ? root.dataset.errorMessage : "";
  }

  function sendWhileLeaving(url, body) {
    if (!window.fetch) return { result: "false", errorCode: 101 };
    fetch(url, {
      method: "POST",
      keepalive: true,
      credentials: "same-origin",
      headers: Object.assign({ "Content-Type": "application/json;charset=UTF-8" }, headers),
      body: body,
    });
    return { result: "true", errorCode: 0 };
  }

  // scorm-again's IHttpService: processHttpRequest(url, params, immediate) -> ResultObject.
  const httpService = {
    reportsRequestCompletion: false,
    updateSettings: function () {},
    processHttpRequest: function (url, params, immediate) {
      sequence += 1;
      const body = JSON.stringify(
        Object.assign({}, params, { attempt: attempt, sequence: sequence })
      );
      if (leaving) return sendWhileLeaving(url, body);
      let xhr;
      try {
        xhr = new XMLHttpRequest();
        xhr.open("POST", url, false);
        xhr.setRequestHeader("Content-Type", "application/json;charset=UTF-8");
        Object.keys(headers).forEach(function (name) {
          xhr.setRequestHeader(name, headers[name]);
        });
        xhr.send(body);
      } catch (error) {
        if (immediate || document.visibilityState === "hidden") return sendWhileLeaving(url, body);
        showError(true);
        return { result: "false", errorCode: 101 };
      }
      let answer = null;
      try {
        answer = JSON.parse(xhr.responseText);
      } catch (error) {
        answer = null;
      }
      if (xhr.status >= 200 && xhr.status < 300 && answer && answer.result === true) {
        showError(false);
        return { result: "true", errorCode: 0 };
      }
      showError(true);
      const code = answer && typeof answer.errorCode === "number" ? answer.errorCode : 101;
      return { result: "false", errorCode: code || 101 };
    },
  };

  const settings = {
    lmsCommitUrl: root.dataset.commitUrl,
    dataCommitFormat: "json",
    commitRequestDataType: "application/json;charset=UTF-8",
    sendFullCommit: true,
    autocommit: true,
    autocommitSeconds: 30,
    xhrHeaders: headers,
    logLevel: 4,
    httpService: httpService,
  };
  const api = is2004 ? new window.Scorm2004API(settings) : new window.Scorm12API(settings);
  api.loadFromJSON(savedCmi);

  // Heard: SCORM calls from the launcher in our frame, on the content origin; nothing else
  // (registered before CrossFrameLMS, so that it stops the others first).
  const contentOrigin = root.dataset.contentOrigin;
  window.addEventListener("message", function (event) {
    if (event.origin !== contentOrigin || event.source !== frame.contentWindow) {
      event.stopImmediatePropagation();
    }
  });
  // A SCO may set a hundred values at once (interactions): each is a message, followed by a
  // cache refresh; the default limit (100 a second) would drop some.
  new window.CrossFrameLMS(api, contentOrigin, { rateLimit: 5000 });

  // Closing the page without the SCO having finished: save what it set so far.
  window.addEventListener("pagehide", function () {
    leaving = true;
    if (api.isInitialized() && !api.isTerminated()) {
      if (is2004) api.Commit("");
      else api.LMSCommit("");
    }
  });

  window.addEventListener("pageshow", function () {
    leaving = false; // back from the back/forward cache
  });

  frame.src = root.dataset.launcherUrl;
})();
