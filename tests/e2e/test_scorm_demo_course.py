"""The demo's multi-SCO SCORM 2004 course through the real scorm-again: flow from SCO to
SCO, a quiz that reports a score and writes a shared objective, a closing SCO disabled by
a precondition rule until that objective is satisfied, review of the finished attempt
(nothing stored), and the tutor's paginated report."""

import pytest

from mentor.demo.scorm_package import demo_package_bytes
from mentor.scorm.models import Attempt, Runtime, SharedObjective
from mentor.scorm.selectors import REPORT_PAGE_SIZE
from mentor.scorm.services import package_import
from tests.e2e.scorm_player import MOVED_ON, sco_frame, sign_in, toc_status, wait_for
from tests.factories import SessionFactory, TrainingFactory, UserFactory
from tests.scorm.factories import EnrolmentFactory, ScormActivityFactory, SectionFactory
from tests.scorm.packages import upload

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

RIGHT = ("L’éteindre le soir", "…évite l’empreinte", "…moins d’appareils")
WRONG = ("L’éteindre le soir", "…consomme toujours plus", "…plus de papier")


def _quiz(page, answers) -> None:
    sco = sco_frame(page)
    sco.get_by_role("heading", name="Quiz : les bons gestes", level=1).wait_for()
    for answer in answers:
        sco.get_by_label(answer).check()
    sco.get_by_role("button", name="Valider mes réponses").click()
    with page.expect_navigation():  # to the next SCO, or to the plan
        sco.get_by_role("button", name="Continuer").click()


def test_the_demo_course_flows_locks_reviews_and_reports(
    page, live_server, axe_check, settings, tmp_path
):
    settings.MEDIA_ROOT = str(tmp_path)
    training = TrainingFactory()
    data = demo_package_bytes(
        slug="demo",
        title="Les gestes sobres",
        screens=[("Pourquoi agir ?", "…"), ("Trois gestes", "…")],
    )
    package = package_import(training=training, uploaded_file=upload(data), actor=None)
    activity = ScormActivityFactory(
        section=SectionFactory(training=training), scorm_package=package, title="Module"
    )
    enrolment = EnrolmentFactory(session=SessionFactory(training=training))
    sign_in(page, live_server, enrolment.user)
    url = f"/apprendre/{enrolment.pk}/{activity.pk}/"
    page.goto(url)

    # Flow: each lesson asks to continue, the next SCO follows.
    for lesson in ("Pourquoi agir ?", "Trois gestes"):
        sco_frame(page).get_by_role("heading", name=lesson, level=1).wait_for()
        sco_frame(page).get_by_role("button", name="Continuer").click()
        with page.expect_navigation(url=MOVED_ON):
            sco_frame(page).get_by_role("button", name="Partie suivante").click()
    # A failed quiz: the closing SCO stays disabled, flow ends on the plan.
    _quiz(page, WRONG)
    page.get_by_test_id("scorm-ended").wait_for()
    assert toc_status(page, "quiz") == "failed"
    assert "verrouillé" in page.locator("[data-sco='engagement']").inner_text()
    assert SharedObjective.objects.get(enrolment=enrolment).satisfied is False
    axe_check(page)

    # The quiz again, passed: the shared objective opens the closing SCO, which ends it all.
    page.locator("[data-sco='quiz'] a").click()
    _quiz(page, RIGHT)
    sco_frame(page).get_by_role("heading", name="Mon engagement", level=1).wait_for()
    sco_frame(page).get_by_role("button", name="Continuer").click()
    sco_frame(page).get_by_role("button", name="Terminer le module").click()
    page.get_by_test_id("scorm-ended").wait_for()
    assert wait_for(lambda: Attempt.objects.get(enrolment=enrolment).completed)
    assert SharedObjective.objects.get(enrolment=enrolment).satisfied is True

    # Review of the finished attempt: the SCOs play with their data, nothing is stored.
    page.goto(f"{url}?vue=plan")  # the module's plan: no SCO running
    commits = sorted(Runtime.objects.values_list("pk", "commits"))
    page.get_by_test_id("scorm-attempts").locator("summary").click()
    page.get_by_test_id("scorm-review-1").click()
    page.get_by_test_id("scorm-review").wait_for()
    page.locator("[data-sco='quiz'] a").click()
    page.get_by_test_id("scorm-review").wait_for()
    sco_frame(page).get_by_role("heading", name="Quiz : les bons gestes", level=1).wait_for()
    axe_check(page)
    page.goto(f"{url}?vue=plan")
    page.get_by_test_id("scorm-ended").wait_for()
    assert sorted(Runtime.objects.values_list("pk", "commits")) == commits

    # The tutor's report, beyond one page of learners.
    tutor = UserFactory()
    enrolment.session.tutors.add(tutor)
    for n in range(REPORT_PAGE_SIZE):
        EnrolmentFactory(session=enrolment.session, user=UserFactory(last_name=f"Zed{n:03d}"))
    page.context.clear_cookies()
    sign_in(page, live_server, tutor)
    page.goto(f"/scorm/tutorat/{enrolment.session_id}/{activity.pk}/")
    assert page.locator(".fr-pagination").is_visible()
    axe_check(page)
    page.get_by_role("link", name="Page suivante").click()
    page.get_by_text("Apprenants 51 à 51.").wait_for()
