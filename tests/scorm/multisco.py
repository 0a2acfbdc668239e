"""Multi-SCO packages built for the tests, played by the real scorm-again in the browser
tests: SCORM 1.2 (prerequisites, a mastery score, a SCO that never sets a status, a quiz
with interactions and objectives) and SCORM 2004 (completion threshold, scaled passing
score, navigation requests continue and exitAll)."""

from tests.scorm.packages import NS_12, build_zip, manifest_2004_of

FIND_API = """
  var win = window, hops = 0, name = %(name)s;
  while (win && !win[name] && win.parent && win.parent !== win && hops < 10) {
    win = win.parent; hops += 1;
  }
  var api = win && win[name];
  var out = document.getElementById("state");
  function show(text) { out.textContent = text; }
  if (!api) { show("API introuvable"); }
"""


def _page(title: str, body: str, api_name: str) -> str:
    script = FIND_API % {"name": repr(api_name)} + "  else {\n" + body + "\n  }\n"
    return (
        '<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>'
        + title
        + "</title></head><body><main><h1>"
        + title
        + '</h1><p id="state">chargement</p>'
        + '<button type="button" id="finish">Terminer</button></main><script>\n(function () {\n'
        + script
        + "})();\n</script></body></html>"
    )


# --- SCORM 1.2 --------------------------------------------------------------------------

INTRO_12 = _page(
    "Introduction",
    """
    api.LMSInitialize("");
    show("intro:" + api.LMSGetValue("cmi.core.lesson_status"));
    api.LMSFinish("");  // sets no status: the LMS must record "completed"
""",
    "API",
)

QUIZ_12 = _page(
    "Quiz",
    """
    api.LMSInitialize("");
    var seen = [
      api.LMSGetValue("cmi.core.entry"),
      api.LMSGetValue("cmi.interactions._count"),
      api.LMSGetValue("cmi.objectives._count"),
      api.LMSGetValue("cmi.objectives.0.id"),
      api.LMSGetValue("cmi.objectives.0.score.raw"),
      api.LMSGetValue("cmi.comments"),
      api.LMSGetValue("cmi.student_preference.language"),
      api.LMSGetValue("cmi.suspend_data"),
      api.LMSGetValue("cmi.core.lesson_location"),
      api.LMSGetValue("cmi.student_data.mastery_score"),
      api.LMSGetValue("cmi.launch_data")
    ];
    if (seen[1] === "0") {
      [["q1", "choice", "a", "correct"], ["q2", "fill-in", "Paris", "wrong"]].forEach(function (q, n) {
        api.LMSSetValue("cmi.interactions." + n + ".id", q[0]);
        api.LMSSetValue("cmi.interactions." + n + ".type", q[1]);
        api.LMSSetValue("cmi.interactions." + n + ".student_response", q[2]);
        api.LMSSetValue("cmi.interactions." + n + ".result", q[3]);
        api.LMSSetValue("cmi.interactions." + n + ".objectives.0.id", "obj-quiz");
        api.LMSSetValue("cmi.interactions." + n + ".correct_responses.0.pattern", "a");
      });
      api.LMSSetValue("cmi.objectives.0.id", "obj-quiz");
      api.LMSSetValue("cmi.objectives.0.score.raw", "80");
      api.LMSSetValue("cmi.objectives.0.status", "passed");
      api.LMSSetValue("cmi.comments", "Très clair");
      api.LMSSetValue("cmi.student_preference.language", "fr");
      api.LMSSetValue("cmi.suspend_data", "q=2");
      api.LMSSetValue("cmi.core.lesson_location", "page-2");
      api.LMSSetValue("cmi.core.score.raw", "80");
      api.LMSSetValue("cmi.core.exit", "suspend");
      api.LMSSetValue("cmi.core.session_time", "00:01:00");
    }
    show("vu:" + seen.join("|") + ":" + api.LMSCommit(""));
    document.getElementById("finish").addEventListener("click", function () {
      api.LMSFinish("");  // no status set: the mastery score makes it passed
    });
""",
    "API",
)

END_12 = _page(
    "Conclusion",
    """
    api.LMSInitialize("");
    api.LMSSetValue("cmi.core.lesson_status", "completed");
    show("fin:" + api.LMSCommit(""));
    api.LMSFinish("");
""",
    "API",
)


