"""A small, real SCORM 2004 course built in code, for the demo data (no binary in the repo).

Several SCOs under one organization with flow and choice: one lesson SCO per screen group,
then a quiz SCO that reports a score, interactions and its objective, and a closing SCO
that ends the course with ``exitAll``. Each page talks to the LMS through the standard
SCORM 2004 API found in a parent window (provided by scorm-again): lessons resume at the
screen reached (``cmi.location``), report ``completed`` at their end and ask the LMS to
``continue`` to the next SCO.

``seed_scale`` keeps a one-SCO SCORM 1.2 module (``single_sco_package_bytes``): its bench
sends SCORM 1.2 commits to it.
"""

import io
import json
import zipfile
from html import escape

NS = (
    'xmlns="http://www.imsglobal.org/xsd/imscp_v1p1" '
    'xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3" '
    'xmlns:adlseq="http://www.adlnet.org/xsd/adlseq_v1p3" '
    'xmlns:imsss="http://www.imsglobal.org/xsd/imsss"'
)

#: The quiz: (question, choices, index of the right choice).
QUIZ = [
    (
        "Quel geste réduit le plus la consommation d’un poste de travail ?",
        ["L’éteindre le soir", "Baisser la luminosité", "Changer de fond d’écran"],
        0,
    ),
    (
        "Un équipement réparé plutôt que remplacé…",
        ["…évite l’empreinte de sa fabrication", "…consomme toujours plus", "…n’a aucun effet"],
        0,
    ),
    (
        "Mutualiser les imprimantes d’un étage, c’est…",
        ["…moins d’appareils à fabriquer et à alimenter", "…plus de papier", "…interdit"],
        0,
    ),
]
PASSING = "0.6"  # scaled passing score of the quiz (2 right answers out of 3)

STYLE = """<style>body{font-family:Marianne,Arial,sans-serif;margin:2rem;line-height:1.5;color:#161616}
button{background:#000091;color:#fff;border:0;padding:.5rem 1rem;font-size:1rem;cursor:pointer}
button:focus,input:focus{outline:2px solid #0a76f6;outline-offset:2px}
fieldset{border:1px solid #ddd;margin:0 0 1rem;padding:1rem}legend{font-weight:bold}</style>"""

FIND_API = """
  function findAPI(w) { for (var i = 0; i < 10 && w; i++) { if (w.API_1484_11) return w.API_1484_11; if (w.parent === w) break; w = w.parent; } return null; }
  var api = findAPI(window), ended = false;
  if (api) api.Initialize("");
  function say(text) { document.getElementById("status").textContent = text; }
  function end(request) { if (!api || ended) return; ended = true; api.SetValue("cmi.exit", "normal"); api.SetValue("adl.nav.request", request); api.Commit(""); api.Terminate(""); }
  // Leaving in the middle: keep the place for the next launch.
  window.addEventListener("pagehide", function () { if (api && !ended) { ended = true; api.SetValue("cmi.exit", "suspend"); api.Commit(""); api.Terminate(""); } });
"""

LESSON = """<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8"><title>{title}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">{style}</head>
<body><main>
<h1>{title}</h1>
<div id="screens">{screens}</div>
<p><button type="button" id="next">Continuer</button></p>
<p id="status" role="status" aria-live="polite"></p>
</main>
<script>
(function () {{{find_api}
  var screens = document.querySelectorAll("#screens section"), page = 0;
  if (api) {{ var saved = parseInt(api.GetValue("cmi.location"), 10); if (saved >= 0) page = Math.min(saved, screens.length - 1); }}
  function show() {{ screens.forEach(function (s, i) {{ s.hidden = i !== page; }});
    document.getElementById("next").textContent = page === screens.length - 1 ? "{last_label}" : "Continuer"; }}
  var done = api && api.GetValue("cmi.completion_status") === "completed";
  function save() {{ if (!api) return; done = done || page === screens.length - 1;
    api.SetValue("cmi.location", String(page));
    if (!done) api.SetValue("cmi.progress_measure", String(((page + 1) / screens.length).toFixed(2)));
    api.SetValue("cmi.completion_status", done ? "completed" : "incomplete"); api.Commit(""); }}
  document.getElementById("next").addEventListener("click", function () {{
    if (page < screens.length - 1) {{ page++; show(); save(); }}
    else {{ save(); say("Partie terminée : votre progression est enregistrée."); end("{request}"); }}
  }});
  show(); save();
}})();
</script></body></html>
"""

