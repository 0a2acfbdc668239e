"""An agent signs in with ProConnect (a real OpenID Connect provider run on 127.0.0.1, see
tests/proconnect/provider.mjs), lands attached to their ministry, and signs out of Mentor and
of the provider; Mentor's pages of the journey pass axe-core at WCAG 2.1 AA."""

import re

import pytest
from allauth.socialaccount.models import SocialAccount

from mentor.accounts.models import User
from tests.factories import UserFactory
from tests.proconnect.provider import agent

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "un mot de passe vraiment solide"


def _sign_in_at_provider(page, login: str) -> None:
    page.wait_for_url(re.compile(r"/interaction/"))
    page.get_by_label("Identifiant").fill(login)
    page.get_by_role("button", name="Se connecter").click()


def test_an_agent_signs_in_with_proconnect_and_out_of_both(
    page, axe_check, live_server, proconnect, justice
):
    proconnect.set_accounts(("camille", agent("camille.martin")))

    page.goto("/compte/login/")
    axe_check(page)
    page.get_by_role("button", name="S’identifier avec ProConnect").click()
    _sign_in_at_provider(page, "camille")

    page.wait_for_url("/")  # the home page, not the profile
    page.goto("/profil/")
    axe_check(page)
    assert page.get_by_test_id("profile-entity").inner_text().startswith("Ministère de la Justice")
    assert (
        "camille.martin@justice.gouv.fr" in page.get_by_test_id("profile-proconnect").inner_text()
    )
    user = User.objects.get(email="camille.martin@justice.gouv.fr")
    assert user.entity == justice and not user.has_usable_password()
    assert SocialAccount.objects.get(user=user).uid == "idp-justice:sub-camille.martin"

    page.get_by_role("button", name="Se déconnecter", exact=True).click()
    page.wait_for_url(f"{live_server.url}/")
    assert "Vous êtes déconnecté de Mentor et de ProConnect" in page.content()
    axe_check(page)

    # Signed out of the provider too: ProConnect asks for the identity again.
    page.goto("/compte/login/")
    page.get_by_role("button", name="S’identifier avec ProConnect").click()
    _sign_in_at_provider(page, "camille")
    page.wait_for_url("/")


def test_the_sign_in_page_with_the_proconnect_button_is_accessible(page, axe_check, proconnect):
    page.goto("/compte/login/")
    button = page.get_by_role("button", name="S’identifier avec ProConnect")
    assert button.is_visible()
    assert page.get_by_role("link", name=re.compile("Qu’est-ce que ProConnect")).is_visible()
    axe_check(page)


def test_an_agent_with_a_local_account_links_proconnect_once(page, axe_check, proconnect, justice):
    local = UserFactory(email="camille@justice.gouv.fr", entity=justice, password=PASSWORD)
    proconnect.set_accounts(("camille", agent("camille")))

    page.goto("/compte/login/")
    page.get_by_role("button", name="S’identifier avec ProConnect").click()
    _sign_in_at_provider(page, "camille")

    page.wait_for_url(re.compile(r"/compte/login/\?next="))
    assert "Un compte Mentor existe déjà" in page.content()
    axe_check(page)
    page.get_by_label("Courriel").fill(local.email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").last.click()

    page.wait_for_url("**/compte/proconnect/lier/")
    axe_check(page)
    page.get_by_role("button", name="Lier mon identité ProConnect").click()
    page.wait_for_url("**/profil/")
    axe_check(page)
    assert SocialAccount.objects.get().user == local


def test_a_refused_sign_in_shows_an_accessible_french_page(page, axe_check, proconnect, justice):
    proconnect.set_accounts(("camille", agent("camille", tamper_userinfo="forged")))
    page.goto("/compte/login/")
    page.get_by_role("button", name="S’identifier avec ProConnect").click()
    _sign_in_at_provider(page, "camille")
    page.wait_for_url("**/compte/proconnect/retour/**")
    assert "pas signée correctement" in page.get_by_test_id("proconnect-error").inner_text()
    axe_check(page)
    assert not User.objects.exists()
