"""ProConnect sign-in against a real OpenID Connect provider (tests/proconnect/provider.mjs):
no mock of the protocol, every response below was produced and signed by the provider."""

import html
import json
import time
from http import HTTPStatus
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from django.test import Client
from django.urls import reverse

from mentor.accounts.models import AttachmentChange, User
from mentor.accounts.personal_data import personal_data_export
from mentor.accounts.services import user_erase
from mentor.audit.models import AuditEvent
from tests.factories import UserFactory
from tests.proconnect.provider import agent, end_session, path_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(client):
    # The provider accepts loopback redirect URIs: present the test client as 127.0.0.1.
    client.defaults["HTTP_HOST"] = "127.0.0.1"
    return client


def start(client) -> str:
    response = client.post(reverse("proconnect_login"))
    assert response.status_code == HTTPStatus.FOUND, response.content[:500]
    return response["Location"]


def sign_in(client, provider, login: str, browser: requests.Session | None = None):
    callback = provider.authorize(start(client), login, browser)
    return client.get(path_of(callback))


def refused(response) -> str:
    assert response.status_code == HTTPStatus.BAD_REQUEST, response.content[:500]
    text = html.unescape(response.content.decode())
    assert "Connexion avec ProConnect impossible" in text
    return text


class TestConfiguration:
    def test_unconfigured_no_button_and_404(self, client, settings):
        settings.SOCIALACCOUNT_PROVIDERS = {}
        page = client.get(reverse("account_login"))
        assert "S’identifier avec" not in page.content.decode()
        assert "fr-connect" not in page.content.decode()
        for name in ("proconnect_login", "proconnect_callback", "proconnect_logout_return"):
            assert client.post(reverse(name)).status_code in (
                HTTPStatus.NOT_FOUND,
                HTTPStatus.METHOD_NOT_ALLOWED,
            )
            assert client.get(reverse(name)).status_code in (
                HTTPStatus.NOT_FOUND,
                HTTPStatus.METHOD_NOT_ALLOWED,
            )
        assert client.post(reverse("proconnect_login")).status_code == HTTPStatus.NOT_FOUND
        assert client.get(reverse("proconnect_callback")).status_code == HTTPStatus.NOT_FOUND

    def test_configured_button_on_the_sign_in_page(self, client, proconnect):
        text = client.get(reverse("account_login")).content.decode()
        assert 'class="fr-connect"' in text
        assert "S’identifier avec" in text and "ProConnect" in text
        assert f'action="{reverse("proconnect_login")}"' in text

    def test_authorization_request_is_what_proconnect_expects(self, client, proconnect):
        url = start(client)
        assert url.startswith(f"{proconnect.issuer}/")
        query = {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}
        assert len(query["state"]) >= 32
        assert len(query["nonce"]) >= 32
        assert query["state"] != query["nonce"]
        assert set(query["scope"].split()) == {
            "openid", "given_name", "usual_name", "email", "uid", "siret", "idp_id"
        }  # fmt: skip
        assert json.loads(query["claims"]) == {
            "id_token": {"acr": {"essential": True, "values": ["eidas1"]}}
        }
        assert query["redirect_uri"] == "http://127.0.0.1/compte/proconnect/retour/"


class TestNewAccount:
    def test_first_sign_in_creates_an_attached_account(self, client, proconnect, justice):
        proconnect.set_accounts(("camille", agent("camille")))
        response = sign_in(client, proconnect, "camille")
        assert response.status_code == HTTPStatus.FOUND, response.content[:800]
        user = User.objects.get(email="camille@justice.gouv.fr")
        assert not user.has_usable_password()
        assert user.entity == justice
        assert (user.first_name, user.last_name) == ("Camille", "Martin")
        account = SocialAccount.objects.get(user=user)
        assert account.uid == "idp-justice:sub-camille"
        assert account.extra_data["userinfo"]["siret"] == "11000201100044"
        assert EmailAddress.objects.get(user=user).verified
        assert client.session["_auth_user_id"] == str(user.pk)
        assert AttachmentChange.objects.filter(user=user, to_entity=justice).exists()

    def test_same_sub_at_another_identity_provider_is_another_person(
        self, client, proconnect, justice
    ):
        proconnect.set_accounts(
            ("camille", agent("camille")),
            ("homonyme", agent("homonyme", sub="sub-camille-2", idp_id="idp-other")),
        )
        sign_in(client, proconnect, "camille")
        client.logout()
        sign_in(client, proconnect, "homonyme")
        assert SocialAccount.objects.count() == 2

    def test_next_sign_in_finds_the_same_account(self, client, proconnect, justice):
        proconnect.set_accounts(("camille", agent("camille")))
        sign_in(client, proconnect, "camille")
        client.logout()
        response = sign_in(client, proconnect, "camille")
        assert response.status_code == HTTPStatus.FOUND
        assert User.objects.count() == 1
        assert client.session["_auth_user_id"] == str(User.objects.get().pk)


