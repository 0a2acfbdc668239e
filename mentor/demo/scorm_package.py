"""A small, real SCORM 1.2 module built in code, for the demo data (no binary in the repo).

Its page talks to the LMS through the standard SCORM 1.2 API found in the parent window
(provided by scorm-again): it resumes from ``cmi.suspend_data``, records the page reached,
and reports ``completed`` when the learner reaches the end.
"""

import io
import zipfile

MANIFEST = """<?xml version="1.0" encoding="UTF-8"?>
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

PAGE = """<!DOCTYPE html>
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


def demo_package_bytes(*, slug: str, title: str, screens: list[tuple[str, str]]) -> bytes:
    """A zip holding a one-SCO SCORM 1.2 package with the given (heading, text) screens."""
    body = "".join(f"<section><h2>{h}</h2><p>{t}</p></section>" for h, t in screens)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("imsmanifest.xml", MANIFEST.format(slug=slug, title=title))
        archive.writestr("index.html", PAGE.format(title=title, screens=body))
    return buffer.getvalue()
