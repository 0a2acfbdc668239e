"""Session lifetime (idle timeout, absolute lifetime), "sign out of all my sessions", and
re-authentication before sensitive actions. The clock is frozen and moved (time-machine):
nothing here waits or measures time."""

from datetime import timedelta
from http import HTTPStatus
from urllib.parse import parse_qs, urlsplit

import pytest
import time_machine
from allauth.socialaccount.models import SocialAccount
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from mentor.audit.models import AuditEvent
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

START = timezone.now().replace(microsecond=0)


def signed_in(user) -> Client:
    client = Client()
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == HTTPStatus.FOUND
    return client


def profile_status(client) -> int:
    return client.get(reverse("accounts:profile")).status_code


@pytest.fixture
def agent(justice):
    return UserFactory(email="claire@justice.gouv.fr", entity=justice)


class TestIdleTimeout:
    def test_signed_out_after_idle_period(self, agent, settings):
        settings.SESSION_IDLE_TIMEOUT = 30 * 60
        with time_machine.travel(START, tick=False) as clock:
            client = signed_in(agent)
            clock.shift(timedelta(minutes=29))
            assert profile_status(client) == HTTPStatus.OK
            clock.shift(timedelta(minutes=31))
            response = client.get(reverse("accounts:profile"))
        assert response.status_code == HTTPStatus.FOUND
        assert response["Location"].startswith(reverse("account_login"))
        assert parse_qs(urlsplit(response["Location"]).query)["next"] == ["/profil/"]
        assert "_auth_user_id" not in client.session
        page = client.get(response["Location"]).content.decode()
        assert "période d’inactivité" in page

    def test_activity_keeps_the_session_alive(self, agent, settings):
        settings.SESSION_IDLE_TIMEOUT = 30 * 60
        with time_machine.travel(START, tick=False) as clock:
            client = signed_in(agent)
            for _ in range(6):  # 2.5 hours, a request every 25 minutes
                clock.shift(timedelta(minutes=25))
                assert profile_status(client) == HTTPStatus.OK

    def test_api_callers_get_a_401(self, agent, settings):
        settings.SESSION_IDLE_TIMEOUT = 60
        with time_machine.travel(START, tick=False) as clock:
            client = signed_in(agent)
            clock.shift(timedelta(minutes=5))
            response = client.get("/api/v1/me/paths")
        assert response.status_code == HTTPStatus.UNAUTHORIZED


class TestAbsoluteLifetime:
    def test_signed_out_after_the_lifetime_even_when_active(self, agent, settings):
        settings.SESSION_IDLE_TIMEOUT = 30 * 60
        settings.SESSION_ABSOLUTE_LIFETIME = 12 * 3600
        with time_machine.travel(START, tick=False) as clock:
            client = signed_in(agent)
            for _ in range(24):  # a request every 29:59 for 11 h 59 min 36 s
                clock.shift(timedelta(minutes=29, seconds=59))
                assert profile_status(client) == HTTPStatus.OK
            clock.shift(timedelta(minutes=1))
            response = client.get(reverse("accounts:profile"))
        assert response.status_code == HTTPStatus.FOUND
        assert "durée maximale" in client.get(response["Location"]).content.decode()

    def test_defaults_suit_a_state_platform(self, settings):
        assert settings.SESSION_IDLE_TIMEOUT <= 30 * 60
        assert settings.SESSION_ABSOLUTE_LIFETIME <= 12 * 3600
        assert settings.SESSION_COOKIE_AGE == settings.SESSION_ABSOLUTE_LIFETIME


