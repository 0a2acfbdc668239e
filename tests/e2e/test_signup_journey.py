"""A new agent signs up, verifies their address from the e-mail, signs in and finds their
ministry on the profile; every page of the journey passes axe-core at WCAG 2.1 AA."""

import re

import pytest
from django.core import mail

from mentor.accounts.models import User

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "un mot de passe vraiment solide"


def _sign_up(page, axe_check, email: str) -> None:
    page.goto("/")
    axe_check(page)
    page.get_by_role("link", name="Créer un compte").first.click()
    page.wait_for_url("**/compte/signup/")
    axe_check(page)
    page.get_by_label("Courriel").fill(email)
    page.get_by_label("Prénom").fill("Claire")
    page.get_by_role("textbox", name=re.compile(r"^Nom\b")).fill("Martin")
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.get_by_role("button", name="Créer mon compte").click()
    page.wait_for_url("**/compte/confirm-email/")
    axe_check(page)


def _verify_and_sign_in(page, axe_check, email: str) -> None:
    link = re.search(r"https?://\S+/compte/confirm-email/\S+/", mail.outbox[-1].body).group(0)
    page.goto(link)
    axe_check(page)
    page.get_by_role("button", name="Confirmer").click()
    # Confirming signs the person in: no second sign-in; the home page, not the profile.
    page.wait_for_url("/")
    assert page.get_by_role("button", name="Se déconnecter").is_visible()
    axe_check(page)
    page.goto("/profil/")


def test_a_justice_agent_signs_up_and_sees_their_ministry(page, axe_check, justice):
    email = "claire.martin@justice.gouv.fr"
    _sign_up(page, axe_check, email)
    _verify_and_sign_in(page, axe_check, email)
    assert page.get_by_test_id("profile-entity").inner_text().startswith("Ministère de la Justice")
    assert User.objects.get(email=email).entity == justice


def test_a_gmail_address_becomes_an_other_user(page, axe_check, justice):
    email = "claire.martin@gmail.com"
    _sign_up(page, axe_check, email)
    _verify_and_sign_in(page, axe_check, email)
    assert "Autre utilisateur" in page.get_by_test_id("profile-entity").text_content()
    assert User.objects.get(email=email).entity is None