def manifest_multi_12(*, prerequisites_end: str = "ITEM-QUIZ", extra_items: str = "") -> str:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="MULTI-12" version="1.0" {NS_12}>
  <metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion></metadata>
  <organizations default="ORG">
    <organization identifier="ORG"><title>Cours multi-SCO 1.2</title>
      <item identifier="ITEM-INTRO" identifierref="RES-INTRO"><title>Introduction</title></item>
      <item identifier="ITEM-QUIZ" identifierref="RES-QUIZ" parameters="?mode=quiz">
        <title>Quiz</title>
        <adlcp:prerequisites type="aicc_script">ITEM-INTRO</adlcp:prerequisites>
        <adlcp:masteryscore>70</adlcp:masteryscore>
        <adlcp:datafromlms>niveau=2</adlcp:datafromlms>
      </item>
      <item identifier="ITEM-CH2"><title>Chapitre 2</title>
        <item identifier="ITEM-END" identifierref="RES-END"><title>Conclusion</title>
          <adlcp:prerequisites type="aicc_script">{prerequisites_end}</adlcp:prerequisites>
        </item>
        <item identifier="ITEM-NOTE" isvisible="false"><title>Note cachée</title></item>
      </item>{extra_items}
    </organization>
  </organizations>
  <resources>
    <resource identifier="RES-INTRO" type="webcontent" adlcp:scormtype="sco" href="intro.html"><file href="intro.html"/></resource>
    <resource identifier="RES-QUIZ" type="webcontent" adlcp:scormtype="sco" href="quiz.html"><file href="quiz.html"/></resource>
    <resource identifier="RES-END" type="webcontent" adlcp:scormtype="sco" href="end/index.html"><file href="end/index.html"/></resource>
  </resources>
</manifest>
"""


def multi_12(**kwargs) -> bytes:
    return build_zip(
        {
            "imsmanifest.xml": manifest_multi_12(**kwargs),
            "intro.html": INTRO_12,
            "quiz.html": QUIZ_12,
            "end/index.html": END_12,
        }
    )


# --- SCORM 2004 -------------------------------------------------------------------------

LESSON_2004 = _page(
    "Leçon 2004",
    """
    api.Initialize("");
    var seen = [
      api.GetValue("cmi.entry"),
      api.GetValue("cmi.interactions._count"),
      api.GetValue("cmi.interactions.0.learner_response"),
      api.GetValue("cmi.objectives.0.id"),
      api.GetValue("cmi.comments_from_learner.0.comment"),
      api.GetValue("cmi.learner_preference.language"),
      api.GetValue("cmi.suspend_data"),
      api.GetValue("cmi.location"),
      api.GetValue("cmi.completion_threshold"),
      api.GetValue("cmi.scaled_passing_score")
    ];
    if (seen[1] === "0") {
      api.SetValue("cmi.interactions.0.id", "q1");
      api.SetValue("cmi.interactions.0.type", "choice");
      api.SetValue("cmi.interactions.0.learner_response", "b");
      api.SetValue("cmi.interactions.0.result", "correct");
      api.SetValue("cmi.interactions.0.description", "Capitale");
      api.SetValue("cmi.objectives.0.id", "obj-a");
      api.SetValue("cmi.objectives.0.success_status", "passed");
      api.SetValue("cmi.objectives.0.score.scaled", "0.75");
      api.SetValue("cmi.comments_from_learner.0.comment", "Utile");
      api.SetValue("cmi.learner_preference.language", "fr-FR");
      api.SetValue("cmi.suspend_data", "etape=4");
      api.SetValue("cmi.location", "p4");
      api.SetValue("cmi.progress_measure", "0.9");
      api.SetValue("cmi.score.scaled", "0.75");
      api.SetValue("cmi.exit", "suspend");
      api.SetValue("cmi.session_time", "PT30S");
      api.SetValue("adl.nav.request", "continue");
      show("vu:" + seen.join("|") + ":" + api.Commit(""));
      api.Terminate("");
    } else {
      show("vu:" + seen.join("|"));
    }
""",
    "API_1484_11",
)

EXIT_2004 = _page(
    "Fin 2004",
    """
    api.Initialize("");
    api.SetValue("cmi.completion_status", "completed");
    api.SetValue("cmi.success_status", "passed");
    api.SetValue("adl.nav.request", "exitAll");
    show("fin:" + api.Commit(""));
    api.Terminate("");
