"""GET /api/v1/stats/overview: the dashboard's headline figures, by session or token, on
the same scope rules as the pages."""

from http import HTTPStatus

import pytest
from django.urls import reverse

from mentor.api.services import api_token_create, api_token_revoke
from tests.factories import UserFactory
from tests.reporting.conftest import answer, enrol

pytestmark = pytest.mark.django_db

URL = "/api/v1/stats/overview"


def bearer(user) -> dict:
    _token, secret = api_token_create(user=user, name="SIRH")
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


class TestFigures:
    def test_national_figures_by_session(self, client, platform_admin, world):
        client.force_login(platform_admin)
        response = client.get(URL, {"scope": "national"})
        assert response.status_code == HTTPStatus.OK
        body = response.json()
        # The hand-counted world (tests/reporting/conftest.py).
        assert {k: body[k] for k in ("accounts", "agents", "other_users")} == {
            "accounts": 7,
            "agents": 6,
            "other_users": 1,
        }
        assert (body["accounts_enrolled"], body["accounts_never_enrolled"]) == (5, 2)
        assert (body["enrolments"], body["completions"], body["completion_rate"]) == (4, 2, 50.0)
        assert (body["hours"], body["hours_per_agent"]) == (3.5, 0.9)
        # Two respondents: no share is given, only their number.
        assert body["satisfaction"] == {
            "respondents": 2,
            "satisfied_rate": None,
            "adapted_rate": None,
            "reuse_rate": None,
        }

    def test_satisfaction_shares_from_five_respondents(self, client, platform_admin, world):
        for _ in range(3):
            e = enrol(UserFactory(), world.t_justice)
            answer(e, satisfaction=4, adapted=True, reuse=False)
        client.force_login(platform_admin)
        satisfaction = client.get(URL).json()["satisfaction"]
        assert satisfaction == {
            "respondents": 5,
            "satisfied_rate": 80.0,  # 5, 3, 4, 4, 4: all but the 3
            "adapted_rate": 80.0,
            "reuse_rate": 40.0,
        }

    def test_a_referent_gets_the_figures_of_their_page(self, client, justice_admin, world):
        client.force_login(justice_admin)
        body = client.get(URL, {"scope": "justice"}).json()
        page = client.get(reverse("reporting:dashboard"), {"entity": "justice"}).context["dash"]
        assert (body["accounts"], body["accounts_enrolled"]) == (
            page.accounts.created,
            page.accounts.enrolled,
        )
        assert (body["enrolments"], body["completions"], body["hours"]) == (
            page.learning.enrolments,
            page.learning.completions,
            page.learning.hours,
        )
        # j1..j4 of Justice (j2 in its DAP sub-direction); j1 and j2 still enrolled.
        assert (body["accounts"], body["enrolments"], body["completions"]) == (4, 2, 1)

    def test_the_period_is_read_in_paris_days(self, client, platform_admin, world):
        client.force_login(platform_admin)
        response = client.get(URL, {"start": "2001-01-01", "end": "2001-12-31"})
        assert response.status_code == HTTPStatus.OK
        assert (response.json()["accounts"], response.json()["enrolments"]) == (0, 0)

    @pytest.mark.parametrize(
        ("params", "message"),
        [
            ({"start": "2026-02-01", "end": "2026-01-01"}, "La date de fin doit suivre"),
            ({"start": "2010-01-01", "end": "2026-01-01"}, "cinq ans"),
            ({"start": "pas une date"}, "Paramètres invalides"),
        ],
    )
    def test_a_bad_period_gets_a_french_422(self, client, platform_admin, params, message):
        client.force_login(platform_admin)
        response = client.get(URL, params)
        assert response.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
        assert message in response.json()["detail"]


class TestScope:
    def test_a_space_admin_asking_for_another_ministry_gets_403(self, client, justice_admin, world):
        client.force_login(justice_admin)
        for scope in ("agriculture", "national"):
            response = client.get(URL, {"scope": scope})
            assert response.status_code == HTTPStatus.FORBIDDEN, scope
            assert "accès" in response.json()["detail"]
        assert client.get(URL, {"scope": "dap"}).status_code == HTTPStatus.OK  # a sub-entity

    def test_an_unknown_entity_is_404(self, client, platform_admin, world):
        client.force_login(platform_admin)
        assert client.get(URL, {"scope": "nulle-part"}).status_code == HTTPStatus.NOT_FOUND

    def test_agents_get_403_and_visitors_401(self, client, world):
        assert client.get(URL).status_code == HTTPStatus.UNAUTHORIZED
        client.force_login(world.people["j1"])
        assert client.get(URL).status_code == HTTPStatus.FORBIDDEN

    def test_a_designer_has_no_entity_figures(self, client, agriculture_designer, world):
        client.force_login(agriculture_designer)
        assert client.get(URL, {"scope": "agriculture"}).status_code == HTTPStatus.FORBIDDEN


class TestTokens:
    def test_a_token_calls_as_its_owner(self, client, justice_admin, world):
        headers = bearer(justice_admin)
        assert client.get(URL, {"scope": "justice"}, **headers).status_code == HTTPStatus.OK
        assert client.get(URL, {"scope": "agriculture"}, **headers).status_code == 403

    def test_a_revoked_token_no_longer_opens(self, client, justice_admin, world):
        token, secret = api_token_create(user=justice_admin, name="SIRH")
        headers = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
        assert client.get(URL, {"scope": "justice"}, **headers).status_code == HTTPStatus.OK
        api_token_revoke(user=justice_admin, token_id=token.pk)
        assert client.get(URL, {"scope": "justice"}, **headers).status_code == 401

    def test_a_wrong_token_is_401(self, client, world):
        headers = {"HTTP_AUTHORIZATION": "Bearer mentor_nimportequoi"}
        assert client.get(URL, **headers).status_code == HTTPStatus.UNAUTHORIZED

    def test_a_token_loses_the_rights_its_owner_loses(self, client, justice_admin, world):
        headers = bearer(justice_admin)
        justice_admin.role_assignments.all().delete()
        assert client.get(URL, {"scope": "justice"}, **headers).status_code == 403

    def test_an_agents_token_sees_no_figure(self, client, world):
        headers = bearer(world.people["j1"])
        assert client.get(URL, **headers).status_code == HTTPStatus.FORBIDDEN

    def test_the_overview_is_in_the_openapi_document(self, client):
        document = client.get("/api/v1/openapi.json").json()
        assert "/api/v1/stats/overview" in document["paths"]
        schemes = document["components"]["securitySchemes"]
        assert {"PersonalToken", "SessionAuth"} <= set(schemes)
