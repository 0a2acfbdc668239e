"""ProConnect sign-in against a real OpenID Connect provider (tests/proconnect/provider.mjs)."""

from http import HTTPStatus

import pytest
from allauth.socialaccount.models import SocialAccount
from django.urls import reverse

from mentor.accounts.models import User
from tests.proconnect.provider import agent, path_of

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


def sign_in(client, provider, login: str):
    callback = provider.authorize(start(client), login)
    return client.get(path_of(callback))


class TestNewAccount:
    def test_first_sign_in_creates_an_attached_account(self, client, proconnect, justice):
        proconnect.set_accounts(("camille", agent("camille")))
        response = sign_in(client, proconnect, "camille")
        assert response.status_code == HTTPStatus.FOUND, response.content[:800]
        user = User.objects.get(email="camille@justice.gouv.fr")
        assert not user.has_usable_password()
        assert user.entity == justice
        assert (user.first_name, user.last_name) == ("Camille", "Martin")
        assert SocialAccount.objects.get(user=user).uid == "idp-justice:sub-camille"
        assert client.session["_auth_user_id"] == str(user.pk)