class TestSignOutEverywhere:
    def test_every_session_ends(self, agent):
        laptop, phone = signed_in(agent), signed_in(agent)
        assert profile_status(phone) == HTTPStatus.OK
        response = laptop.post(reverse("accounts:sessions_revoke"))
        assert response.status_code == HTTPStatus.FOUND
        assert "_auth_user_id" not in laptop.session
        assert profile_status(phone) == HTTPStatus.FOUND  # the other device is out too
        assert AuditEvent.objects.filter(action="accounts.sessions_revoked").count() == 1
        # Signing in again works, and only the new session is valid.
        again = signed_in(agent)
        assert profile_status(again) == HTTPStatus.OK
        assert profile_status(phone) == HTTPStatus.FOUND

    def test_the_button_is_on_the_profile(self, agent):
        page = signed_in(agent).get(reverse("accounts:profile")).content.decode()
        assert "Se déconnecter de toutes mes sessions" in page

    def test_get_is_refused_and_anonymous_sent_to_sign_in(self, client, agent):
        assert client.post(reverse("accounts:sessions_revoke")).status_code == HTTPStatus.FOUND
        assert signed_in(agent).get(reverse("accounts:sessions_revoke")).status_code == 405

    def test_sessions_of_others_untouched(self, agent, justice):
        other = UserFactory(email="bob@justice.gouv.fr", entity=justice)
        bob = signed_in(other)
        signed_in(agent).post(reverse("accounts:sessions_revoke"))
        assert profile_status(bob) == HTTPStatus.OK


SENSITIVE = [
    reverse("accounts:personal_data_download"),
    reverse("account_email"),
    reverse("account_change_password"),
]


class TestReauthentication:
    @pytest.mark.parametrize("url", SENSITIVE)
    def test_fresh_sign_in_passes_old_one_must_confirm(self, agent, settings, url):
        settings.REAUTHENTICATION_TIMEOUT = 600
        settings.SESSION_IDLE_TIMEOUT = 3600
        with time_machine.travel(START, tick=False) as clock:
            client = signed_in(agent)
            fresh = client.get(url)
            assert not fresh.get("Location", "").startswith(reverse("account_reauthenticate"))
            clock.shift(timedelta(minutes=11))
            response = client.get(url)
            assert response.status_code == HTTPStatus.FOUND
            assert response["Location"].startswith(reverse("account_reauthenticate"))
            confirmed = client.post(response["Location"], {"password": PASSWORD})
            assert confirmed.status_code == HTTPStatus.FOUND
            assert confirmed["Location"] == url
            assert (
                not client.get(url)
                .get("Location", "")
                .startswith(reverse("account_reauthenticate"))
            )

    def test_admin_needs_it_too(self, platform_admin, settings):
        settings.SESSION_IDLE_TIMEOUT = 3600
        with time_machine.travel(START, tick=False) as clock:
            client = signed_in(platform_admin)
            assert client.get("/admin/").status_code == HTTPStatus.OK
            clock.shift(timedelta(minutes=15))
            response = client.get("/admin/")
        assert response["Location"].startswith(reverse("account_reauthenticate"))

    def test_ordinary_pages_do_not_ask(self, agent, settings):
        settings.SESSION_IDLE_TIMEOUT = 3600
        with time_machine.travel(START, tick=False) as clock:
            client = signed_in(agent)
            clock.shift(timedelta(minutes=45))
            assert profile_status(client) == HTTPStatus.OK

    def test_without_password_goes_through_proconnect(self, agent, settings, proconnect):
        """A ProConnect agent has no password: allauth would let them through (it deems
        them 'recently authenticated'); here they must sign in at ProConnect again."""
        agent.set_unusable_password()
        agent.save()
        SocialAccount.objects.create(user=agent, provider="proconnect", uid="idp:sub")
        settings.SESSION_IDLE_TIMEOUT = 3600
        client = Client(HTTP_HOST="127.0.0.1")
        with time_machine.travel(START, tick=False) as clock:
            client.force_login(agent)
            clock.shift(timedelta(minutes=11))
            response = client.get(reverse("accounts:personal_data_download"))
            assert response.status_code == HTTPStatus.FORBIDDEN
            page = response.content.decode()
            assert "Confirmez votre identité" in page
            assert "action=reauthenticate" in page
            start = client.post(
                reverse("proconnect_login") + "?action=reauthenticate",
                {"next": reverse("accounts:personal_data_download")},
            )
        query = parse_qs(urlsplit(start["Location"]).query)
        assert query["prompt"] == ["login"]
        assert query["max_age"] == ["0"]