QUIZ_PAGE = """<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8"><title>{title}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">{style}</head>
<body><main>
<h1>{title}</h1>
<form id="quiz">{questions}<p><button type="submit">Valider mes réponses</button></p></form>
<p id="status" role="status" aria-live="polite"></p>
<p><button type="button" id="next" hidden>Continuer</button></p>
</main>
<script>
(function () {{{find_api}
  var answers = {answers}, texts = {texts};
  if (api && api.GetValue("cmi.completion_status") !== "completed") api.SetValue("cmi.completion_status", "incomplete");
  document.getElementById("quiz").addEventListener("submit", function (event) {{
    event.preventDefault();
    var right = 0;
    answers.forEach(function (answer, n) {{
      var chosen = document.querySelector("input[name=q" + n + "]:checked");
      var value = chosen ? chosen.value : "";
      var correct = value === String(answer);
      if (correct) right++;
      if (!api) return;
      var base = "cmi.interactions." + n + ".";
      api.SetValue(base + "id", "question-" + (n + 1));
      api.SetValue(base + "type", "choice");
      api.SetValue(base + "description", texts[n]);
      api.SetValue(base + "objectives.0.id", "gestes-sobres");
      api.SetValue(base + "correct_responses.0.pattern", "choix-" + answer);
      if (value) api.SetValue(base + "learner_response", "choix-" + value);
      api.SetValue(base + "result", correct ? "correct" : "incorrect");
    }});
    var scaled = right / answers.length;
    if (api) {{
      api.SetValue("cmi.score.min", "0"); api.SetValue("cmi.score.max", String(answers.length));
      api.SetValue("cmi.score.raw", String(right)); api.SetValue("cmi.score.scaled", scaled.toFixed(4));
      api.SetValue("cmi.objectives.0.id", "gestes-sobres");
      api.SetValue("cmi.objectives.0.score.scaled", scaled.toFixed(4));
      api.SetValue("cmi.objectives.0.success_status", scaled >= {passing} ? "passed" : "failed");
      api.SetValue("cmi.objectives.0.completion_status", "completed");
      api.SetValue("cmi.success_status", scaled >= {passing} ? "passed" : "failed");
      api.SetValue("cmi.completion_status", "completed");
      api.SetValue("cmi.session_time", "PT2M");
      api.Commit("");
    }}
    say(right + " bonne(s) réponse(s) sur " + answers.length + (scaled >= {passing} ? " : quiz réussi." : " : quiz à retenter."));
    document.getElementById("next").hidden = false;
    document.getElementById("next").focus();
  }});
  document.getElementById("next").addEventListener("click", function () {{ end("continue"); }});
}})();
</script></body></html>
"""


