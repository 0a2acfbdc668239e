"""Calls for projects in a browser, axe 0 violations on each page: the committee writes a
call in the front office (with the rich-text editor), a designer applies, the committee
shortlists with a message and the designer reads it on their application page."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from mentor.accounts.models import Role
from mentor.editorial.models import Application, ApplicationStatus
from tests.factories import PASSWORD, role_holder

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _login(page, user) -> None:
    page.goto("/compte/login/")
    page.get_by_label("Courriel").fill(user.email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").last.click()
    expect(page.get_by_role("button", name="Se déconnecter")).to_be_visible()


def _logout(page) -> None:
    page.context.clear_cookies()


def test_the_committee_runs_a_call_and_decides_on_an_application(
    page, justice, platform_admin, axe_check
):
    member = role_holder(
        Role.EDITORIAL_COMMITTEE, actor=platform_admin, email="comite@fonction-publique.gouv.fr"
    )
    designer = role_holder(
        Role.DESIGNER, justice, actor=platform_admin, email="concepteur@justice.gouv.fr"
    )
    today = timezone.localdate()

    _login(page, member)
    page.goto("/ressources/")
    page.get_by_role("link", name="Nouvel appel à projets").click()
    page.wait_for_url("**/ressources/appels/nouveau/")
    expect(page.locator(".prose-editor").first).to_be_visible()
    axe_check(page)
    page.get_by_label("Titre").fill("Appel à projets 2028")
    page.get_by_label("Résumé").fill("Co-financement de projets de formation.")
    page.locator(".prose-editor [contenteditable=true]").first.fill("Toute administration.")
    page.get_by_label("Ouverture").fill(today.isoformat())
    page.get_by_label("Clôture").fill((today + dt.timedelta(days=30)).isoformat())
    page.locator("label[for=id_published]").click()
    page.get_by_role("button", name="Enregistrer l’appel").click()
    page.wait_for_url("**/ressources/appels/appel-a-projets-2028/")
    expect(page.get_by_text("L’appel à projets a été enregistré.")).to_be_visible()
    axe_check(page)
    _logout(page)

    _login(page, designer)
    page.goto("/ressources/appels/appel-a-projets-2028/")
    page.get_by_label("Titre du projet").fill("Accueillir le justiciable")
    page.get_by_label("Description du projet").fill("Des cas pratiques filmés.")
    page.get_by_label("Public visé").fill("Agents d’accueil")
    page.get_by_label("Co-financement demandé (euros)").fill("30000")
    page.get_by_role("button", name="Envoyer la candidature").click()
    expect(page.get_by_test_id("application-status")).to_have_text("Déposée")
    axe_check(page)
    _logout(page)

    _login(page, member)
    page.goto("/ressources/appels/appel-a-projets-2028/")
    page.get_by_test_id("applications").get_by_role(
        "link", name="Accueillir le justiciable"
    ).click()
    page.wait_for_url("**/ressources/candidatures/*/")
    axe_check(page)
    page.get_by_label("Message au porteur du projet").fill("Précisez le calendrier.")
    page.get_by_role("button", name="Présélectionner").click()
    expect(page.get_by_test_id("application-status")).to_have_text("Présélectionnée")
    axe_check(page)
    _logout(page)
    assert Application.objects.get().status == ApplicationStatus.SHORTLISTED

    _login(page, designer)
    page.goto(Application.objects.get().get_absolute_url())
    expect(page.get_by_test_id("application-history")).to_contain_text("Précisez le calendrier.")
    expect(page.get_by_test_id("decision")).to_have_count(0)