""",
    "API_1484_11",
)


def manifest_multi_2004() -> str:
    return manifest_2004_of(
        identifier="MULTI-2004",
        title="Cours multi-SCO 2004",
        items="""      <item identifier="ITEM-A" identifierref="RES-A"><title>Leçon A</title>
        <adlcp:completionThreshold completedByMeasure="true" minProgressMeasure="0.8"/>
        <imsss:sequencing>
          <imsss:objectives>
            <imsss:primaryObjective objectiveID="pa" satisfiedByMeasure="true">
              <imsss:minNormalizedMeasure>0.6</imsss:minNormalizedMeasure>
            </imsss:primaryObjective>
          </imsss:objectives>
        </imsss:sequencing>
      </item>
      <item identifier="ITEM-B" identifierref="RES-B"><title>Leçon B</title></item>
      <imsss:sequencing>
        <imsss:controlMode choice="true" flow="true"/>
        <imsss:limitConditions attemptLimit="3"/>
      </imsss:sequencing>""",
        scos={"RES-A": "a.html", "RES-B": "b.html"},
    )


def multi_2004() -> bytes:
    return build_zip(
        {"imsmanifest.xml": manifest_multi_2004(), "a.html": LESSON_2004, "b.html": EXIT_2004}
    )


SILENT_2004 = _page(
    "Lecture 2004",
    """
    api.Initialize("");
    var status = api.GetValue("cmi.completion_status");
    show("silence:" + status);
    // First launch: sets nothing and ends at once (the delivery controls' defaults complete
    // it). Launched again, it stays open on what the LMS recorded, for the test to read.
    if (status === "unknown") api.Terminate("");
""",
    "API_1484_11",
)


def manifest_silent_2004() -> str:
    """A SCO that sets no status (no ``deliveryControls``: the LMS completes it when its
    attempt ends), then one that exits with ``exitAll``."""
    return manifest_2004_of(
        identifier="SILENT-2004",
        title="Lecture puis fin",
        items="""      <item identifier="ITEM-S" identifierref="RES-S"><title>Lecture</title></item>
      <item identifier="ITEM-B" identifierref="RES-B"><title>Fin</title></item>""",
        scos={"RES-S": "s.html", "RES-B": "b.html"},
    )


def silent_2004() -> bytes:
    return build_zip(
        {"imsmanifest.xml": manifest_silent_2004(), "s.html": SILENT_2004, "b.html": EXIT_2004}
    )


LESSON_WAITS_2004 = _page(
    "Leçon",
    """
    api.Initialize("");
    show("lecon:" + api.GetValue("cmi.completion_status"));
    document.getElementById("finish").addEventListener("click", function () {
      api.SetValue("cmi.completion_status", "completed");
      api.Terminate("");
    });
""",
    "API_1484_11",
)

QUIZ_FAILED_2004 = _page(
    "Quiz",
    """
    api.Initialize("");
    api.SetValue("cmi.completion_status", "completed");
    api.SetValue("cmi.success_status", "failed");
    api.SetValue("cmi.score.scaled", "0.3");
    show("quiz:" + api.Commit(""));
    api.Terminate("");  // no request: auto-continue, which the post-condition rule replaces
""",
    "API_1484_11",
)


def manifest_back_to_lesson_2004() -> str:
    """A lesson, then a quiz whose post-condition rule sends the learner back to the
    lesson while the quiz is not passed (``previous``), then a conclusion."""
    return manifest_2004_of(
        identifier="BACK-2004",
        title="Leçon et quiz",
        items="""      <item identifier="ITEM-L" identifierref="RES-L"><title>Leçon</title></item>
      <item identifier="ITEM-Q" identifierref="RES-Q"><title>Quiz</title>
        <imsss:sequencing>
          <imsss:sequencingRules>
            <imsss:postConditionRule>
              <imsss:ruleConditions>
                <imsss:ruleCondition operator="not" condition="satisfied"/>
              </imsss:ruleConditions>
              <imsss:ruleAction action="previous"/>
            </imsss:postConditionRule>
          </imsss:sequencingRules>
        </imsss:sequencing>
      </item>
      <item identifier="ITEM-B" identifierref="RES-B"><title>Fin</title></item>""",
        scos={"RES-L": "l.html", "RES-Q": "q.html", "RES-B": "b.html"},
    )


def back_to_lesson_2004() -> bytes:
    return build_zip(
        {
            "imsmanifest.xml": manifest_back_to_lesson_2004(),
            "l.html": LESSON_WAITS_2004,
            "q.html": QUIZ_FAILED_2004,
            "b.html": EXIT_2004,
        }
    )
