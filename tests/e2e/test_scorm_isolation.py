"""A hostile SCORM package cannot reach the learner's session: its script, run by a learner
in the player or by a platform admin in the designer's preview, tries to read the Mentor
page around it, to read the profile and the personal-data export, and to rename the user.
Each attempt fails, because the package runs on the content origin. The same script run
on the app origin succeeds: the attacks are real, and this test would see them work."""

import json
import time

import pytest

from mentor.scorm.models import Runtime
from mentor.scorm.services import package_import
from tests.e2e.scorm_player import sign_in
from tests.factories import SessionFactory, TrainingFactory, UserFactory
from tests.scorm.factories import EnrolmentFactory, ScormActivityFactory, SectionFactory
from tests.scorm.packages import build_zip, manifest_12, upload

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# Every attack of the report, each recorded as "succeeded…" or "blocked…".
ATTACK_JS = """
async function mentorAttack(app, navigate) {
  const results = {origin: location.origin, cookie: document.cookie};
  function read(name, fn) {
    try { results[name] = "succeeded:" + String(fn()).slice(0, 60); }
    catch (e) { results[name] = "blocked:" + e.name; }
  }
  read("top_document", () => top.document.body.innerHTML.length);
  read("parent_parent_document", () => window.parent.parent.document.title);
  read("parent_document", () => window.parent.document.documentElement.outerHTML);
  try {
    const r = await fetch("/profil/", {credentials: "include"});
    results.profile_here = "status:" + r.status;
  } catch (e) { results.profile_here = "blocked:" + e.name; }
  let token = "";
  try {
    const r = await fetch(app + "/profil/", {credentials: "include"});
    const html = await r.text();
    const m = /name="csrfmiddlewaretoken" value="([^"]+)"/.exec(html);
    token = m ? m[1] : "";
    results.profile = r.ok && token ? "succeeded" : "blocked:" + r.status;
  } catch (e) { results.profile = "blocked:" + e.name; }
  try {
    const body = new FormData();
    body.append("csrfmiddlewaretoken", token);
    const r = await fetch(app + "/profil/donnees/telecharger/",
                          {method: "POST", credentials: "include", body: body});
    const text = await r.text();
    results.export = r.ok && text.includes("@") ? "succeeded" : "blocked:" + r.status;
  } catch (e) { results.export = "blocked:" + e.name; }
  try {
    const body = new FormData();
    body.append("csrfmiddlewaretoken", token);
    body.append("first_name", "Pirate");
    body.append("last_name", "Pirate");
    await fetch(app + "/profil/", {method: "POST", credentials: "include", mode: "no-cors",
                                   body: body});
    results.rename = "sent";
  } catch (e) { results.rename = "blocked:" + e.name; }
  if (navigate) {
    try { top.location.href = app + "/?pirate=1"; results.top_navigation = "attempted"; }
    catch (e) { results.top_navigation = "blocked:" + e.name; }
  }
  return results;
}
"""

HOSTILE_SCO = """<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8"><title>Module piégé</title></head>
<body><main><h1>Module</h1><pre id="results"></pre></main>
<script>%(attack)s
// Talking to the player directly, not through the launcher's API: not heard.
["LMSInitialize", "LMSSetValue", "LMSCommit"].forEach(function (method, i) {
  var params = method === "LMSSetValue" ? ["cmi.core.lesson_status", "passed"] : [""];
  top.postMessage({messageId: "pirate-" + i, method: method, params: params}, "*");
});
mentorAttack(%(app)s, true).then(function (results) {
  var out = document.getElementById("results");
  out.textContent = JSON.stringify(results);
  out.dataset.done = "true";
});
</script></body></html>
"""


def _hostile_package(training, app_url: str):
    html = HOSTILE_SCO % {"attack": ATTACK_JS, "app": json.dumps(app_url)}
    data = build_zip({"imsmanifest.xml": manifest_12(title="Module piégé"), "index.html": html})
    return package_import(training=training, uploaded_file=upload(data), actor=None)