class TestLinkExistingAccount:
    def test_local_password_proven_once_then_linked(self, client, proconnect, justice):
        local = UserFactory(email="camille@justice.gouv.fr", password="un-mot-de-passe-long")
        proconnect.set_accounts(("camille", agent("camille")))

        response = sign_in(client, proconnect, "camille")
        assert response.status_code == HTTPStatus.FOUND
        assert response["Location"] == reverse("proconnect_link")
        assert "_auth_user_id" not in client.session  # not signed in by e-mail alone
        assert not SocialAccount.objects.exists()
        page = client.get(reverse("proconnect_link"), follow=True)
        assert "Un compte Mentor existe déjà" in page.content.decode()

        client.post(
            reverse("account_login"),
            {"login": local.email, "password": "un-mot-de-passe-long"},
        )
        assert client.session["_auth_user_id"] == str(local.pk)
        assert client.get(reverse("proconnect_link")).status_code == HTTPStatus.OK
        response = client.post(reverse("proconnect_link"))
        assert response.status_code == HTTPStatus.FOUND
        assert SocialAccount.objects.get().user == local
        assert AuditEvent.objects.filter(action="accounts.proconnect_link").exists()

        client.logout()
        sign_in(client, proconnect, "camille")
        assert client.session["_auth_user_id"] == str(local.pk)
        assert User.objects.count() == 1

    def test_pending_identity_not_linked_to_another_signed_in_account(
        self, client, proconnect, justice
    ):
        UserFactory(email="camille@justice.gouv.fr")
        other = UserFactory(email="autre@justice.gouv.fr")
        proconnect.set_accounts(("camille", agent("camille")))
        sign_in(client, proconnect, "camille")
        client.force_login(other)
        response = client.post(reverse("proconnect_link"))
        assert response.status_code == HTTPStatus.BAD_REQUEST
        assert "ne correspond pas" in response.content.decode()
        assert not SocialAccount.objects.exists()


class TestEmailChangedAtTheProvider:
    def test_account_follows_and_is_reattached(self, client, proconnect, justice, agriculture):
        proconnect.set_accounts(("camille", agent("camille")))
        sign_in(client, proconnect, "camille")
        user = User.objects.get()
        assert user.entity == justice
        client.logout()

        proconnect.set_accounts(("camille", agent("camille", email="Camille@Agriculture.gouv.fr")))
        response = sign_in(client, proconnect, "camille")
        assert response.status_code == HTTPStatus.FOUND
        user.refresh_from_db()
        assert user.email == "camille@agriculture.gouv.fr"
        assert user.entity == agriculture
        assert list(EmailAddress.objects.filter(user=user).values_list("email", "verified")) == [
            ("camille@agriculture.gouv.fr", True)
        ]
        assert AttachmentChange.objects.filter(
            user=user, to_entity=agriculture, trigger=AttachmentChange.Trigger.EMAIL_CHANGE
        ).exists()

    def test_new_address_of_another_account_is_refused(self, client, proconnect, justice):
        proconnect.set_accounts(("camille", agent("camille")))
        sign_in(client, proconnect, "camille")
        client.logout()
        UserFactory(email="pris@justice.gouv.fr")
        proconnect.set_accounts(("camille", agent("camille", email="pris@justice.gouv.fr")))
        text = refused(sign_in(client, proconnect, "camille"))
        assert "déjà utilisée par un autre compte" in text
        assert User.objects.get(socialaccount__isnull=False).email == "camille@justice.gouv.fr"
        assert "_auth_user_id" not in client.session


