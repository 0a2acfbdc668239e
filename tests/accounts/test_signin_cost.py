"""What a sign-in costs beyond the password hash: its queries, and the failed sign-in
limits counted in Redis (``accounts.login_limits``) as strictly as allauth counts them."""

import re
import time
import uuid
from http import HTTPStatus

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.sessions.backends.base import VALID_KEY_CHARS
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.test import Client, override_settings
from django.urls import reverse
from redis.connection import Connection

from mentor.accounts import login_limits, session_store
from mentor.accounts.models import User
from mentor.accounts.selectors import SignInFacts, user_for_sign_in
from mentor.accounts.services import user_attach
from mentor.organisations.selectors import entity_for_email
from tests.core.test_production import _redis_up
from tests.factories import PASSWORD, UserFactory


def _sign_in(client, email: str, password: str = PASSWORD):
    return client.post(reverse("account_login"), {"login": email, "password": password})


@pytest.fixture
def agent(justice) -> User:
    """An agent already attached to their ministry, as at their every later sign-in."""
    user = UserFactory(email="claire@justice.gouv.fr")
    user_attach(user=user, trigger="signin")
    return user


@pytest.mark.django_db
class TestSignInFacts:
    """What a sign-in asks about the account, read with it (``selectors.user_for_sign_in``),
    says what the queries it replaces would say."""

    def test_an_agent_s_facts(self, agent, justice):
        facts = user_for_sign_in(email=agent.email).sign_in_facts
        assert facts == SignInFacts(
            email=agent.email, email_verified=True, second_factor=False, entity_id=justice.pk
        )

    @pytest.mark.parametrize(
        "email",
        [
            "paul@justice.gouv.fr",
            "paul@dap.justice.gouv.fr",  # the longest registered domain wins
            "paul@greffe.dap.justice.gouv.fr",
            "paul@gmail.com",  # not a State address
            "paul@xn--fiqs8s.justice.gouv.fr",
        ],
    )
    def test_the_entity_is_the_one_of_the_automatic_attachment(self, penitentiaire, email):
        UserFactory(email=email)
        expected = entity_for_email(email)
        facts = user_for_sign_in(email=email).sign_in_facts
        assert facts.entity_id == (expected.pk if expected else None)

    def test_an_unverified_or_missing_address_and_a_second_factor(self, agent):
        Authenticator.objects.create(user=agent, type=Authenticator.Type.TOTP, data={})
        EmailAddress.objects.filter(user=agent).update(verified=False)
        facts = user_for_sign_in(email=agent.email).sign_in_facts
        assert (facts.email_verified, facts.second_factor) == (False, True)
        EmailAddress.objects.filter(user=agent).delete()
        assert user_for_sign_in(email=agent.email).sign_in_facts.email_verified is None

    def test_recovery_codes_alone_ask_for_no_code(self, agent):
        Authenticator.objects.create(user=agent, type=Authenticator.Type.RECOVERY_CODES, data={})
        assert user_for_sign_in(email=agent.email).sign_in_facts.second_factor is False

    def test_an_unknown_address(self, db):
        with pytest.raises(User.DoesNotExist):
            user_for_sign_in(email="personne@justice.gouv.fr")

    def test_an_unverified_address_is_sent_to_verification(self, client, agent, mailoutbox):
        EmailAddress.objects.filter(user=agent).update(verified=False)
        response = _sign_in(client, agent.email)
        assert response["Location"] == reverse("account_email_verification_sent")
        assert "_auth_user_id" not in client.session
        assert len(mailoutbox) == 1

    def test_an_address_typed_in_another_case_signs_in_and_attaches(self, client, justice):
        # Not the account's exact e-mail: allauth's own backend finds it, without the facts.
        user = UserFactory(email="paul@justice.gouv.fr")
        assert user.entity is None
        response = _sign_in(client, "Paul@Justice.gouv.fr")
        assert response.status_code == HTTPStatus.FOUND
        user.refresh_from_db()
        assert user.entity == justice and user.last_login is not None

    def test_a_sign_in_moves_the_agent_whose_domain_changed_entity(
        self, client, agent, penitentiaire
    ):
        User.objects.filter(pk=agent.pk).update(email="claire@dap.justice.gouv.fr")
        EmailAddress.objects.filter(user=agent).update(email="claire@dap.justice.gouv.fr")
        assert _sign_in(client, "claire@dap.justice.gouv.fr").status_code == HTTPStatus.FOUND
        agent.refresh_from_db()
        assert agent.entity == penitentiaire
        assert agent.attachment_history.filter(trigger="signin").exists()


