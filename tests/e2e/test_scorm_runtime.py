"""An agent follows a SCORM 1.2 module: the SCO, on the content origin, finds the API in the
launcher around it, reports its status and resume data through the player page, and Mentor
stores them and completes the activity."""

import pytest

from mentor.learning.models import ActivityProgress, Completion
from mentor.scorm.models import Runtime
from mentor.scorm.services import package_import
from tests.e2e.scorm_player import sco_frame, sign_in, wait_for
from tests.factories import SessionFactory, TrainingFactory, UserFactory
from tests.scorm.factories import EnrolmentFactory, ScormActivityFactory, SectionFactory
from tests.scorm.packages import build_zip, manifest_12, manifest_2004, upload, valid_12

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_an_agent_completes_a_scorm_12_module(
    page, live_server, axe_check, settings, tmp_path, justice
):
    settings.MEDIA_ROOT = str(tmp_path)
    training = TrainingFactory(producer=justice)
    package = package_import(training=training, uploaded_file=upload(valid_12()), actor=None)
    activity = ScormActivityFactory(
        section=SectionFactory(training=training),
        scorm_package=package,
        title="Les bases de la déontologie",
    )
    agent = UserFactory(email="claire@justice.gouv.fr", entity=justice)
    enrolment = EnrolmentFactory(user=agent, session=SessionFactory(training=training))
    sign_in(page, live_server, agent)

    page.goto(f"/scorm/lecture/{enrolment.pk}/{activity.pk}/")

    # The SCO committed and finished: the page leaves it for the module's plan, fresh (the
    # course's progress is up to date: no stale 0 %), with a way back to the course.
    page.get_by_test_id("scorm-ended").wait_for()
    assert page.get_by_test_id("scorm-back").is_visible()
    runtime = wait_for(
        lambda: Runtime.objects.filter(
            enrolment=enrolment, activity=activity, suspend_data="page=3"
        ).first()
    )
    assert runtime is not None, "the SCO's commit never reached the server"
    assert runtime.lesson_status == "completed"
    progress = wait_for(
        lambda: ActivityProgress.objects.filter(
            enrolment=enrolment, activity=activity, status="completed"
        ).first()
    )
    assert progress is not None
    assert Completion.objects.filter(enrolment=enrolment).count() == 1
    assert not page.locator("[data-scorm-error]").is_visible()
    axe_check(page)
    # (Resume of each SCO's data: tests/e2e/test_scorm_multisco.py.)


SCO_2004_HTML = """<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8"><title>SCO 2004</title></head>
<body><p id="state">chargement</p>
<script>
  var api = window.parent && window.parent.API_1484_11;  // the launcher's
  var out = document.getElementById("state");
  if (!api) { out.textContent = "API introuvable"; } else {
    api.Initialize("");
    api.SetValue("cmi.completion_status", "completed");
    api.SetValue("cmi.success_status", "passed");
    api.SetValue("cmi.score.scaled", "0.9");
    api.SetValue("cmi.location", "fin");
    api.SetValue("cmi.session_time", "PT12S");
    out.textContent = "fini:" + api.Commit("") + ":" + api.Terminate("");
  }
</script></body></html>
"""


def test_an_agent_passes_a_scorm_2004_module(page, live_server, settings, tmp_path, justice):
    settings.MEDIA_ROOT = str(tmp_path)
    training = TrainingFactory(producer=justice)
    data = build_zip({"imsmanifest.xml": manifest_2004(), "content/start.html": SCO_2004_HTML})
    package = package_import(training=training, uploaded_file=upload(data), actor=None)
    activity = ScormActivityFactory(
        section=SectionFactory(training=training),
        scorm_package=package,
        completion_rule="scorm_passed",
    )
    agent = UserFactory(entity=justice)
    enrolment = EnrolmentFactory(user=agent, session=SessionFactory(training=training))
    sign_in(page, live_server, agent)

    page.goto(f"/scorm/lecture/{enrolment.pk}/{activity.pk}/")

    page.get_by_test_id("scorm-ended").wait_for()  # Terminate: back to the plan
    progress = wait_for(
        lambda: ActivityProgress.objects.filter(
            enrolment=enrolment, activity=activity, status="completed"
        ).first()
    )
    assert progress is not None
    assert str(progress.score) == "90.00"
    assert progress.time_spent == 12
    runtime = Runtime.objects.get(enrolment=enrolment, activity=activity)
    assert (runtime.success_status, runtime.location) == ("passed", "fin")


SCO_INTERACTIONS_HTML = """<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8"><title>Quiz</title></head>
<body><p id="state">chargement</p>
<script>
  var api = window.parent.API, counts = [];
  api.LMSInitialize("");
  ["q1", "q2"].forEach(function (id) {
    var n = api.LMSGetValue("cmi.interactions._count");
    counts.push(n);
    api.LMSSetValue("cmi.interactions." + n + ".id", id);
    api.LMSSetValue("cmi.interactions." + n + ".type", "choice");
    api.LMSSetValue("cmi.interactions." + n + ".result", "correct");
  });
  counts.push(api.LMSGetValue("cmi.interactions._count"));
  api.LMSSetValue("cmi.core.lesson_status", "completed");
  document.getElementById("state").textContent =
    "fini:" + api.LMSCommit("") + ":" + counts.join(",");
</script></body></html>
"""


def test_interactions_are_counted_across_the_frames(page, live_server, settings, tmp_path):
    """The SCO reads ``cmi.interactions._count`` synchronously to add each interaction:
    the launcher's API answers the real count, so none is overwritten."""
    settings.MEDIA_ROOT = str(tmp_path)
    training = TrainingFactory()
    data = build_zip({"imsmanifest.xml": manifest_12(), "index.html": SCO_INTERACTIONS_HTML})
    package = package_import(training=training, uploaded_file=upload(data), actor=None)
    activity = ScormActivityFactory(
        section=SectionFactory(training=training), scorm_package=package
    )
    enrolment = EnrolmentFactory(session=SessionFactory(training=training))
    sign_in(page, live_server, enrolment.user)

    page.goto(f"/scorm/lecture/{enrolment.pk}/{activity.pk}/")

    sco = sco_frame(page)
    sco.locator("#state").filter(has_text="fini:true:0,1,2").wait_for()
    runtime = wait_for(
        lambda: Runtime.objects.filter(
            enrolment=enrolment, activity=activity, lesson_status="completed"
        ).first()
    )
    assert runtime is not None
    interactions = runtime.cmi["cmi"]["interactions"]
    stored = interactions.values() if isinstance(interactions, dict) else interactions
    assert sorted(i["id"] for i in stored if isinstance(i, dict) and i.get("id")) == ["q1", "q2"]
