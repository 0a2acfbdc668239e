from http import HTTPStatus

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import CollectionFactory, SessionFactory, TrainingFactory, UserFactory


@pytest.fixture
def offer(justice, agriculture):
    eco = CollectionFactory(slug="eco", name="Transition écologique")
    inter = TrainingFactory(title="Sobriété énergétique", producer=justice, collections=[eco])
    SessionFactory(training=inter)
    TrainingFactory(
        title="Offre interne agriculture",
        slug="offre-interne-agriculture",
        producer=agriculture,
        owner_entity=agriculture,
    )
    return inter


@pytest.mark.django_db
class TestPublicApi:
    def test_openapi_schema_is_published(self, client):
        response = client.get("/api/v1/openapi.json")
        assert response.status_code == HTTPStatus.OK
        assert response.json()["openapi"].startswith("3.")

    def test_collections(self, client, offer):
        assert [c["slug"] for c in client.get("/api/v1/collections").json()] == ["eco"]

    def test_trainings_respect_visibility_and_filters(self, client, offer, agriculture):
        data = client.get("/api/v1/trainings").json()
        assert [t["title"] for t in data["results"]] == ["Sobriété énergétique"]
        client.force_login(UserFactory(entity=agriculture))
        titles = {t["title"] for t in client.get("/api/v1/trainings").json()["results"]}
        assert titles == {"Sobriété énergétique", "Offre interne agriculture"}
        data = client.get("/api/v1/trainings", {"q": "sobriete", "collection": "eco"}).json()
        assert data["count"] == 1

    def test_training_detail_with_sessions(self, client, offer):
        data = client.get(f"/api/v1/trainings/{offer.slug}").json()
        assert data["title"] == "Sobriété énergétique" and len(data["sessions"]) == 1

    def test_an_invisible_training_is_a_404(self, client, offer):
        response = client.get("/api/v1/trainings/inexistante")
        assert response.status_code == HTTPStatus.NOT_FOUND
        assert response.json() == {"detail": "Ressource introuvable."}
        internal = client.get("/api/v1/trainings/offre-interne-agriculture")
        assert internal.status_code == HTTPStatus.NOT_FOUND
        assert internal.json() == response.json()  # invisible looks like absent

    @pytest.mark.parametrize(
        "url",
        [
            "/api/v1/trainings/abc%00def",
            "/api/v1/sessions?training=abc%00def",
            "/api/v1/trainings?partner=%00&collection=%00&q=%00&modality=%00",
            "/api/v1/trainings?collection=inconnue&partner=inconnu",
        ],
    )
    def test_nul_bytes_and_unknown_values_never_a_500(self, client, offer, url):
        response = client.get(url)
        if "%00" in url:  # refused by the input guard, in the API's JSON shape
            assert response.status_code == HTTPStatus.BAD_REQUEST
            assert "caractères interdits" in response.json()["detail"]
        else:
            assert response.status_code in (HTTPStatus.OK, HTTPStatus.NOT_FOUND)

    def test_openapi_declares_the_errors_the_api_answers(self, client):
        paths = client.get("/api/v1/openapi.json").json()["paths"]
        detail = paths["/api/v1/trainings/{slug}"]["get"]["responses"]
        assert {"200", "400", "404", "422"} <= set(detail)
        assert {"400", "422"} <= set(paths["/api/v1/trainings"]["get"]["responses"])
        assert {"401", "404"} <= set(paths["/api/v1/me/paths/{slug}"]["get"]["responses"])
        # What the API really answers matches what it declares.
        assert client.get("/api/v1/trainings/inconnue").status_code == 404
        assert client.get("/api/v1/trainings?page=x").status_code == 422

    def test_listing_queries_do_not_grow_with_trainings(self, client, offer, justice):
        url = "/api/v1/trainings?q=formation&modality=self_paced"
        with CaptureQueriesContext(connection) as few:
            client.get(url)
        for _ in range(15):
            SessionFactory(training=TrainingFactory(producer=justice, collections=[]))
        with CaptureQueriesContext(connection) as many:
            assert client.get(url).json()["count"] == 16
        assert len(many) == len(few)

    @pytest.mark.parametrize(
        "query",
        ["page=abc", "certifying=peut-etre", "page=99999999999999999999", "modality=x&page=-1"],
    )
    def test_bad_parameters_are_a_clear_4xx_or_an_empty_page(self, client, offer, query):
        response = client.get(f"/api/v1/trainings?{query}")
        assert response.status_code in (HTTPStatus.OK, HTTPStatus.UNPROCESSABLE_ENTITY)
        if response.status_code == HTTPStatus.UNPROCESSABLE_ENTITY:
            assert response.json()["detail"] == "Paramètres invalides."

    def test_sessions_endpoint(self, client, offer):
        data = client.get("/api/v1/sessions", {"training": offer.slug}).json()
        assert data[0]["status"] == "open"
