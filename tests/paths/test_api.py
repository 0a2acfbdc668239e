from http import HTTPStatus

import pytest

from tests.learning.factories import EnrolmentFactory
from tests.paths.conftest import completed

pytestmark = pytest.mark.django_db


def test_anonymous_gets_401_in_french(client):
    response = client.get("/api/v1/me/paths")
    assert response.status_code == HTTPStatus.UNAUTHORIZED
    assert response.json() == {"detail": "Authentification requise."}


def test_my_paths_and_a_credited_module(client, agent, module, path_session, laicite_2023):
    EnrolmentFactory(user=agent, session=path_session)
    completed(agent, laicite_2023)
    client.force_login(agent)
    listing = client.get("/api/v1/me/paths").json()
    assert listing[0]["slug"] == path_session.training.slug
    assert (listing[0]["modules_total"], listing[0]["modules_complete"]) == (1, 1)
    detail = client.get(f"/api/v1/me/paths/{path_session.training.slug}").json()
    (only,) = detail["modules"]
    assert only["state"] == "credited"
    assert only["credited_from"]["session"] == "2023"
    assert only["credited_from"]["manual"] is False


def test_a_path_i_do_not_follow_is_404(client, agent, module, path_session):
    client.force_login(agent)
    assert client.get("/api/v1/me/paths").json() == []
    response = client.get(f"/api/v1/me/paths/{path_session.training.slug}")
    assert response.status_code == HTTPStatus.NOT_FOUND
