"""Learning paths in a browser: the Justice agent sees Laïcité credited from 2023; the
Interior agent does the Laïcité module and sees it done in the path at once; the designer's
and the tutor's pages; the /parcours/ index, a work situation handed in and validated, the
equivalences of a training. axe 0 violations on each page."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from mentor.learning.models import Completion
from mentor.organisations.services import entity_upsert
from mentor.paths.models import PathModule, PathPlan, PathSection, Submission, SubmissionStatus
from tests.factories import PASSWORD, SessionFactory, TrainingFactory, UserFactory
from tests.learning.factories import ActivityFactory, EnrolmentFactory, SectionFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def interieur(db):
    return entity_upsert(
        slug="interieur",
        name="Ministère de l'Intérieur",
        short_name="MI",
        kind="ministry",
        domains=["interieur.gouv.fr"],
    )


@pytest.fixture
def path(justice, interieur):
    today = timezone.localdate()
    laicite = TrainingFactory(title="Laïcité et fait religieux", slug="laicite")
    ActivityFactory(
        section=SectionFactory(training=laicite, title="Comprendre"),
        title="Les principes",
        body="<p>La laïcité garantit la liberté de conscience.</p>",
    )
    current = SessionFactory(
        training=laicite,
        title="Laïcité 2025",
        starts_on=today - dt.timedelta(days=10),
        ends_on=today + dt.timedelta(days=200),
    )
    session_2023 = SessionFactory(
        training=laicite,
        title="Laïcité 2023",
        starts_on=dt.date(2023, 1, 9),
        ends_on=dt.date(2023, 6, 30),
    )
    training = TrainingFactory(
        title="Laïcité et valeurs de la République 2025", slug="parcours-laicite", is_path=True
    )
    path_session = SessionFactory(
        training=training,
        title="Parcours 2025",
        starts_on=today - dt.timedelta(days=5),
        ends_on=today + dt.timedelta(days=200),
    )
    plan = PathPlan.objects.create(session=path_session)
    section = PathSection.objects.create(plan=plan, title="Les fondamentaux")
    PathModule.objects.create(section=section, linked_session=current, validity_years=5)
    return training, session_2023


def sign_in(page, user) -> None:
    page.goto("/compte/login/")
    page.get_by_label("Courriel").fill(user.email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").last.click()
    page.wait_for_url("/")  # the home page, not the profile


def test_justice_agent_sees_laicite_credited_from_2023(page, axe_check, path, justice):
    training, session_2023 = path
    agent = UserFactory(email="agent@justice.gouv.fr", entity=justice)
    done = EnrolmentFactory(user=agent, session=session_2023)
    Completion.objects.create(
        enrolment=done, completed_at=dt.datetime(2023, 3, 12, 10, tzinfo=dt.UTC)
    )
    sign_in(page, agent)

    page.goto("/formations/?parcours=1")
    page.get_by_role("link", name=training.title).click()
    page.wait_for_url(f"**/formations/{training.slug}/")
    axe_check(page)
    page.get_by_role("link", name="Voir les modules du parcours").click()
    page.wait_for_url("**/parcours/parcours-laicite/")
    axe_check(page)
    page.get_by_role("button", name="S’inscrire au parcours").click()
    module = page.locator("[data-testid^=module-]")
    assert module.get_attribute("data-state") == "credited"
    assert "Acquis le 12/03/2023, session Laïcité 2023" in module.inner_text()
    assert page.get_by_test_id("path-complete").is_visible()  # its only module is credited
    axe_check(page)


def test_interior_agent_does_the_module_and_sees_it_done_at_once(page, axe_check, path, interieur):
    agent = UserFactory(email="agente@interieur.gouv.fr", entity=interieur)
    sign_in(page, agent)
    page.goto("/parcours/parcours-laicite/")
    page.get_by_role("button", name="S’inscrire au parcours").click()
    module = page.locator("[data-testid^=module-]")
    assert module.get_attribute("data-state") == "todo"
    axe_check(page)
    module.get_by_role("link", name=re.compile("Commencer le module")).click()
    page.wait_for_url(re.compile(r"/apprendre/\d+/\d+/$"))
    assert page.get_by_role("heading", name="Les principes").is_visible()  # viewed: done

    page.goto("/parcours/parcours-laicite/")
    assert page.locator("[data-testid^=module-]").get_attribute("data-state") == "done"
    assert page.get_by_test_id("path-complete").is_visible()
    axe_check(page)


def test_designer_and_tutor_pages_are_accessible(page, axe_check, path, platform_admin, justice):
    training, _session_2023 = path
    learner = UserFactory(email="claire@justice.gouv.fr", entity=justice)
    EnrolmentFactory(user=learner, session=training.sessions.get())
    sign_in(page, platform_admin)
    page.goto(f"/parcours/{training.slug}/conception/")
    assert page.get_by_role("heading", name="Modules du parcours").is_visible()
    axe_check(page)
    page.goto(f"/parcours/{training.slug}/suivi/{training.sessions.get().pk}/")
    assert page.get_by_test_id(f"learner-{learner.pk}").is_visible()
    axe_check(page)


def test_index_work_situation_review_and_equivalences(
    browser, live_server, page, axe_check, path, justice, platform_admin, settings, tmp_path
):
    settings.MEDIA_ROOT = str(tmp_path)
    training, _session_2023 = path
    path_session = training.sessions.get()
    work = ActivityFactory(
        section=SectionFactory(training=training, title="Mettre en pratique"),
        kind="work_situation",
        title="Mise en situation de travail",
        completion_rule="validated",
        body="<p>Décrivez une situation vécue dans votre service.</p>",
    )
    agent = UserFactory(email="agent@justice.gouv.fr", entity=justice)
    enrolment = EnrolmentFactory(user=agent, session=path_session)
    tutor = UserFactory(email="tuteur@justice.gouv.fr", entity=justice)
    path_session.tutors.add(tutor)

    sign_in(page, agent)
    page.goto("/parcours/")
    page.get_by_test_id("my-paths").get_by_role("link", name=training.title).wait_for()
    axe_check(page)
    page.goto(f"/apprendre/{enrolment.pk}/{work.pk}/")
    deliverable = tmp_path / "situation.pdf"
    deliverable.write_bytes(b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n")
    page.get_by_label("Votre livrable").set_input_files(str(deliverable))
    page.get_by_role("button", name="Remettre").click()
    page.get_by_test_id("submission").wait_for()
    assert page.get_by_test_id("submission").get_attribute("data-status") == "submitted"
    axe_check(page)

    reviewer = browser.new_context(locale="fr-FR", base_url=live_server.url).new_page()
    reviewer.set_default_timeout(10_000)
    sign_in(reviewer, tutor)
    reviewer.goto("/apprendre/tutorat/")
    reviewer.get_by_test_id("review-queue-link").click()
    reviewer.wait_for_url("**/parcours/a-valider/")
    axe_check(reviewer)
    reviewer.get_by_role("link", name="Examiner").click()
    reviewer.wait_for_url("**/parcours/travaux/*/")
    axe_check(reviewer)
    reviewer.get_by_label("Commentaire pour l’agent").fill("Situation claire, bien analysée.")
    reviewer.get_by_role("button", name="Valider").click()
    reviewer.get_by_test_id("review-queue-empty").wait_for()
    assert Submission.objects.get().status == SubmissionStatus.VALIDATED
    reviewer.context.close()

    page.reload()
    assert page.get_by_test_id("submission").get_attribute("data-status") == "validated"
    assert "Situation claire" in page.get_by_test_id("submission-comment").inner_text()

    laicite = path_session.path_plan.sections.get().modules.get().linked_session.training
    SessionFactory(training=TrainingFactory(title="Valeurs de la République (2019)"))
    designer_page = browser.new_context(locale="fr-FR", base_url=live_server.url).new_page()
    designer_page.set_default_timeout(10_000)
    sign_in(designer_page, platform_admin)
    designer_page.goto(f"/parcours/equivalences/{laicite.slug}/")
    # Search as one types (no accents needed), then choose with the keyboard.
    designer_page.get_by_label("Rechercher une formation par son intitulé").press_sequentially(
        "republique"
    )
    status = designer_page.get_by_test_id("equivalence-status")
    status.get_by_text("1 formation trouvée.").wait_for()
    axe_check(designer_page)
    designer_page.keyboard.press("Tab")  # the search button
    designer_page.keyboard.press("Tab")  # the first result
    designer_page.keyboard.press("Space")
    assert designer_page.get_by_label("Valeurs de la République (2019)").is_checked()
    designer_page.keyboard.press("Tab")
    designer_page.keyboard.press("Enter")
    designer_page.get_by_test_id("equivalences").wait_for()
    axe_check(designer_page)
    designer_page.context.close()