class TestRefusals:
    """Each refusal: a French page, nobody signed in, no account created, an audit row."""

    def assert_nothing_changed(self, client, code: str) -> None:
        assert "_auth_user_id" not in client.session
        assert not User.objects.exists()
        assert not SocialAccount.objects.exists()
        assert AuditEvent.objects.filter(
            action="accounts.proconnect_refused", data__code=code
        ).exists()

    def test_bad_state(self, client, proconnect, justice):
        proconnect.set_accounts(("camille", agent("camille")))
        callback = proconnect.authorize(start(client), "camille")
        forged = callback.replace("state=", "state=x")
        text = refused(client.get(path_of(forged)))
        assert "expiré ou a déjà été utilisée" in text
        self.assert_nothing_changed(client, "bad_state")

    def test_replayed_state(self, client, proconnect, justice):
        proconnect.set_accounts(("camille", agent("camille")))
        callback = proconnect.authorize(start(client), "camille")
        assert client.get(path_of(callback)).status_code == HTTPStatus.FOUND
        client.logout()
        User.objects.all().delete()
        refused(client.get(path_of(callback)))
        self.assert_nothing_changed(client, "bad_state")

    def test_state_of_another_browser(self, client, proconnect, justice, django_user_model):
        proconnect.set_accounts(("camille", agent("camille")))
        callback = proconnect.authorize(start(client), "camille")
        victim = Client(HTTP_HOST="127.0.0.1")
        refused(victim.get(path_of(callback)))
        self.assert_nothing_changed(victim, "bad_state")

    def test_wrong_acr(self, client, proconnect, justice, settings):
        settings.SOCIALACCOUNT_PROVIDERS = proconnect.settings(acr_values=["eidas2"])
        proconnect.set_accounts(("camille", agent("camille", acr="eidas1")))
        text = refused(sign_in(client, proconnect, "camille"))
        assert "niveau d'authentification" in text
        self.assert_nothing_changed(client, "acr_refused")

    @pytest.mark.parametrize("tamper", ["forged", "unsigned"])
    def test_tampered_userinfo(self, client, proconnect, justice, tamper):
        proconnect.set_accounts(("camille", agent("camille", tamper_userinfo=tamper)))
        text = refused(sign_in(client, proconnect, "camille"))
        assert "pas signée correctement" in text
        self.assert_nothing_changed(client, "invalid_userinfo")

    @pytest.mark.parametrize("tamper", ["forged", "unsigned"])
    def test_tampered_id_token(self, client, proconnect, justice, tamper):
        proconnect.set_accounts(("camille", agent("camille", tamper_id_token=tamper)))
        text = refused(sign_in(client, proconnect, "camille"))
        assert "pas signée correctement" in text
        self.assert_nothing_changed(client, "invalid_id_token")

    def test_wrong_nonce(self, client, proconnect, justice):
        """A genuine provider signature on an id_token issued for another request."""
        proconnect.set_accounts(("camille", agent("camille", tamper_id_token="nonce")))
        text = refused(sign_in(client, proconnect, "camille"))
        assert "ne correspond pas à votre demande" in text
        self.assert_nothing_changed(client, "nonce_mismatch")

    def test_missing_essential_claim(self, client, proconnect, justice):
        proconnect.set_accounts(("camille", agent("camille", email=None)))
        text = refused(sign_in(client, proconnect, "camille"))
        assert "toutes les informations nécessaires" in text
        self.assert_nothing_changed(client, "missing_claims")

    def test_expired_code(self, client, proconnect, justice):
        """ProConnect's codes live 30 s; the provider gives this account 1 s codes, and the
        callback comes after they expired (a browser that lingered before coming back)."""
        proconnect.set_accounts(("camille", agent("camille", code_ttl=1)))
        callback = proconnect.authorize(start(client), "camille")
        time.sleep(2.1)  # outlive the code; nothing below measures time
        text = refused(client.get(path_of(callback)))
        assert "code expiré ou réponse invalide" in text
        self.assert_nothing_changed(client, "provider_error")

    def test_code_used_twice(self, client, proconnect, justice):
        """An authorization code is single-use: replayed with a valid state, it is refused."""
        proconnect.set_accounts(("camille", agent("camille")))
        callback = proconnect.authorize(start(client), "camille")
        code = parse_qs(urlsplit(callback).query)["code"][0]
        unused_state = parse_qs(urlsplit(start(client)).query)["state"][0]
        assert client.get(path_of(callback)).status_code == HTTPStatus.FOUND
        replay = f"{reverse('proconnect_callback')}?code={code}&state={unused_state}"
        text = refused(client.get(replay))
        assert "code expiré ou réponse invalide" in text
        assert AuditEvent.objects.filter(
            action="accounts.proconnect_refused", data__code="provider_error"
        ).exists()
        assert User.objects.count() == 1


class TestLogout:
    def test_logout_goes_through_the_provider_and_back(self, client, proconnect, justice):
        proconnect.set_accounts(("camille", agent("camille")))
        browser = requests.Session()
        sign_in(client, proconnect, "camille", browser)
        id_token = client.session["proconnect_id_token"]

        response = client.post(reverse("account_logout"))
        assert response.status_code == HTTPStatus.FOUND
        url = response["Location"]
        assert url.startswith(f"{proconnect.issuer}/")
        query = {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}
        assert query["id_token_hint"] == id_token
        assert len(query["state"]) >= 32
        assert query["post_logout_redirect_uri"] == (
            "http://127.0.0.1/compte/proconnect/deconnexion/retour/"
        )
        assert "_auth_user_id" not in client.session

        back = end_session(url, browser)
        assert parse_qs(urlsplit(back).query)["state"] == [query["state"]]
        response = client.get(path_of(back), follow=True)
        assert "Vous êtes déconnecté de Mentor et de ProConnect" in response.content.decode()
        # The provider's session is over too: signing in again asks for the login.
        again = browser.get(start(client), allow_redirects=True, timeout=10)
        assert "/interaction/" in again.url

    def test_logout_return_with_a_wrong_state(self, client, proconnect, justice):
        proconnect.set_accounts(("camille", agent("camille")))
        sign_in(client, proconnect, "camille")
        client.post(reverse("account_logout"))
        response = client.get(reverse("proconnect_logout_return"), {"state": "x" * 43})
        assert response.status_code == HTTPStatus.BAD_REQUEST
        assert "n'a pas pu être vérifié" in html.unescape(response.content.decode())

    def test_local_sign_in_logs_out_locally(self, client, proconnect, justice):
        user = UserFactory(email="agent@justice.gouv.fr")
        client.force_login(user)
        response = client.post(reverse("account_logout"))
        assert response["Location"] == reverse("catalog:home")