@pytest.mark.django_db
class TestSigninQueries:
    def test_a_sign_in_costs_five_queries(self, client, agent, django_assert_num_queries):
        # The account with what the sign-in asks about it (its address verified, a second
        # factor, the entity of its domain: selectors.user_for_sign_in), the last sign-in
        # time, the new session written once (session_store), in a savepoint (a clash of
        # keys must not break an enclosing transaction). No query for the guided tours: the
        # "signed in" message does not show them.
        client.get(reverse("account_login"))
        with django_assert_num_queries(5) as captured:
            response = _sign_in(client, agent.email)
        assert response.status_code == HTTPStatus.FOUND
        sql = [q["sql"] for q in captured.captured_queries]
        sessions = [q for q in sql if "django_session" in q]
        assert len(sessions) == 1 and sessions[0].startswith("INSERT")
        for table in ("account_emailaddress", "mfa_authenticator", "organisations_emaildomain"):
            assert len([q for q in sql if table in q]) == 1, table  # in the account's query
        assert client.get(reverse("catalog:home")).context["user"] == agent

    def test_a_sign_in_with_a_second_factor_stays_within_its_budget(
        self, client, agent, django_assert_max_num_queries
    ):
        Authenticator.objects.create(user=agent, type=Authenticator.Type.TOTP, data={})
        client.get(reverse("account_login"))
        with django_assert_max_num_queries(8):
            response = _sign_in(client, agent.email)
        assert response["Location"] == reverse("mfa_authenticate")
        assert "_auth_user_id" not in client.session

    def test_a_new_session_key_is_a_new_row_and_the_old_one_is_gone(self, client, agent):
        _sign_in(client, agent.email)
        first = client.session.session_key
        client.post(reverse("account_logout"))
        _sign_in(client, agent.email)
        second = client.session.session_key
        assert first != second
        assert Session.objects.filter(session_key=second).exists()
        assert not Session.objects.filter(session_key=first).exists()


REDIS_CACHE = {
    "default": {
        "BACKEND": "mentor.core.cache.FailOpenRedisCache",
        "LOCATION": "redis://127.0.0.1:6379/0",
        "OPTIONS": {"IGNORE_EXCEPTIONS": True},
    }
}


@pytest.fixture
def redis_cache():
    """The production cache on the local Redis, under a prefix of this test's own."""
    prefix = f"test-{uuid.uuid4().hex}"
    with override_settings(CACHES={"default": {**REDIS_CACHE["default"], "KEY_PREFIX": prefix}}):
        yield cache
        client = cache.client.get_client(write=True)
        keys = client.keys(f"{prefix}:*")
        if keys:
            client.delete(*keys)


@pytest.mark.skipif(not _redis_up(), reason="Redis is not running on 127.0.0.1:6379")
@pytest.mark.django_db
class TestFailedSigninLimitsInRedis:
    def test_many_wrong_passwords_are_refused_even_with_the_right_one(self, agent, redis_cache):
        client = Client()
        for _ in range(5):  # 5 per account and 5 minutes
            assert "sont incorrects" in _sign_in(client, agent.email, "faux").content.decode()
        response = _sign_in(client, agent.email)
        assert "Trop de tentatives" in response.content.decode()
        assert "_auth_user_id" not in client.session

    def test_successful_sign_ins_give_their_place_back(self, agent, redis_cache):
        # 10 per address and minute: twelve sign-ins in a row all succeed, as with allauth.
        for _ in range(12):
            client = Client()
            assert _sign_in(client, agent.email).status_code == HTTPStatus.FOUND
        keys = redis_cache.client.get_client(write=True).keys("*login_failed*")
        assert all(redis_cache.client.get_client(write=True).zcard(key) == 0 for key in keys)

    def test_failures_from_one_address_are_limited_across_accounts(self, justice, redis_cache):
        emails = [UserFactory(email=f"agent{i}@justice.gouv.fr").email for i in range(11)]
        client = Client()
        for email in emails[:10]:
            assert "sont incorrects" in _sign_in(client, email, "faux").content.decode()
        assert "Trop de tentatives" in _sign_in(client, emails[10]).content.decode()

    def test_a_password_reset_clears_the_account_s_failures(self, agent, redis_cache, mailoutbox):
        client = Client()
        for _ in range(5):
            _sign_in(client, agent.email, "faux")
        client.post(reverse("account_reset_password"), {"email": agent.email})
        link = re.search(
            r"https?://[^/\s]+(/compte/password/reset/key/[^\s]+/)", mailoutbox[-1].body
        ).group(1)
        response = client.get(link, follow=True)
        form_url = response.redirect_chain[-1][0] if response.redirect_chain else link
        new = "un tout nouveau mot de passe 2026"
        assert client.post(form_url, {"password1": new, "password2": new}).status_code == 302
        assert _sign_in(Client(), agent.email, new).status_code == HTTPStatus.FOUND


