"""Personal API tokens: created and revoked by their owner in "Mon compte", shown once,
stored as a digest only, and only ever as strong as their owner."""

import hashlib
from http import HTTPStatus

import pytest
from django.urls import reverse

from mentor.accounts.services import user_erase
from mentor.api.models import ApiToken
from mentor.api.services import api_token_create
from mentor.audit.models import AuditEvent
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

URL = reverse("api_tokens:list")


class TestTokenPage:
    def test_created_shown_once_and_hashed_at_rest(self, client):
        user = UserFactory()
        client.force_login(user)
        response = client.post(URL, {"name": "SIRH du ministère"})
        assert response.status_code == HTTPStatus.CREATED
        secret = response.context["secret"]
        assert secret.startswith("mentor_") and len(secret) > 40
        assert secret in response.content.decode()
        token = ApiToken.objects.get(user=user)
        assert token.digest == hashlib.sha256(secret.encode()).hexdigest()
        # The secret is nowhere in the row, and the page never shows it again.
        row = " ".join(str(v) for v in ApiToken.objects.filter(pk=token.pk).values().get().values())
        assert secret not in row
        again = client.get(URL).content.decode()
        assert secret not in again and "SIRH du ministère" in again and token.prefix in again
        assert AuditEvent.objects.filter(action="api.token_create", actor=user).exists()

    def test_a_token_without_a_name_is_refused_in_french(self, client):
        client.force_login(UserFactory())
        response = client.post(URL, {"name": " "})
        assert response.status_code == HTTPStatus.BAD_REQUEST
        assert "Ce champ est obligatoire" in response.content.decode()
        assert not ApiToken.objects.exists()

    def test_the_owner_revokes_it(self, client):
        user = UserFactory()
        token, secret = api_token_create(user=user, name="SIRH")
        client.force_login(user)
        response = client.post(reverse("api_tokens:revoke", args=[token.pk]), follow=True)
        assert "est révoqué" in response.content.decode()
        token.refresh_from_db()
        assert token.revoked_at is not None
        headers = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
        assert client.get("/api/v1/me/paths", **headers).status_code == HTTPStatus.OK  # session
        client.logout()
        assert client.get("/api/v1/me/paths", **headers).status_code == HTTPStatus.UNAUTHORIZED

    def test_nobody_revokes_someone_elses_token(self, client):
        token, _secret = api_token_create(user=UserFactory(), name="SIRH")
        client.force_login(UserFactory())
        response = client.post(reverse("api_tokens:revoke", args=[token.pk]))
        assert response.status_code == HTTPStatus.BAD_REQUEST
        token.refresh_from_db()
        assert token.revoked_at is None

    def test_one_sees_only_ones_own_tokens(self, client):
        api_token_create(user=UserFactory(), name="Jeton d’un autre")
        client.force_login(UserFactory())
        assert "Jeton d’un autre" not in client.get(URL).content.decode()

    def test_visitors_are_sent_to_sign_in(self, client):
        assert client.get(URL).status_code == HTTPStatus.FOUND

    def test_the_account_menu_links_the_page(self, client):
        client.force_login(UserFactory())
        assert URL in client.get(reverse("accounts:profile")).content.decode()


class TestTokenAuth:
    def test_my_paths_by_token(self, client):
        user = UserFactory()
        _token, secret = api_token_create(user=user, name="SIRH")
        response = client.get("/api/v1/me/paths", HTTP_AUTHORIZATION=f"Bearer {secret}")
        assert response.status_code == HTTPStatus.OK
        assert ApiToken.objects.get(user=user).last_used_at is not None

    def test_an_inactive_owner_or_an_erased_account_closes_the_token(self, client):
        user = UserFactory()
        _token, secret = api_token_create(user=user, name="SIRH")
        user_erase(user=user)
        assert ApiToken.objects.get(user=user).revoked_at is not None
        response = client.get("/api/v1/me/paths", HTTP_AUTHORIZATION=f"Bearer {secret}")
        assert response.status_code == HTTPStatus.UNAUTHORIZED