def _manifest(*, slug: str, title: str, lessons: list[str]) -> str:
    items = "".join(
        f'\n      <item identifier="lecon-{n}" identifierref="res-lecon-{n}">'
        f"<title>{escape(name)}</title></item>"
        for n, name in enumerate(lessons, start=1)
    )
    resources = "".join(
        f'\n    <resource identifier="res-lecon-{n}" type="webcontent" adlcp:scormType="sco" '
        f'href="lecon-{n}.html"><file href="lecon-{n}.html"/></resource>'
        for n in range(1, len(lessons) + 1)
    )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="mentor-demo-{escape(slug)}" version="1" {NS}>
  <metadata><schema>ADL SCORM</schema><schemaversion>2004 4th Edition</schemaversion></metadata>
  <organizations default="org">
    <organization identifier="org" adlseq:objectivesGlobalToSystem="false">
      <title>{escape(title)}</title>{items}
      <item identifier="quiz" identifierref="res-quiz"><title>Quiz : les bons gestes</title>
        <imsss:sequencing>
          <imsss:objectives>
            <imsss:primaryObjective objectiveID="gestes-sobres" satisfiedByMeasure="true">
              <imsss:minNormalizedMeasure>{PASSING}</imsss:minNormalizedMeasure>
              <imsss:mapInfo targetObjectiveID="mentor-demo-gestes" writeSatisfiedStatus="true" writeNormalizedMeasure="true"/>
            </imsss:primaryObjective>
          </imsss:objectives>
        </imsss:sequencing>
      </item>
      <item identifier="engagement" identifierref="res-engagement"><title>Mon engagement</title>
        <imsss:sequencing>
          <imsss:sequencingRules>
            <imsss:preConditionRule>
              <imsss:ruleConditions conditionCombination="any">
                <imsss:ruleCondition referencedObjective="quiz-reussi" operator="not" condition="satisfied"/>
              </imsss:ruleConditions>
              <imsss:ruleAction action="disabled"/>
            </imsss:preConditionRule>
          </imsss:sequencingRules>
          <imsss:objectives>
            <imsss:primaryObjective objectiveID="engagement-pris"/>
            <imsss:objective objectiveID="quiz-reussi">
              <imsss:mapInfo targetObjectiveID="mentor-demo-gestes" readSatisfiedStatus="true"/>
            </imsss:objective>
          </imsss:objectives>
        </imsss:sequencing>
      </item>
      <imsss:sequencing>
        <imsss:controlMode choice="true" flow="true"/>
        <imsss:limitConditions attemptLimit="3"/>
      </imsss:sequencing>
    </organization>
  </organizations>
  <resources>{resources}
    <resource identifier="res-quiz" type="webcontent" adlcp:scormType="sco" href="quiz.html"><file href="quiz.html"/></resource>
    <resource identifier="res-engagement" type="webcontent" adlcp:scormType="sco" href="engagement.html"><file href="engagement.html"/></resource>
  </resources>
</manifest>
"""


def _lesson(title: str, screens: list[tuple[str, str]], *, request: str, last_label: str) -> str:
    body = "".join(f"<section><h2>{escape(h)}</h2><p>{escape(t)}</p></section>" for h, t in screens)
    return LESSON.format(
        title=escape(title),
        style=STYLE,
        screens=body,
        find_api=FIND_API,
        request=request,
        last_label=last_label,
    )


def _quiz() -> str:
    questions = "".join(
        f"<fieldset><legend>{n + 1}. {escape(text)}</legend>"
        + "".join(
            f'<p><input type="radio" name="q{n}" id="q{n}-{k}" value="{k}">'
            f' <label for="q{n}-{k}">{escape(choice)}</label></p>'
            for k, choice in enumerate(choices)
        )
        + "</fieldset>"
        for n, (text, choices, _right) in enumerate(QUIZ)
    )
    return QUIZ_PAGE.format(
        title="Quiz : les bons gestes",
        style=STYLE,
        questions=questions,
        find_api=FIND_API,
        answers=json.dumps([right for _t, _c, right in QUIZ]),
        texts=json.dumps([text for text, _c, _r in QUIZ], ensure_ascii=False),
        passing=PASSING,
    )


def demo_package_bytes(*, slug: str, title: str, screens: list[tuple[str, str]]) -> bytes:
    """A zip holding a multi-SCO SCORM 2004 course: one lesson SCO per (heading, text)
    screen, a quiz SCO that reports its score and writes a shared objective, and a closing
    SCO opened once the quiz is passed, which ends the course (``exitAll``)."""
    lessons = [heading for heading, _text in screens]
    files = {
        "imsmanifest.xml": _manifest(slug=slug, title=title, lessons=lessons),
        "quiz.html": _quiz(),
        "engagement.html": _lesson(
            "Mon engagement",
            [
                (
                    "Choisir un geste",
                    "Choisissez un geste à adopter cette semaine et parlez-en à votre équipe.",
                ),
                (
                    "Bravo",
                    "Vous avez terminé le module. Vous pouvez revenir le revoir à tout moment.",
                ),
            ],
            request="exitAll",
            last_label="Terminer le module",
        ),
    }
    for n, (heading, text) in enumerate(screens, start=1):
        files[f"lecon-{n}.html"] = _lesson(
            heading,
            [("Découvrir", text), ("À retenir", "Retenez l’essentiel avant de passer à la suite.")],
            request="continue",
            last_label="Partie suivante",
        )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


# --- The one-SCO SCORM 1.2 module of ``seed_scale`` (the bench commits 1.2 data to it) ---

MANIFEST_12 = """<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="mentor-demo-{slug}" version="1.0"
  xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
  xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2">
  <metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion></metadata>
  <organizations default="org">
    <organization identifier="org">
      <title>{title}</title>
      <item identifier="item1" identifierref="res1"><title>{title}</title></item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="res1" type="webcontent" adlcp:scormtype="sco" href="index.html">
      <file href="index.html"/>
    </resource>
  </resources>
