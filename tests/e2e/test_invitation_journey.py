"""The Justice referent invites a contractor (not a State agent) to one session; the
contractor follows the e-mail's link, creates their account, is enrolled, and sees that
training — and nothing else — in the offer. axe on every page."""

import re

import pytest
from django.core import mail
from django.utils import timezone

from tests.factories import PASSWORD, SessionFactory, TrainingFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_an_invited_other_user_accepts_and_sees_only_that_training(
    page, axe_check, justice, justice_admin
):
    internal = TrainingFactory(
        title="Accueil des prestataires en juridiction", owner_entity=justice, producer=justice
    )
    SessionFactory(training=internal, title="Session de janvier", starts_on=timezone.localdate())
    SessionFactory(training=TrainingFactory(title="Offre interministérielle ouverte à tous"))

    page.goto("/compte/login/")
    page.get_by_label("Courriel").fill(justice_admin.email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").last.click()
    page.get_by_role("link", name="Prescriptions").first.click()
    page.get_by_role("link", name="Inviter à une session").click()
    page.wait_for_url("**/prescriptions/invitations/")
    axe_check(page)
    page.get_by_label("Session").select_option(
        label="Accueil des prestataires en juridiction — Session de janvier"
    )
    page.get_by_label("Adresse électronique de la personne invitée").fill("prestataire@gmail.com")
    page.get_by_role("button", name="Envoyer l'invitation").click()
    page.wait_for_url("**/prescriptions/invitations/")
    assert "En attente" in page.get_by_test_id("invitations").inner_text()
    axe_check(page)

    (message,) = [m for m in mail.outbox if m.to == ["prestataire@gmail.com"]]
    link = re.search(r"http://[^/\s]+(/prescriptions/invitation/\S+/)", message.body).group(1)
    page.context.clear_cookies()
    page.goto(link)
    assert "Session de janvier" in page.get_by_test_id("invitation-summary").inner_text()
    axe_check(page)
    page.locator("#id_first_name").fill("Paul")
    page.locator("#id_last_name").fill("Presta")
    page.locator("#id_password1").fill("Un mot de passe solide 2026")
    page.locator("#id_password2").fill("Un mot de passe solide 2026")
    page.get_by_role("button", name="Créer mon compte et accepter").click()
    page.wait_for_url("**/mes-formations/")
    assert "Accueil des prestataires en juridiction" in page.locator("main").inner_text()
    axe_check(page)

    page.goto("/formations/")
    offer = page.locator("main").inner_text()
    assert "Accueil des prestataires en juridiction" in offer
    assert "Offre interministérielle ouverte à tous" not in offer
    axe_check(page)
