"""Multi-SCO packages through the real scorm-again, in the browser: every SCO reachable,
status at finish, navigation requests, resume and full data round trip of a SCO, new
attempt, the designer's preview (which stores nothing) and the tutor's report."""

import re

import pytest

from mentor.learning.models import ActivityProgress, Completion
from mentor.scorm.models import Attempt, Runtime
from mentor.scorm.services import package_import
from tests.e2e.scorm_player import MOVED_ON, sco_frame, sign_in, toc_status, wait_for
from tests.factories import SessionFactory, TrainingFactory, UserFactory
from tests.scorm.factories import EnrolmentFactory, ScormActivityFactory, SectionFactory
from tests.scorm.multisco import back_to_lesson_2004, multi_12, multi_2004, silent_2004
from tests.scorm.packages import upload

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _course(data: bytes, title: str, **activity):
    training = TrainingFactory()
    package = package_import(training=training, uploaded_file=upload(data), actor=None)
    activity = ScormActivityFactory(
        section=SectionFactory(training=training), scorm_package=package, title=title, **activity
    )
    enrolment = EnrolmentFactory(session=SessionFactory(training=training))
    return enrolment, activity


def test_a_multi_sco_12_course_is_played_to_the_end_and_resumed(
    page, live_server, axe_check, settings, tmp_path
):
    settings.MEDIA_ROOT = str(tmp_path)
    enrolment, activity = _course(multi_12(), "Cours en trois parties")
    sign_in(page, live_server, enrolment.user)
    url = f"/apprendre/{enrolment.pk}/{activity.pk}/"

    page.goto(url)

    # The introduction sets no status and finishes at once: "completed" per the RTE, and
    # the quiz it unlocks follows (auto-continue).
    page.wait_for_url(MOVED_ON)
    sco = sco_frame(page)
    sco.locator("#state").filter(has_text="vu:ab-initio|0|0|||||||70|niveau=2:true").wait_for()
    assert toc_status(page, "ITEM-INTRO") == "completed"
    assert toc_status(page, "ITEM-QUIZ") == "not_attempted"
    assert page.locator("[data-sco='ITEM-NOTE']").count() == 0  # isvisible="false"
    quiz = wait_for(
        lambda: Runtime.objects.filter(
            enrolment=enrolment, sco__identifier="ITEM-QUIZ", suspend_data="q=2"
        ).first()
    )
    assert quiz is not None
    axe_check(page)

    # The quiz sets no status either: at LMSFinish its score (80) and the mastery score
    # (70) make it passed; the conclusion follows, completes, and the plan comes back.
    sco.locator("#finish").click()
    page.get_by_test_id("scorm-ended").wait_for()
    assert toc_status(page, "ITEM-QUIZ") == "passed"
    assert toc_status(page, "ITEM-END") == "completed"
    progress = ActivityProgress.objects.get(enrolment=enrolment, activity=activity)
    assert progress.status == "completed"
    assert str(progress.score) == "80.00"
    assert Completion.objects.filter(enrolment=enrolment).count() == 1
    assert "100 %" in page.get_by_test_id("course-percent").text_content()
    axe_check(page)

    # Back to the quiz from the table of contents: every element it wrote comes back.
    page.locator("[data-sco='ITEM-QUIZ'] a").click()
    sco_frame(page).locator("#state").filter(
        has_text="vu:resume|2|1|obj-quiz|80|Très clair|fr|q=2|page-2|70|niveau=2:true"
    ).wait_for()
    stored = Runtime.objects.get(enrolment=enrolment, sco__identifier="ITEM-QUIZ").cmi["cmi"]
    assert [stored["interactions"][k]["id"] for k in ("0", "1")] == ["q1", "q2"]
    assert stored["interactions"]["1"]["student_response"] == "Paris"

    # A new attempt (the learner's choice, the default): it starts from the beginning.
    page.goto(url + "?vue=plan")
    page.get_by_test_id("scorm-new-attempt").click()
    sco_frame(page).locator("#state").filter(has_text="vu:ab-initio|0|0|").wait_for()
    assert "Tentative 2" in page.get_by_test_id("scorm-attempt").text_content()
    assert Attempt.objects.filter(enrolment=enrolment, activity=activity).count() == 2

    # The tutor's report shows the first attempt's interactions and objectives.
    tutor = UserFactory()
    enrolment.session.tutors.add(tutor)
    sign_in(page, live_server, tutor)
    page.goto(f"/scorm/tutorat/{enrolment.session_id}/{activity.pk}/")
    first = page.get_by_test_id("scorm-report-attempt").first
    assert first.get_by_test_id("scorm-interaction").count() == 2
    assert "obj-quiz" in page.content()
    axe_check(page)


