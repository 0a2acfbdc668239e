"""An agent enrols, reads a page, passes a quiz, runs a SCORM module that reports completion
through the real scorm-again API, completes the training, answers the survey, downloads the
attestation, and the public verification page confirms it."""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from mentor.attestations.models import Attestation
from mentor.demo.scorm_package import demo_package_bytes
from mentor.learning.models import Activity, Completion
from mentor.scorm.services import activity_package_attach, package_import
from mentor.surveys.models import SurveyResponse
from tests.e2e.scorm_player import MOVED_ON, sco_frame
from tests.factories import PASSWORD, SessionFactory, TrainingFactory, UserFactory
from tests.learning.factories import ActivityFactory, SectionFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def training(justice):
    training = TrainingFactory(
        producer=justice, title="Laïcité et fait religieux", duration_hours=3
    )
    section = SectionFactory(training=training, title="Comprendre")
    ActivityFactory(
        section=section,
        title="Les principes",
        body="<p>La laïcité garantit la liberté de conscience.</p>",
        position=0,
    )
    quiz = ActivityFactory(
        section=section,
        kind="quiz",
        completion_rule="passed",
        title="Quiz",
        passing_score=100,
        position=1,
    )
    question = quiz.questions.create(
        kind="true_false", text="La laïcité garantit la liberté de conscience."
    )
    question.choices.create(text="Vrai", correct=True)
    question.choices.create(text="Faux", correct=False)
    package = package_import(
        training=training,
        uploaded_file=SimpleUploadedFile(
            "m.zip",
            demo_package_bytes(
                slug="laicite",
                title="Cas pratiques",
                screens=[("Cas 1", "Un agent…"), ("Cas 2", "Une usagère…")],
            ),
        ),
        actor=None,
    )
    activity_package_attach(
        activity=Activity.objects.create(
            section=section,
            kind="scorm",
            title="Cas pratiques",
            completion_rule="scorm_completed",
            position=2,
        ),
        package=package,
    )
    today = timezone.localdate()
    SessionFactory(
        training=training,
        title="Session d’hiver",
        capacity=30,
        starts_on=today - timedelta(days=1),
        ends_on=today + timedelta(days=30),
    )
    return training


def test_an_agent_follows_a_training_to_the_attestation(page, axe_check, training, justice):
    agent = UserFactory(
        email="claire@justice.gouv.fr", entity=justice, first_name="Claire", last_name="Martin"
    )
    page.goto("/compte/login/")
    page.get_by_label("Courriel").fill(agent.email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").last.click()
    page.wait_for_url("/")  # the home page, not the profile

    page.goto(training.get_absolute_url())
    page.get_by_role("button", name="M’inscrire").click()
    page.wait_for_url("**/mes-formations/")
    page.get_by_role("link", name="Suivre la formation").click()

    # Page: viewing it completes it.
    page.wait_for_url(re.compile(r"/apprendre/\d+/\d+/$"))
    assert page.get_by_role("heading", name="Les principes").is_visible()
    axe_check(page)
    page.get_by_role("link", name="Suivant : Quiz").click()

    # Quiz: graded on the server.
    page.locator("label", has_text="Vrai").click()
    page.get_by_role("button", name="Valider mes réponses").click()
    assert "Quiz réussi" in page.locator(".fr-alert").first.inner_text()
    axe_check(page)
    page.get_by_role("link", name="Suivant : Cas pratiques").click()

    # SCORM: the module, on the content origin, talks to scorm-again in the player page
    # (postMessage), which commits to the server.
    frame = sco_frame(page)
    # The demo course is multi-SCO (SCORM 2004): each lesson continues to the next SCO, on
    # a new page.
    for lesson in ("Cas 1", "Cas 2"):
        frame.get_by_role("heading", name=lesson, level=1).wait_for()
        frame.get_by_role("button", name="Continuer").click()
        with page.expect_navigation(url=MOVED_ON):
            frame.get_by_role("button", name="Partie suivante").click()
    frame.get_by_role("heading", name="Quiz : les bons gestes", level=1).wait_for()
    for answer in ("L’éteindre le soir", "…évite l’empreinte", "…moins d’appareils"):
        frame.get_by_label(answer).check()
    frame.get_by_role("button", name="Valider mes réponses").click()
    with page.expect_navigation(url=MOVED_ON):
        frame.get_by_role("button", name="Continuer").click()
    frame.get_by_role("heading", name="Mon engagement", level=1).wait_for()
    frame.get_by_role("button", name="Continuer").click()
    frame.get_by_role("button", name="Terminer le module").click()
    # After its LMSFinish the page leaves the module for its plan, freshly loaded.
    page.get_by_test_id("scorm-ended").wait_for()
    for _ in range(50):
        if Completion.objects.filter(enrolment__user=agent).exists():
            break
        page.wait_for_timeout(200)
    assert Completion.objects.filter(enrolment__user=agent).count() == 1

    # The player now says so and offers the attestation and the survey.
    page.reload()
    assert page.get_by_test_id("course-completed").is_visible()
    assert page.get_by_test_id("offer-attestation").is_visible()
    # Its label is shown, not collapsed to a bare icon (DSFR small icon buttons are).
    assert page.get_by_test_id("offer-attestation").bounding_box()["width"] > 100
    assert page.get_by_test_id("offer-survey").is_visible()
    axe_check(page)
    course_url = page.url

    # Survey, then attestation, from "Mes formations".
    page.goto("/mes-formations/")
    axe_check(page)
    page.get_by_role("link", name=re.compile("Donner mon avis")).click()
    page.wait_for_url("**/questionnaires/*/")
    axe_check(page)
    page.locator("label[for$='satisfaction_5'], label:has-text('Très satisfait')").first.click()
    page.locator("fieldset", has_text="adaptée").locator("label", has_text="Oui").click()
    page.locator("fieldset", has_text="réinvestir").locator("label", has_text="Oui").click()
    page.get_by_role("button", name=re.compile("Envoyer")).click()
    page.wait_for_url("**/mes-formations/")
    assert (
        SurveyResponse.objects.filter(user=agent, satisfaction=5, adapted=True, reuse=True).count()
        == 1
    )

    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile("Télécharger l’attestation")).click()
    pdf = download_info.value
    assert Path(pdf.path()).read_bytes()[:4] == b"%PDF"

    attestation = Attestation.objects.get(enrolment__user=agent)
    page.goto(f"/attestations/verifier/{attestation.number}/")
    assert "Attestation valide" in page.content()
    assert "C. Martin" in page.content() and "claire@justice.gouv.fr" not in page.content()
    axe_check(page)

    # Someone else opening the course is told, in French, that it is not theirs.
    page.context.clear_cookies()
    other = UserFactory(email="paul@justice.gouv.fr", entity=justice)
    page.goto("/compte/login/")
    page.get_by_label("Courriel").fill(other.email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").last.click()
    page.wait_for_url("/")  # the home page, not the profile
    page.goto(course_url)
    assert "Vous n’êtes pas inscrit à cette formation." in page.content()
    axe_check(page)
