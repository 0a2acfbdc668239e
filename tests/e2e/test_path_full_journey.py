"""The whole path journey in a browser: the designer builds a path from sessions of
several producers (one of another ministry) with a placement quiz; the Justice agent sees
Laïcité credited from 2023, takes the placement quiz, gets a module exempted, finishes the
rest and downloads the path attestation listing the credited module; the Interior agent
does the Laïcité module and sees it done in the path at once. axe 0 violations."""

import datetime as dt
import re
from pathlib import Path

import pytest
from django.utils import timezone

from mentor.accounts.models import Role
from mentor.attestations.models import Attestation
from mentor.learning.models import Choice, Completion, Question
from mentor.organisations.services import entity_upsert
from mentor.paths.models import PathModule
from tests.attestations.test_attestations import pdf_text
from tests.e2e.test_path_journey import sign_in
from tests.factories import SessionFactory, TrainingFactory, UserFactory, role_holder
from tests.learning.factories import ActivityFactory, EnrolmentFactory, SectionFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def training_with_session(title: str, slug: str, producer, activity: str):
    today = timezone.localdate()
    training = TrainingFactory(title=title, slug=slug, producer=producer)
    ActivityFactory(section=SectionFactory(training=training), title=activity)
    session = SessionFactory(
        training=training,
        title=f"{title} 2025",
        starts_on=today - dt.timedelta(days=10),
        ends_on=today + dt.timedelta(days=200),
    )
    return training, session


@pytest.fixture
def offer(justice, platform_admin):
    today = timezone.localdate()
    interieur = entity_upsert(
        slug="interieur",
        name="Ministère de l'Intérieur",
        short_name="MI",
        kind="ministry",
        domains=["interieur.gouv.fr"],
    )
    dgafp = entity_upsert(
        slug="dgafp",
        name="Direction générale de l'administration et de la fonction publique",
        short_name="DGAFP",
        kind="interministerial",
        domains=["fonction-publique.gouv.fr"],
    )
    laicite, laicite_2025 = training_with_session(
        "Laïcité et fait religieux", "laicite", dgafp, "Les principes"
    )
    laicite_2023 = SessionFactory(
        training=laicite,
        title="Laïcité 2023",
        starts_on=dt.date(2023, 1, 9),
        ends_on=dt.date(2023, 6, 30),
    )
    _accueil, accueil_2025 = training_with_session(
        "Accueillir le public", "accueil", interieur, "Les bons réflexes"
    )
    _ethics, ethics_2025 = training_with_session(
        "Déontologie", "deontologie", dgafp, "Prévenir les conflits d'intérêts"
    )
    path = TrainingFactory(
        title="Valeurs de la République 2025",
        slug="parcours-valeurs",
        is_path=True,
        producer=dgafp,
        delivers_attestation=True,
    )
    SessionFactory(
        training=path,
        title="Parcours 2025",
        starts_on=today - dt.timedelta(days=5),
        ends_on=today + dt.timedelta(days=200),
    )
    quiz = ActivityFactory(
        section=SectionFactory(training=path, title="Se positionner"),
        kind="quiz",
        title="Questionnaire de prépositionnement",
        completion_rule="submitted",
    )
    question = Question.objects.create(
        activity=quiz,
        kind="true_false",
        text="Un agent public peut porter un signe religieux en service.",
        position=1,
    )
    Choice.objects.create(question=question, text="Vrai", correct=False, position=0)
    Choice.objects.create(question=question, text="Faux", correct=True, position=1)
    designer = role_holder(
        Role.DESIGNER, dgafp, actor=platform_admin, email="conceptrice@fonction-publique.gouv.fr"
    )
    return {
        "designer": designer,
        "interieur": interieur,
        "path": path,
        "laicite_2023": laicite_2023,
        "sessions": {"laicite": laicite_2025, "accueil": accueil_2025, "ethics": ethics_2025},
    }