class TestUnlink:
    def test_refused_without_a_password_then_allowed(self, client, proconnect, justice):
        proconnect.set_accounts(("camille", agent("camille")))
        sign_in(client, proconnect, "camille")
        user = User.objects.get()
        page = html.unescape(client.get(reverse("accounts:profile")).content.decode())
        assert "lié à votre identité ProConnect (camille@justice.gouv.fr)" in page
        assert "Définir un mot de passe" in page and "Délier mon identité" not in page

        response = client.post(reverse("proconnect_unlink"), follow=True)
        assert "Définissez d'abord un mot de passe" in html.unescape(response.content.decode())
        assert SocialAccount.objects.filter(user=user).exists()

        user.set_password("un-mot-de-passe-long")
        user.save()
        client.force_login(user)
        assert "Délier mon identité" in client.get(reverse("accounts:profile")).content.decode()
        response = client.post(reverse("proconnect_unlink"), follow=True)
        assert "n'est plus liée" in html.unescape(response.content.decode())
        assert not SocialAccount.objects.filter(user=user).exists()
        assert AuditEvent.objects.filter(action="accounts.proconnect_unlink").exists()

    def test_erasing_the_account_removes_the_identity(self, client, proconnect, justice):
        proconnect.set_accounts(("camille", agent("camille")))
        sign_in(client, proconnect, "camille")
        user = User.objects.get()
        assert personal_data_export(user=user)["proconnect"]["identifiant"] == (
            "idp-justice:sub-camille"
        )
        user_erase(user=user)
        assert not SocialAccount.objects.exists()


def test_allauth_connections_page_leads_to_the_profile(client, proconnect):
    assert client.get("/compte/3rdparty/")["Location"] == reverse("accounts:profile")


class TestLinkPageAccess:
    def test_anonymous_is_sent_to_sign_in(self, client, proconnect):
        response = client.get(reverse("proconnect_link"))
        assert response.status_code == HTTPStatus.FOUND
        assert response["Location"].startswith(reverse("account_login"))

    def test_nothing_pending_goes_back_to_the_profile(self, client, proconnect, justice):
        client.force_login(UserFactory(email="agent@justice.gouv.fr"))
        response = client.get(reverse("proconnect_link"), follow=True)
        assert "Aucune identité ProConnect" in html.unescape(response.content.decode())
        assert not SocialAccount.objects.exists()


def test_provider_unreachable_gives_a_french_page(client, proconnect, settings):
    app_settings = proconnect.settings()
    app_settings["proconnect"]["APPS"][0]["settings"]["server_url"] = "http://127.0.0.1:1"
    settings.SOCIALACCOUNT_PROVIDERS = app_settings
    response = client.post(reverse("proconnect_login"))
    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert "momentanément indisponible" in html.unescape(response.content.decode())


class TestReauthentication:
    """An agent without a password confirms their identity at ProConnect (prompt=login,
    max_age=0) before a sensitive action: allauth alone would let them through."""

    def test_through_the_provider(self, client, proconnect, justice, settings):
        proconnect.set_accounts(("camille", agent("camille")))
        assert sign_in(client, proconnect, "camille").status_code == HTTPStatus.FOUND
        export = reverse("accounts:personal_data_download")
        settings.REAUTHENTICATION_TIMEOUT = 0  # the sign-in is already too old
        page = client.post(export)
        assert page.status_code == HTTPStatus.FORBIDDEN
        assert "Confirmez votre identité" in page.content.decode()
        response = client.post(
            reverse("proconnect_login") + "?action=reauthenticate",
            {"next": reverse("accounts:personal_data")},
        )
        query = parse_qs(urlsplit(response["Location"]).query)
        assert (query["prompt"], query["max_age"]) == (["login"], ["0"])
        back = client.get(path_of(proconnect.authorize(response["Location"], "camille")))
        assert back.status_code == HTTPStatus.FOUND
        assert back["Location"] == reverse("accounts:personal_data")
        settings.REAUTHENTICATION_TIMEOUT = 600
        assert client.post(export).status_code == HTTPStatus.OK
        assert User.objects.count() == 1