def _results(frame) -> dict:
    results = frame.locator("#results[data-done='true']")
    results.wait_for()
    return json.loads(results.text_content())


def _assert_all_failed(results: dict, *, content_origin: str, user) -> None:
    assert results["origin"] == content_origin
    assert "sessionid" not in results["cookie"] and "csrftoken" not in results["cookie"]
    assert results["top_document"].startswith("blocked:SecurityError")
    assert results["parent_parent_document"].startswith("blocked:SecurityError")
    # The content origin answers none of the app's pages.
    assert results["profile_here"] == "status:404"
    assert results["profile"] == "blocked:TypeError"  # CORS: the answer stays unreadable
    assert results["export"] == "blocked:TypeError"
    assert results["top_navigation"].startswith("blocked:")  # the frame's sandbox
    user.refresh_from_db()
    assert (user.first_name, user.last_name) == ("Claire", "Martin")


def test_a_hostile_package_cannot_reach_the_learner_session(
    page, live_server, scorm_content_origin, settings, tmp_path, justice
):
    settings.MEDIA_ROOT = str(tmp_path)
    training = TrainingFactory(producer=justice)
    activity = ScormActivityFactory(
        section=SectionFactory(training=training),
        scorm_package=_hostile_package(training, live_server.url),
        title="Module piégé",
    )
    agent = UserFactory(
        email="claire@justice.gouv.fr", first_name="Claire", last_name="Martin", entity=justice
    )
    enrolment = EnrolmentFactory(user=agent, session=SessionFactory(training=training))
    sign_in(page, live_server, agent)
    player_url = f"{live_server.url}/scorm/lecture/{enrolment.pk}/{activity.pk}/"

    page.goto(player_url)

    sco = page.frame_locator("iframe[data-scorm-frame]").frame_locator("iframe[data-sco-frame]")
    results = _results(sco)
    _assert_all_failed(results, content_origin=scorm_content_origin, user=agent)
    # Its own parent is the launcher, on the content origin: nothing of the learner there.
    assert results["parent_document"].startswith("succeeded:")
    assert "Claire" not in results["parent_document"]
    assert "claire@" not in results["parent_document"]
    # The sandbox keeps the player page where it is.
    time.sleep(0.5)
    assert page.url == player_url
    agent.refresh_from_db()
    assert agent.first_name == "Claire"
    assert not Runtime.objects.filter(enrolment=enrolment).exists()

    # The same script, run on the app origin, does all of it: the attacks are real.
    control = page.evaluate(
        f"async () => {{ {ATTACK_JS}; return await mentorAttack({json.dumps(live_server.url)}, false); }}"
    )
    assert control["profile"] == "succeeded"
    assert control["export"] == "succeeded"
    agent.refresh_from_db()
    assert (agent.first_name, agent.last_name) == ("Pirate", "Pirate")


def test_a_hostile_package_cannot_reach_a_platform_admin_in_the_preview(
    page, live_server, scorm_content_origin, settings, tmp_path, justice
):
    settings.MEDIA_ROOT = str(tmp_path)
    training = TrainingFactory(producer=justice)
    activity = ScormActivityFactory(
        section=SectionFactory(training=training),
        scorm_package=_hostile_package(training, live_server.url),
        title="Module piégé",
    )
    admin = UserFactory(
        email="admin@fonction-publique.gouv.fr",
        first_name="Claire",
        last_name="Martin",
        is_superuser=True,
        is_staff=True,
    )
    sign_in(page, live_server, admin)
    preview_url = f"{live_server.url}/apprendre/conception/{training.slug}/apercu/{activity.pk}/"

    page.goto(preview_url)

    # The preview runs the same launcher as the player (a real API that stores nothing).
    sco = page.frame_locator("iframe.mentor-scorm-frame").frame_locator("iframe[data-sco-frame]")
    results = _results(sco)
    _assert_all_failed(results, content_origin=scorm_content_origin, user=admin)
    assert "Claire" not in results["parent_document"]
    assert "admin@" not in results["parent_document"]
    time.sleep(0.5)
    assert page.url == preview_url