def test_designer_to_attestation(
    browser, live_server, page, axe_check, offer, justice, platform_admin
):
    path, sessions = offer["path"], offer["sessions"]

    # The designer builds the path: a section, three linked modules, a placement rule.
    sign_in(page, offer["designer"])
    page.goto(f"/parcours/{path.slug}/conception/")
    page.get_by_label("Titre de la nouvelle section").fill("Les fondamentaux")
    page.get_by_role("button", name="Ajouter une section").click()
    for key in ("laicite", "accueil", "ethics"):
        adding = page.locator("details", has_text="Ajouter un module à « Les fondamentaux »")
        adding.locator("summary").click()
        adding.get_by_label("Session liée").select_option(str(sessions[key].pk))
        if key == "laicite":
            adding.get_by_label("Validité des acquis").fill("5")
        adding.get_by_role("button", name="Ajouter le module").click()
        page.get_by_text("Module ajouté.").wait_for()
    accueil = PathModule.objects.get(linked_session=sessions["accueil"])
    band = page.locator("details", has_text="Ajouter une règle par tranche de score")
    band.locator("summary").click()
    band.get_by_label("Module").select_option(str(accueil.pk))
    band.get_by_label("Effet").select_option("exempted")
    band.get_by_label("Score minimal (%)").fill("100")
    band.get_by_label("Score maximal (%)").fill("100")
    band.get_by_role("button", name="Ajouter la règle").click()
    page.get_by_text("Règle de positionnement ajoutée.").wait_for()
    assert page.get_by_text(re.compile("pour un score de 100 à 100 %")).is_visible()
    axe_check(page)

    # The Justice agent, who completed Laïcité in 2023.
    agent = UserFactory(email="agent@justice.gouv.fr", entity=justice)
    Completion.objects.create(
        enrolment=EnrolmentFactory(user=agent, session=offer["laicite_2023"]),
        completed_at=dt.datetime(2023, 3, 12, 10, tzinfo=dt.UTC),
    )
    learner = browser.new_context(locale="fr-FR", base_url=live_server.url).new_page()
    learner.set_default_timeout(10_000)
    sign_in(learner, agent)
    learner.goto("/parcours/")
    learner.get_by_role("link", name=path.title).click()
    learner.get_by_role("button", name="S’inscrire au parcours").click()
    modules = {
        key: learner.get_by_test_id(f"module-{PathModule.objects.get(linked_session=session).pk}")
        for key, session in sessions.items()
    }
    assert modules["laicite"].get_attribute("data-state") == "credited"
    assert "Acquis le 12/03/2023, session Laïcité 2023" in modules["laicite"].inner_text()
    assert modules["accueil"].get_attribute("data-state") == "todo"
    axe_check(learner)

    # The placement quiz: a perfect score exempts from the Interior's module.
    learner.get_by_role("link", name="Répondre au questionnaire de prépositionnement").click()
    learner.get_by_role("heading", name="Questionnaire de prépositionnement").wait_for()
    learner.locator("label", has_text="Faux").click()
    learner.get_by_role("button", name="Valider mes réponses").click()
    learner.get_by_test_id("quiz-result").wait_for()
    learner.goto(f"/parcours/{path.slug}/")
    assert modules["accueil"].get_attribute("data-state") == "exempted"
    assert learner.get_by_test_id("placement-invite").count() == 0  # taken
    assert "dispensé suite à votre positionnement" in modules["accueil"].inner_text()

    # The rest: the ethics module, done in its own session; the path completes at once.
    modules["ethics"].get_by_role("link", name=re.compile("Commencer le module")).click()
    learner.get_by_role("heading", name="Prévenir les conflits d'intérêts").wait_for()
    learner.goto(f"/parcours/{path.slug}/")
    assert modules["ethics"].get_attribute("data-state") == "done"
    learner.get_by_test_id("path-complete").wait_for()
    axe_check(learner)
    with learner.expect_download() as download:
        learner.get_by_test_id("offer-attestation").click()
    text = pdf_text(Path(download.value.path()).read_bytes())
    assert b"Contenu attest" in text
    assert b"acquis ant" in text and b"dispens" in text
    laicite_testid = modules["laicite"].get_attribute("data-testid")
    attestation = Attestation.objects.get(training=path)

    # Anyone with the number sees the modules on the public verification page.
    public = browser.new_context(locale="fr-FR", base_url=live_server.url).new_page()
    public.set_default_timeout(10_000)
    public.goto(f"/attestations/verifier/{attestation.number}/")
    details = public.get_by_test_id("verify-details")
    assert "Laïcité et fait religieux » : acquis antérieurement" in details.inner_text()
    assert "12 mars 2023" in details.inner_text()
    assert "Déontologie » : terminé le" in details.inner_text()
    axe_check(public)

    # The designer's reporting page shows where the path's learners stand, module by module.
    page.goto(f"/pilotage/formation/{path.slug}/")
    progress = page.get_by_test_id("path-progress")
    progress.wait_for()
    assert "1 personne inscrite." in progress.inner_text()
    assert "1 a achevé le parcours." in progress.inner_text()
    axe_check(page)

    # An admin withdraws the Laïcité credit: the path is no longer complete, at once, and
    # its attestation verifies as revoked.
    admin = browser.new_context(locale="fr-FR", base_url=live_server.url).new_page()
    admin.set_default_timeout(10_000)
    sign_in(admin, platform_admin)
    admin.goto(f"/parcours/{path.slug}/suivi/{path.sessions.get().pk}/")
    admin.get_by_label("Agent").select_option(str(agent.pk))
    admin.get_by_label("Module", exact=True).select_option(laicite_testid.removeprefix("module-"))
    admin.locator("label", has_text="Retirer l’acquis").click()
    admin.get_by_label(re.compile("Motif")).fill("Session 2023 non reconnue.")
    admin.get_by_role("button", name="Enregistrer la décision").click()
    admin.get_by_text(re.compile("n’est plus terminé")).wait_for()
    axe_check(admin)
    admin.context.close()
    learner.goto(f"/parcours/{path.slug}/")
    learner.get_by_test_id("path-withdrawn").wait_for()
    assert modules["laicite"].get_attribute("data-state") == "todo"
    axe_check(learner)
    public.reload()
    public.get_by_test_id("verify-revoked").wait_for()
    public.context.close()
    learner.context.close()

    # The Interior agent has not done Laïcité: she does it and sees it done at once.
    agente = UserFactory(email="agente@interieur.gouv.fr", entity=offer["interieur"])
    other = browser.new_context(locale="fr-FR", base_url=live_server.url).new_page()
    other.set_default_timeout(10_000)
    sign_in(other, agente)
    other.goto(f"/parcours/{path.slug}/")
    other.get_by_role("button", name="S’inscrire au parcours").click()
    laicite = other.get_by_test_id(laicite_testid)
    assert laicite.get_attribute("data-state") == "todo"
    laicite.get_by_role("link", name=re.compile("Commencer le module")).click()
    other.get_by_role("heading", name="Les principes").wait_for()
    other.goto(f"/parcours/{path.slug}/")
    assert laicite.get_attribute("data-state") == "done"
    axe_check(other)
    other.context.close()