</manifest>
"""

PAGE_12 = """<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8"><title>{title}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{{font-family:Marianne,Arial,sans-serif;margin:2rem;line-height:1.5;color:#161616}}
button{{background:#000091;color:#fff;border:0;padding:.5rem 1rem;font-size:1rem;cursor:pointer}}
button:focus{{outline:2px solid #0a76f6;outline-offset:2px}}</style></head>
<body><main>
<h1>{title}</h1>
<div id="screens">{screens}</div>
<p><button type="button" id="next">Continuer</button></p>
<p id="status" role="status" aria-live="polite"></p>
</main>
<script>
(function () {{
  function findAPI(w) {{ for (var i = 0; i < 10 && w; i++) {{ if (w.API) return w.API; if (w.parent === w) break; w = w.parent; }} return null; }}
  var api = findAPI(window), screens = document.querySelectorAll("#screens section"), page = 0;
  if (api) {{ api.LMSInitialize(""); var saved = api.LMSGetValue("cmi.suspend_data"); var m = /page=(\\d+)/.exec(saved || ""); if (m) page = Math.min(+m[1], screens.length - 1); }}
  function show() {{ screens.forEach(function (s, i) {{ s.hidden = i !== page; }});
    document.getElementById("next").textContent = page === screens.length - 1 ? "Terminer le module" : "Continuer"; }}
  function save(done) {{ if (!api) return; api.LMSSetValue("cmi.suspend_data", "page=" + page);
    api.LMSSetValue("cmi.core.lesson_location", String(page));
    api.LMSSetValue("cmi.core.lesson_status", done ? "completed" : "incomplete"); api.LMSCommit(""); }}
  document.getElementById("next").addEventListener("click", function () {{
    if (page < screens.length - 1) {{ page++; show(); save(false); }}
    else {{ save(true); if (api) api.LMSFinish(""); document.getElementById("status").textContent = "Module terminé : votre progression est enregistrée."; }}
  }});
  show();
}})();
</script></body></html>
"""


def single_sco_package_bytes(*, slug: str, title: str, screens: list[tuple[str, str]]) -> bytes:
    """A zip holding a one-SCO SCORM 1.2 package with the given (heading, text) screens:
    the national training of ``seed_scale``, whose bench sends SCORM 1.2 commits."""
    body = "".join(f"<section><h2>{escape(h)}</h2><p>{escape(t)}</p></section>" for h, t in screens)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "imsmanifest.xml", MANIFEST_12.format(slug=escape(slug), title=escape(title))
        )
        archive.writestr("index.html", PAGE_12.format(title=escape(title), screens=body))
    return buffer.getvalue()
