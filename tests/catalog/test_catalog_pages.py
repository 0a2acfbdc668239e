"""Catalog listing: facets, search, sorting, bad input, query budget."""

from http import HTTPStatus

import pytest
from django.db import connection
from django.urls import reverse

from mentor.catalog.models import SessionState
from tests.factories import CollectionFactory, SessionFactory, TrainingFactory


@pytest.fixture
def offer(justice, agriculture):
    rh = CollectionFactory(slug="rh", name="Ressources humaines")
    sante = CollectionFactory(slug="sante", name="Hygiène, santé et sécurité au travail", parent=rh)
    eco = CollectionFactory(slug="eco", name="Transition écologique")
    t1 = TrainingFactory(
        title="Sensibilisation à la transition écologique",
        keywords="climat, sobriété",
        producer=justice,
        collections=[eco],
        modality="tutored",
        duration_hours=3,
    )
    t2 = TrainingFactory(
        title="Prévenir les risques psychosociaux",
        producer=agriculture,
        collections=[sante],
        modality="virtual_class",
        certifying=True,
        duration_hours=14,
    )
    t3 = TrainingFactory(
        title="Recruter sans discriminer",
        summary="Les formations du recruteur public.",
        producer=justice,
        collections=[rh],
        modality="tutored",
        duration_hours=6,
    )
    SessionFactory(training=t1)
    SessionFactory(training=t2, state=SessionState.CLOSED)
    return {"t1": t1, "t2": t2, "t3": t3}


def _get(client, **params):
    return client.get(reverse("catalog:list"), params)


def _facet(response, name):
    return {v.value: v.count for v in response.context["result"].facets[name]}


def _titles(response):
    return {t.title for t in response.context["result"].page.object_list}


@pytest.mark.django_db
class TestFacets:
    def test_a_parent_collection_includes_its_sub_collections(self, client, offer):
        response = _get(client, collection="rh")
        assert _titles(response) == {
            "Prévenir les risques psychosociaux",
            "Recruter sans discriminer",
        }

    def test_counts_reflect_the_other_active_filters(self, client, offer):
        response = _get(client, modality="tutored")
        # The modality facet ignores its own filter...
        assert _facet(response, "modality")["virtual_class"] == 1
        # ...while the others count only tutored trainings.
        assert (
            _facet(response, "collection")["rh"] == 1 and _facet(response, "collection")["eco"] == 1
        )
        assert _facet(response, "certifying")["1"] == 0
        assert _facet(response, "duration") == {"lt2": 0, "2to7": 2, "7to21": 0, "gt21": 0}

    def test_open_now_keeps_only_trainings_with_an_open_session(self, client, offer):
        assert _titles(_get(client, open="1")) == {"Sensibilisation à la transition écologique"}

    def test_filters_combine(self, client, offer, justice):
        response = _get(client, partner=justice.slug, duration="2to7")
        assert _titles(response) == {
            "Sensibilisation à la transition écologique",
            "Recruter sans discriminer",
        }


@pytest.mark.django_db
class TestSearch:
    @pytest.mark.parametrize("q", ["ecologique", "ÉCOLOGIQUE", "écologique", "sobriete"])
    def test_accents_and_case_do_not_matter(self, client, offer, q):
        assert _titles(_get(client, q=q)) == {"Sensibilisation à la transition écologique"}

    def test_plural_finds_singular(self, client, offer):
        # French stemming on PostgreSQL; plural folding on the SQLite fallback.
        assert "Recruter sans discriminer" in _titles(_get(client, q="formations"))

    def test_relevance_puts_title_matches_first(self, client, offer):
        TrainingFactory(title="Autre", summary="Parle un peu de risques.")
        response = _get(client, q="risques", sort="relevance")
        assert (
            response.context["result"].page.object_list[0].title
            == "Prévenir les risques psychosociaux"
        )

    def test_no_result_shows_a_french_message(self, client, offer):
        response = _get(client, q="zzzzqqq")
        assert "Aucune formation ne correspond" in response.content.decode()


@pytest.mark.django_db
class TestBadInput:
    @pytest.mark.parametrize(
        "params",
        [
            {"collection": "inconnue", "modality": "teleportation", "duration": "forever"},
            {"page": "999999999"},
            {"page": "-3"},
            {"page": "abc"},
            {"sort": "DROP TABLE"},
            {"q": "x" * 5000},
            {"q": "'\"; -- %00 \\ & | ! ( ) : * <script>"},
            {"certifying": "maybe", "open": "[]"},
        ],
    )
    def test_never_a_500(self, client, offer, params):
        response = _get(client, **params)
        assert response.status_code == HTTPStatus.OK

    def test_unknown_facet_values_are_ignored(self, client, offer):
        assert len(_titles(_get(client, modality="teleportation"))) == 3

    def test_a_huge_page_number_shows_the_last_page(self, client, offer):
        assert _get(client, page="999999").context["result"].page.number == 1


@pytest.mark.django_db
class TestQueryBudget:
    def _count(self, client, django_assert_max_num_queries, url, budget):
        with django_assert_max_num_queries(budget) as captured:
            assert client.get(url).status_code == HTTPStatus.OK
        return len(captured.captured_queries)

    def test_listing_queries_do_not_grow_with_trainings(self, client, offer, justice):
        url = reverse("catalog:list") + "?q=formation&open=1&modality=tutored"
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as few:
            client.get(url)
        TrainingFactory.create_batch(20, producer=justice, summary="Une formation de plus.")
        with CaptureQueriesContext(connection) as many:
            client.get(url)
        assert len(many) == len(few) <= 16

    def test_home_queries_do_not_grow_with_trainings(self, client, offer, justice):
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as few:
            client.get(reverse("catalog:home"))
        TrainingFactory.create_batch(20, producer=justice, featured=True)
        with CaptureQueriesContext(connection) as many:
            client.get(reverse("catalog:home"))
        assert len(many) <= len(few) <= 8


@pytest.mark.django_db
def test_htmx_requests_get_the_fragment(client, offer):
    response = client.get(reverse("catalog:list"), {"q": "risques"}, HTTP_HX_REQUEST="true")
    content = response.content.decode()
    assert "<html" not in content and "Prévenir les risques psychosociaux" in content


@pytest.mark.django_db
def test_training_sheet_and_invisible_sheet(client, offer, agriculture):
    assert client.get(offer["t1"].get_absolute_url()).status_code == HTTPStatus.OK
    internal = TrainingFactory(producer=agriculture, owner_entity=agriculture)
    assert client.get(internal.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND
