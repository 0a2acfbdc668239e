// SCORM runtime for templates/scorm/player.html, on scorm-again (loaded just before).
//
// The package runs on a separate origin (SCORM_CONTENT_ORIGIN), in a sandboxed frame that
// holds the launcher page; the SCO there talks to the API by postMessage only. Here, on the
// app origin, the real API (Scorm12API / Scorm2004API) is preloaded with the learner's
// saved CMI and wrapped by CrossFrameLMS, which answers the launcher's messages: only
// those from that frame and the content origin are heard. Every commit is posted as JSON
// to Mentor, synchronously (SCORM needs the real result), authenticated by the short-lived
// commit token the page came with (X-Mentor-Commit: answered without the session, see
// mentor/scorm/commit_tokens.py). Half-way through its life, or when the server refuses it,
// one commit goes with the session and the CSRF header instead, and its answer brings a
// fresh token. Browsers refuse synchronous requests while a page is closing: commits made
// then go out with fetch(keepalive), which, unlike sendBeacon, can carry these headers.
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
  const tokenRenewMs = (Number(root.dataset.commitTokenRenew) || 0) * 1000;
  let commitToken = root.dataset.commitToken || "";
  let tokenGivenAt = Date.now();

  // The token while it is fresh (half its life), else the session: its answer renews it.
  // A commit sent while the page closes uses it until its end of life.
  function commitHeaders(closing) {
    const age = Date.now() - tokenGivenAt;
    if (commitToken && age < (closing ? 2 * tokenRenewMs - 5000 : tokenRenewMs)) {
      return { "X-Mentor-Commit": commitToken };
    }
    return headers;
  }

  function tokenRenewed(xhr) {
    const fresh = xhr.getResponseHeader("X-Mentor-Commit-Token");
    if (fresh) {
      commitToken = fresh;
      tokenGivenAt = Date.now();
    }
  }
  // One key per launch, and a number per commit: the server ignores stale commits.
  const attempt = window.crypto && window.crypto.randomUUID
    ? window.crypto.randomUUID()
    : String(Date.now()) + Math.random().toString(16).slice(2);
  let sequence = 0;
  let leaving = false;
  let navRequest = "";
  let api = null;

  // The navigation request the SCO left for its exit: 2004 adl.nav.request, 1.2
  // scorm-again's cmi.nav.event. Read at the terminating commit, before the API resets it.
  function pendingNavRequest() {
    try {
      const value = is2004 ? api.adl.nav.request : api.nav.event;
      return value && value !== "_none_" ? String(value) : "";
    } catch (error) {
      return "";
    }
  }

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
      // The session's CSRF header too: if the server refuses the token (expired while
      // the page was kept, a clock apart), the session decides; there is no second try.
      headers: Object.assign(
        { "Content-Type": "application/json;charset=UTF-8" },
        headers,
        commitHeaders(true)
      ),
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
      if (immediate) navRequest = pendingNavRequest();
      const body = JSON.stringify(
        Object.assign({}, params, {
          attempt: attempt,
          sequence: sequence,
          terminate: Boolean(immediate),
          nav_request: immediate ? navRequest : "",
        })
      );
      if (leaving) return sendWhileLeaving(url, body);
      let xhr;
      let answer = null;
      // Twice at most: a refused token (expired, signed out…) is dropped and the same
      // commit sent again with the session.
      for (let round = 0; round < 2; round += 1) {
        const sent = commitHeaders(false);
        try {
          xhr = new XMLHttpRequest();
          xhr.open("POST", url, false);
          xhr.setRequestHeader("Content-Type", "application/json;charset=UTF-8");
          Object.keys(sent).forEach(function (name) {
            xhr.setRequestHeader(name, sent[name]);
          });
          xhr.send(body);
        } catch (error) {
          if (immediate || document.visibilityState === "hidden") {
            return sendWhileLeaving(url, body);
          }
          showError(true);
          return { result: "false", errorCode: 101 };
        }
        try {
          answer = JSON.parse(xhr.responseText);
        } catch (error) {
          answer = null;
        }
        tokenRenewed(xhr);
        if (xhr.status === 403 && answer && answer.renew === true && sent !== headers) {
          commitToken = "";
          continue;
        }
        break;
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

  // The designer's preview has no commit URL: a real API, whose commits go nowhere.
  const preview = !root.dataset.commitUrl;
  const settings = {
    lmsCommitUrl: preview ? false : root.dataset.commitUrl,
    dataCommitFormat: "json",
    commitRequestDataType: "application/json;charset=UTF-8",
    sendFullCommit: true,
    autocommit: !preview,
    autocommitSeconds: 30,
    // SCORM 1.2 RTE: a SCO that set no lesson_status is "completed" at LMSFinish (the
    // saved status is not preloaded when the SCO set none, so the rule can apply); a
    // mastery score in the manifest turns the raw score into passed or failed.
    autoCompleteLessonStatus: true,
    mastery_override: true,
    xhrHeaders: headers,
    logLevel: 4,
    httpService: httpService,
  };
  api = is2004 ? new window.Scorm2004API(settings) : new window.Scorm12API(settings);
  api.loadFromJSON(savedCmi);

  // When the SCO ends its session, move on as it asked: continue or previous to the next
  // or previous SCO, choice to the one it named, exit, exitAll or suspendAll back to the
  // module's plan (a fresh page: the course's progress is up to date). With no request,
  // the next SCO follows (auto-continue), or the plan after the last one.
  function destination(request) {
    const data = root.dataset;
    const choice = /^\{target=([^}\s]+)\}(choice|jump)$/.exec(request);
    if (choice) return data.choiceUrl + encodeURIComponent(choice[1]);
    switch (request.replace(/^_/, "")) {
      case "previous":
        return data.previousUrl;
      case "exit":
      case "exitAll":
      case "suspendAll":
      case "abandon":
      case "abandonAll":
        return data.planUrl;
      default:
        return data.nextUrl || data.planUrl;
    }
  }
  function finished() {
    const request = preview ? pendingNavRequest() || navRequest : navRequest;
    const target = destination(request);
    if (!target) return;
    if (window.opener && !window.opener.closed) {
      try {
        window.opener.location.reload(); // the course page that opened this window
      } catch (error) {
        // another site opened us: nothing to refresh
      }
    }
    window.setTimeout(function () {
      window.location.assign(target);
    }, 50);
  }
  if (preview) {
    api.on("BeforeTerminate", function () {
      navRequest = pendingNavRequest();
    });
  }
  api.on(is2004 ? "Terminate" : "LMSFinish", finished);

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