@pytest.mark.django_db
class TestSigninPageCache:
    def test_visitors_share_the_sign_in_page_each_with_its_own_nonce_and_token(self, agent):
        seen = []
        for _ in range(2):
            client = Client(enforce_csrf_checks=True)
            response = client.get(reverse("account_login"))
            assert "no-cache" in response["Cache-Control"]  # allauth's never_cache, kept
            html = response.content.decode()
            nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
            assert all(f'nonce="{nonce}"' in tag for tag in re.findall(r"<script[^>]*>", html))
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
            signed_in = client.post(
                reverse("account_login"),
                {"login": agent.email, "password": PASSWORD, "csrfmiddlewaretoken": token},
            )
            assert signed_in.status_code == HTTPStatus.FOUND
            seen.append((nonce, token))
        assert seen[0][0] != seen[1][0] and seen[0][1] != seen[1][1]

    def test_a_page_with_a_next_is_its_own(self, client, db):
        url = reverse("account_login") + "?next=/mes-formations/"
        assert 'value="/mes-formations/"' in client.get(url).content.decode()
        assert "/mes-formations/" not in client.get(reverse("account_login")).content.decode()


def _redis_round_trips(monkeypatch) -> list:
    """Every command (or pipeline) sent to Redis from now on, one entry per round trip."""
    sent: list = []
    original = Connection.send_packed_command

    def send(self, command, check_health=True):
        sent.append(command)
        return original(self, command, check_health)

    monkeypatch.setattr(Connection, "send_packed_command", send)
    return sent


@pytest.mark.skipif(not _redis_up(), reason="Redis is not running on 127.0.0.1:6379")
@pytest.mark.django_db
class TestSigninLimitInRedis:
    """allauth's own limit on the sign-in view (30 POSTs a minute per address), counted in
    one Redis round trip (``login_limits.rate_limit``)."""

    def test_the_thirty_first_post_of_a_minute_is_refused(self, agent, redis_cache):
        client = Client(REMOTE_ADDR="10.0.0.7")
        for _ in range(30):  # a form error still counts, as with allauth
            assert _sign_in(client, agent.email, "").status_code == HTTPStatus.OK
        response = _sign_in(client, agent.email)
        assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS
        assert "_auth_user_id" not in client.session
        assert client.get(reverse("account_login")).status_code == HTTPStatus.OK  # GETs free
        other = Client(REMOTE_ADDR="10.0.0.8")  # another address has its own window
        assert _sign_in(other, agent.email).status_code == HTTPStatus.FOUND

    def test_the_window_slides(self, agent, redis_cache, monkeypatch):
        client = Client(REMOTE_ADDR="10.0.0.9")
        for _ in range(30):
            _sign_in(client, agent.email, "")
        assert _sign_in(client, agent.email).status_code == HTTPStatus.TOO_MANY_REQUESTS
        later = time.time() + 61
        monkeypatch.setattr(login_limits.time, "time", lambda: later)
        assert _sign_in(client, agent.email).status_code == HTTPStatus.FOUND

    def test_a_sign_in_costs_four_redis_round_trips(self, agent, redis_cache, monkeypatch):
        # The sign-in limit (one script), the failed sign-in limits reserved (one script)
        # and given back (one pipeline), the new session cached (one SET).
        client = Client()
        client.get(reverse("account_login"))
        sent = _redis_round_trips(monkeypatch)
        assert _sign_in(client, agent.email).status_code == HTTPStatus.FOUND
        assert len(sent) == 4

    def test_redis_down_lets_people_sign_in(self, agent, settings, caplog):
        settings.CACHES = {
            "default": {
                **REDIS_CACHE["default"],
                "LOCATION": "redis://127.0.0.1:1/0",
                "OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 0.2},
            }
        }
        response = _sign_in(Client(), agent.email)
        assert response.status_code == HTTPStatus.FOUND
        assert "sign-in let through" in caplog.text


@pytest.mark.django_db
class TestSigninLimitWithoutRedis:
    def test_allauth_counts_it_on_the_local_cache(self, agent):
        client = Client(REMOTE_ADDR="10.0.1.7")
        for _ in range(30):
            _sign_in(client, agent.email, "")
        assert _sign_in(client, agent.email).status_code == HTTPStatus.TOO_MANY_REQUESTS


class TestSessionKeys:
    def test_keys_are_django_s_shape_and_all_differ(self):
        keys = {session_store._new_key() for _ in range(2000)}
        assert len(keys) == 2000
        assert all(len(k) == 32 and set(k) <= set(VALID_KEY_CHARS) for k in keys)

    def test_every_character_is_drawn_at_every_place(self):
        keys = [session_store._new_key() for _ in range(3000)]
        for place in (0, 15, 31):  # the last digits of the number too, not only the first
            assert {k[place] for k in keys} == set(VALID_KEY_CHARS)
