"""The signed-in account read on every request (``accounts.backends``, SQL built once):
the same account, the same rules as Django's own session authentication."""

from http import HTTPStatus

import pytest
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mentor.accounts.models import User
from mentor.accounts.selectors import user_by_key
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def profile(client):
    return client.get(reverse("accounts:profile"))


def test_the_signed_in_person_is_read_whole_in_one_query(client, justice):
    agent = UserFactory(entity=justice, first_name="Aïcha", last_name="Benali")
    client.force_login(agent)
    with CaptureQueriesContext(connection) as queries:
        response = profile(client)
    assert response.status_code == HTTPStatus.OK
    assert response.wsgi_request.user == agent
    assert response.wsgi_request.user.entity_id == justice.pk
    table = User._meta.db_table
    reads = [q for q in queries if f'FROM "{table}"' in q["sql"] and '"id" = ' in q["sql"]]
    assert len(reads) == 1


def test_a_deactivated_account_is_signed_out_at_its_next_request(client, justice):
    agent = UserFactory(entity=justice)
    client.force_login(agent)
    assert profile(client).status_code == HTTPStatus.OK
    User.objects.filter(pk=agent.pk).update(is_active=False)  # no signal: read each time
    assert profile(client).status_code == HTTPStatus.FOUND


def test_a_password_changed_elsewhere_ends_the_session(client, justice):
    agent = UserFactory(entity=justice)
    client.force_login(agent)
    agent.set_password("un-autre-mot-de-passe-2026")
    agent.save()
    assert profile(client).status_code == HTTPStatus.FOUND


def test_a_deleted_account_or_a_key_out_of_range_finds_nobody(justice):
    agent = UserFactory(entity=justice)
    assert user_by_key(key=agent.pk) == agent
    assert user_by_key(key=agent.pk + 1000) is None
    assert user_by_key(key=0) is None
    assert user_by_key(key=2**63) is None
    assert user_by_key(key=None) is None  # type: ignore[arg-type]
    key = agent.pk
    agent.delete()
    assert user_by_key(key=key) is None


@pytest.mark.parametrize(
    "former",
    [
        "django.contrib.auth.backends.ModelBackend",
        "allauth.account.auth_backends.AuthenticationBackend",
    ],
)
def test_a_session_opened_before_the_upgrade_stays_signed_in(client, justice, former):
    agent = UserFactory(entity=justice)
    client.force_login(agent)
    session = client.session
    session[BACKEND_SESSION_KEY] = former
    session.save()
    assert profile(client).status_code == HTTPStatus.OK
    assert client.session[BACKEND_SESSION_KEY] in settings.AUTHENTICATION_BACKENDS