def test_a_multi_sco_2004_course_follows_continue_and_exit_all(
    page, live_server, axe_check, settings, tmp_path
):
    settings.MEDIA_ROOT = str(tmp_path)
    enrolment, activity = _course(multi_2004(), "Cours 2004", completion_rule="scorm_passed")
    sign_in(page, live_server, enrolment.user)

    page.goto(f"/scorm/lecture/{enrolment.pk}/{activity.pk}/")

    # Lesson A: progress 0.9 over a threshold of 0.8, scaled score 0.75 over 0.6; then
    # adl.nav.request=continue leads to B, whose exitAll brings back the plan.
    page.get_by_test_id("scorm-ended").wait_for()
    assert toc_status(page, "ITEM-A") == "passed"
    assert toc_status(page, "ITEM-B") == "passed"
    lesson = Runtime.objects.get(enrolment=enrolment, sco__identifier="ITEM-A")
    assert (lesson.completion_status, lesson.success_status) == ("completed", "passed")
    progress = ActivityProgress.objects.get(enrolment=enrolment, activity=activity)
    assert progress.status == "completed"
    assert progress.time_spent >= 1
    axe_check(page)

    # Choosing A again: its data comes back, with entry "resume" after its suspend.
    page.locator("[data-sco='ITEM-A'] a").click()
    sco_frame(page).locator("#state").filter(
        has_text="vu:resume|1|b|obj-a|Utile|fr-FR|etape=4|p4|0.8|0.6"
    ).wait_for()


def test_a_2004_sco_that_sets_no_status_is_completed_when_it_terminates(
    page, live_server, settings, tmp_path
):
    settings.MEDIA_ROOT = str(tmp_path)
    enrolment, activity = _course(silent_2004(), "Lecture 2004", completion_rule="scorm_passed")
    sign_in(page, live_server, enrolment.user)

    page.goto(f"/scorm/lecture/{enrolment.pk}/{activity.pk}/")

    # The first SCO only calls Initialize and Terminate: its attempt ends with its
    # completion and success unknown, so the LMS records them (completionSetByContent and
    # objectiveSetByContent are false by default); the next SCO follows and exits all.
    page.get_by_test_id("scorm-ended").wait_for()
    assert toc_status(page, "ITEM-S") == "passed"
    silent = Runtime.objects.get(enrolment=enrolment, sco__identifier="ITEM-S")
    assert (silent.completion_status, silent.success_status) == ("completed", "passed")
    progress = ActivityProgress.objects.get(enrolment=enrolment, activity=activity)
    assert progress.status == "completed"

    # Opened again, the SCO reads the status the LMS recorded.
    page.locator("[data-sco='ITEM-S'] a").click()
    sco_frame(page).locator("#state").filter(has_text="silence:completed").wait_for()


def test_a_post_condition_rule_sends_the_learner_back_to_the_lesson(
    page, live_server, settings, tmp_path
):
    settings.MEDIA_ROOT = str(tmp_path)
    enrolment, activity = _course(back_to_lesson_2004(), "Leçon et quiz")
    sign_in(page, live_server, enrolment.user)

    page.goto(f"/scorm/lecture/{enrolment.pk}/{activity.pk}/")
    sco_frame(page).locator("#state").filter(has_text="lecon:unknown").wait_for()
    sco_frame(page).locator("#finish").click()

    # The quiz fails and terminates with no request: auto-continue, which its
    # post-condition rule ("previous" while not satisfied) turns back to the lesson.
    page.wait_for_url(MOVED_ON)
    page.wait_for_url(re.compile(rf"from={_sco_pk(activity, 'ITEM-Q')}\b"))
    sco_frame(page).locator("#state").filter(has_text="lecon:completed").wait_for()
    assert toc_status(page, "ITEM-Q") == "failed"
    assert page.locator("[data-sco='ITEM-L']").get_attribute("class").count("active") == 1


def _sco_pk(activity, identifier: str) -> int:
    return activity.scorm_package_link.package.scos.get(identifier=identifier).pk


def test_the_designer_preview_plays_with_an_api_and_stores_nothing(
    page, live_server, settings, tmp_path, platform_admin
):
    settings.MEDIA_ROOT = str(tmp_path)
    enrolment, activity = _course(multi_12(), "Cours en aperçu")
    sign_in(page, live_server, platform_admin)

    page.goto(f"/apprendre/conception/{activity.section.training.slug}/apercu/{activity.pk}/")

    # The introduction finds the API (no "API introuvable" alert), finishes, and the
    # preview moves on to the quiz, which commits "true": nothing reaches the database.
    page.wait_for_url(MOVED_ON)
    page.get_by_test_id("scorm-preview").wait_for()
    sco_frame(page).locator("#state").filter(has_text="vu:ab-initio|0|0|").wait_for()
    assert sco_frame(page).locator("#state").text_content().endswith(":true")
    assert not Runtime.objects.exists()
    assert not Attempt.objects.exists()
    assert not ActivityProgress.objects.exists()
