"""A visitor explores the offer from the home page; an agent enrols and unenrols."""

import pytest

from mentor.accounts.models import Role
from mentor.enrolments.models import Enrolment
from tests.factories import (
    PASSWORD,
    CollectionFactory,
    SessionFactory,
    TrainingFactory,
    UserFactory,
    role_holder,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def offer(justice, agriculture):
    eco = CollectionFactory(
        slug="transition-ecologique",
        name="Transition écologique et développement durable",
        position=1,
    )
    rh = CollectionFactory(slug="ressources-humaines", name="Ressources humaines", position=2)
    green = TrainingFactory(
        title="Sensibilisation à la transition écologique",
        summary="Comprendre les enjeux climatiques et agir au quotidien.",
        keywords="climat, sobriété",
        producer=justice,
        collections=[eco],
    )
    TrainingFactory(title="Recruter sans discriminer", producer=agriculture, collections=[rh])
    SessionFactory(training=green, title="Session d’automne", capacity=20)
    return green


def test_a_visitor_filters_by_collection_and_searches_from_home(page, axe_check, offer):
    page.goto("/")
    axe_check(page)
    page.get_by_role("link", name="Ressources humaines").click()
    page.wait_for_url("**/formations/?collection=ressources-humaines")
    axe_check(page)
    assert page.get_by_role("link", name="Recruter sans discriminer").is_visible()
    assert page.get_by_role("link", name="Sensibilisation à la transition écologique").count() == 0

    page.goto("/")
    page.get_by_label("Rechercher une formation").fill("ecologique")
    page.get_by_label("Rechercher une formation").press("Enter")
    page.wait_for_url("**/formations/?q=ecologique")
    assert page.get_by_role("link", name="Sensibilisation à la transition écologique").is_visible()
    assert "1 formation trouvée" in page.locator("#result-count").inner_text()

    # htmx: ticking a facet updates results and the URL without a full reload.
    page.goto("/formations/")
    page.locator("label[for=f-collection-transition-ecologique]").click()  # DSFR styles the label
    page.wait_for_url("**collection=transition-ecologique**")
    page.wait_for_function(
        "() => document.querySelector('#result-count').innerText.startsWith('1 ')"
    )
    axe_check(page)


def test_an_agent_enrols_finds_it_and_unenrols(page, axe_check, offer, justice):
    agent = UserFactory(email="claire@justice.gouv.fr", entity=justice)
    page.goto("/compte/login/")
    page.get_by_label("Courriel").fill(agent.email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").last.click()
    page.wait_for_url("/")  # the home page, not the profile

    page.goto(offer.get_absolute_url())
    axe_check(page)
    page.get_by_role("button", name="M’inscrire").click()
    page.wait_for_url("**/mes-formations/")
    axe_check(page)
    assert "Vous êtes inscrit" in page.locator(".fr-alert").first.inner_text()
    assert page.get_by_test_id("my-training").first.inner_text().startswith(offer.title)
    assert Enrolment.objects.get(user=agent).status == "active"

    page.get_by_role("button", name="Me désinscrire").click()
    page.wait_for_url("**/mes-formations/")
    assert "désinscription a été enregistrée" in page.locator(".fr-alert").first.inner_text()
    assert Enrolment.objects.get(user=agent).status == "cancelled"


def test_a_designer_schedules_a_session_with_a_virtual_class(page, axe_check, offer, justice):
    admin = UserFactory(email="admin@fonction-publique.gouv.fr", is_superuser=True, is_staff=True)
    designer = role_holder(Role.DESIGNER, justice, actor=admin, email="conceptrice@justice.gouv.fr")
    page.goto("/compte/login/")
    page.get_by_label("Courriel").fill(designer.email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").last.click()
    page.wait_for_url("/")  # the home page, not the profile

    page.goto(f"/conception/{offer.slug}/")
    axe_check(page)
    page.get_by_role("link", name="Ajouter une session").click()
    page.wait_for_url("**/sessions/nouvelle/")
    axe_check(page)
    page.locator("#id_title").fill("Printemps 2027")
    page.locator("#id_starts_on").fill("2027-03-01")
    page.locator("#id_ends_on").fill("2027-04-30")
    page.locator("#id_meetings-0-kind").select_option("virtual_class")
    page.locator("#id_meetings-0-starts_at").fill("2027-03-02T14:00")
    page.locator("#id_meetings-0-ends_at").fill("2027-03-02T16:00")
    page.locator("#id_meetings-0-url").fill("https://webconf.numerique.gouv.fr/printemps")
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_url(f"**/conception/{offer.slug}/")
    assert "La session a été enregistrée" in page.locator(".fr-alert").first.inner_text()
    session = offer.sessions.get(title="Printemps 2027")
    assert session.meetings.get().url == "https://webconf.numerique.gouv.fr/printemps"

    page.goto(offer.get_absolute_url())
    assert page.get_by_text("Classe virtuelle le 2 mars 2027, 14:00").is_visible()
