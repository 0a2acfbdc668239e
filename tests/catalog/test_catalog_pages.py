"""Catalog listing: facets, search, sorting, bad input, query budget."""

import re
from datetime import timedelta
from http import HTTPStatus

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from mentor.catalog.models import SessionState
from mentor.catalog.search import apply_search
from mentor.catalog.selectors import PAGE_SIZE, trainings_visible_to
from tests.factories import CollectionFactory, SessionFactory, TrainingFactory, UserFactory


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
        titles = _titles(_get(client, q="formations"))
        assert "Recruter sans discriminer" in titles
        # t1 and t2 only say "formation" (the factory summary), never "formations".
        assert {
            "Sensibilisation à la transition écologique",
            "Prévenir les risques psychosociaux",
        } <= titles

    @pytest.mark.skipif(connection.vendor != "postgresql", reason="French stemming is PostgreSQL's")
    def test_french_stemming_on_postgresql(self, client, offer):
        # "recrutement" and "recruter" share the stem "recrut"; no substring relates them.
        assert _titles(_get(client, q="recrutement")) == {"Recruter sans discriminer"}
        assert _titles(_get(client, q="psychosocial")) == {"Prévenir les risques psychosociaux"}

    @pytest.mark.skipif(connection.vendor != "postgresql", reason="GIN index on PostgreSQL")
    def test_the_search_vector_is_gin_indexed_and_used(self, offer):

        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT indexdef FROM pg_indexes WHERE tablename = 'catalog_training' "
                "AND indexname = 'catalog_training_search_gin'"
            )
            (indexdef,) = cursor.fetchone()
        assert "gin (search_vector)" in indexdef.lower()
        sql = str(apply_search(trainings_visible_to(AnonymousUser()), "climat").query)
        assert "search_vector" in sql and "@@" in sql and "french" in sql

    def test_objectives_and_keywords_are_searched(self, client, justice):
        TrainingFactory(
            title="Atelier", objectives="Maîtriser la négociation salariale.", producer=justice
        )
        TrainingFactory(title="Autre atelier", keywords="Télétravail, hybride", producer=justice)
        assert _titles(_get(client, q="NEGOCIATION")) == {"Atelier"}
        assert _titles(_get(client, q="teletravail")) == {"Autre atelier"}

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
            # NUL is refused by PostgreSQL in any string literal.
            {"partner": "justice\x00", "collection": "\x00", "q": "risques\x00"},
            {"page": "\x00", "sort": "\x00", "modality": "\x00", "duration": "\x00"},
            {"page": "9" * 5000},
            {"collection": [f"c{i}" for i in range(500)]},
        ],
    )
    def test_never_a_500(self, client, offer, params):
        response = _get(client, **params)
        values = [v if isinstance(v, str) else "".join(v) for v in params.values()]
        if any("\x00" in value for value in values):  # refused at the door (input_guard)
            assert response.status_code == HTTPStatus.BAD_REQUEST
            assert "caractères interdits" in response.content.decode()
        else:
            assert response.status_code == HTTPStatus.OK

    def test_malformed_query_strings_never_a_500(self, client, offer):
        for raw in ["%zz=%ff&q=%fe%ff", "q&&&=&page", "=&=="]:
            assert client.get(f"{reverse('catalog:list')}?{raw}").status_code == HTTPStatus.OK
        response = client.get(f"{reverse('catalog:list')}?collection=%00&partner=%00")
        assert response.status_code == HTTPStatus.BAD_REQUEST

    def test_unknown_facet_values_are_ignored(self, client, offer):
        assert len(_titles(_get(client, modality="teleportation"))) == 3
        # Unknown collections and partners are dropped too, the other filters still apply.
        response = _get(client, collection=["inconnue", "eco"], partner="inconnu")
        assert _titles(response) == {"Sensibilisation à la transition écologique"}
        assert response.context["filters"].collections == ["eco"]
        assert response.context["filters"].partners == []

    def test_a_chosen_partner_stays_ticked_when_nothing_matches(self, client, offer, agriculture):
        response = _get(client, partner=agriculture.slug, collection="eco")
        assert _titles(response) == set()
        partner = {v.value: v for v in response.context["result"].facets["partner"]}
        assert partner[agriculture.slug].selected and partner[agriculture.slug].count == 0
        assert f'value="{agriculture.slug}" checked' in response.content.decode()

    def test_a_huge_page_number_shows_the_last_page(self, client, offer):
        assert _get(client, page="999999").context["result"].page.number == 1


@pytest.mark.django_db
class TestSortPaginationAndUrls:
    def test_sort_by_newest_and_by_title(self, client, offer):

        now = timezone.now()
        for days, training in enumerate(["t2", "t3", "t1"]):
            type(offer[training]).objects.filter(pk=offer[training].pk).update(
                published_at=now - timedelta(days=days)
            )

        def order(**params):
            return [t.title for t in _get(client, **params).context["result"].page.object_list]

        assert order() == [offer["t2"].title, offer["t3"].title, offer["t1"].title]
        assert order(sort="title") == [
            "Prévenir les risques psychosociaux",
            "Recruter sans discriminer",
            "Sensibilisation à la transition écologique",
        ]

    def test_pages_and_their_links_keep_the_filters(self, client, justice):
        TrainingFactory.create_batch(PAGE_SIZE + 3, producer=justice, modality="webinar")
        TrainingFactory(producer=justice, modality="hybrid")
        first = _get(client, modality="webinar", sort="title")
        result = first.context["result"]
        assert result.total == PAGE_SIZE + 3 and len(result.page.object_list) == PAGE_SIZE
        assert result.next_url == "/formations/?modality=webinar&sort=title&page=2"
        assert 'href="/formations/?modality=webinar&amp;sort=title&amp;page=2"' in (
            first.content.decode()
        )
        second = client.get(result.next_url).context["result"]
        assert len(second.page.object_list) == 3 and second.previous_url == (
            "/formations/?modality=webinar&sort=title"
        )
        titles = {t.title for t in result.page.object_list} | {
            t.title for t in second.page.object_list
        }
        assert len(titles) == PAGE_SIZE + 3  # nothing twice, nothing missing

    def test_a_shared_url_restores_the_whole_state(self, client, offer, justice):
        url = (
            f"/formations/?q=recruter&collection=rh&partner={justice.slug}"
            "&modality=tutored&duration=2to7&sort=title"
        )
        response = client.get(url)
        content = response.content.decode()
        assert _titles(response) == {"Recruter sans discriminer"}
        for checked in ['value="rh" checked', 'value="tutored" checked', 'value="2to7" checked']:
            assert checked in content
        assert 'value="recruter"' in content and 'value="title" selected' in content

    def test_htmx_gets_the_fragment_and_the_canonical_url_to_push(self, client, offer):
        response = client.get(
            reverse("catalog:list"),
            {"q": "", "modality": ["tutored", "bogus"], "sort": "newest", "page": "1"},
            HTTP_HX_REQUEST="true",
        )
        assert "<html" not in response.content.decode()
        assert response["HX-Push-Url"] == "/formations/?modality=tutored"
        # Without JavaScript the same form submits as a plain GET and gets the whole page.
        full = client.get(reverse("catalog:list"), {"modality": "tutored"})
        assert "<html" in full.content.decode() and 'id="catalog-form"' in full.content.decode()


@pytest.mark.django_db
class TestHomePage:
    def test_a_visitor_sees_collections_search_figures_and_trainings(self, client, offer):
        offer["t1"].featured = True
        offer["t1"].save()
        response = client.get(reverse("catalog:home"))
        content = response.content.decode()
        assert response.status_code == HTTPStatus.OK
        tiles = {c.slug: c.n_trainings for c in response.context["collections"]}
        # Top-level only; a parent counts its sub-collections' trainings, like its link.
        assert tiles == {"rh": 2, "eco": 1}
        assert 'href="/formations/?collection=rh"' in content
        assert 'action="/formations/"' in content and 'name="q"' in content
        assert response.context["figures"] == {"trainings": 3, "open_sessions": 1, "partners": 2}
        assert [t.title for t in response.context["featured"]] == [offer["t1"].title]
        assert len(response.context["newest"]) == 3
        assert content.index("Les collections") < content.index("À la une")

    def test_an_agent_counts_their_ministry_internal_offer(self, client, offer, justice):
        eco = offer["t1"].collections.get()
        TrainingFactory(producer=justice, owner_entity=justice, collections=[eco])
        tiles = lambda r: {c.slug: c.n_trainings for c in r.context["collections"]}  # noqa: E731
        assert tiles(client.get(reverse("catalog:home")))["eco"] == 1
        client.force_login(UserFactory(entity=justice))
        assert tiles(client.get(reverse("catalog:home")))["eco"] == 2


@pytest.mark.django_db
class TestQueryBudget:
    def _count(self, client, django_assert_max_num_queries, url, budget):
        with django_assert_max_num_queries(budget) as captured:
            assert client.get(url).status_code == HTTPStatus.OK
        return len(captured.captured_queries)

    def test_listing_queries_do_not_grow_with_trainings(self, client, offer, justice):
        url = reverse("catalog:list") + "?q=formation&open=1&modality=tutored"

        with CaptureQueriesContext(connection) as few:
            client.get(url)
        TrainingFactory.create_batch(20, producer=justice, summary="Une formation de plus.")
        with CaptureQueriesContext(connection) as many:
            client.get(url)
        assert len(many) == len(few) <= 16

    def test_home_queries_do_not_grow_with_trainings(self, client, offer, justice):
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


@pytest.mark.django_db
def test_the_sheet_shows_what_an_agent_reads_before_enrolling(client, justice):

    eco = CollectionFactory(slug="eco", name="Transition écologique")
    training = TrainingFactory(
        title="Achats durables",
        summary="Intégrer des clauses environnementales.",
        objectives="Rédiger une clause verte.",
        content="Module 1 : le cadre juridique.",
        prerequisites="Connaître le code de la commande publique.",
        audience="Acheteurs publics.",
        jobs="Acheteur, juriste",
        duration_hours=10.5,
        modality="hybrid",
        certifying=True,
        licence="cc-by-sa",
        keywords="achat, clause verte",
        producer=justice,
        collections=[eco],
    )
    opens = timezone.now() + timedelta(days=5)
    SessionFactory(training=training, title="Automne", place="Lyon", enrol_opens_at=opens)
    SessionFactory(training=training, title="Hiver", capacity=12, tutored=True)
    content = client.get(training.get_absolute_url()).content.decode()
    for text in [
        "Intégrer des clauses environnementales.",
        "Rédiger une clause verte.",
        "Module 1 : le cadre juridique.",
        "Connaître le code de la commande publique.",
        "Acheteurs publics.",
        "Acheteur, juriste",
        "10,5 h",
        "Hybride (présentiel et distanciel)",
        "Certifiante",
        "Creative Commons BY-SA",
        justice.name,
        "Transition écologique",
        "achat, clause verte",
        "Lieu : Lyon",
        "Inscriptions bientôt ouvertes",
        "Inscriptions à partir du",
        "12 places restantes",
        "tutorée",
        "Se connecter pour s’inscrire",
    ]:
        assert text in content, text
    assert content.count("Se connecter pour s’inscrire") == 1  # only the open session


@pytest.mark.django_db
class TestCachedOffer:
    """The offer's shared fragments are cached per audience and retired by any change."""

    def test_a_second_visit_reads_the_offer_from_the_cache(
        self, client, offer, django_assert_num_queries
    ):
        home, listing = reverse("catalog:home"), reverse("catalog:list") + "?modality=tutored"
        client.get(home), client.get(listing)
        with django_assert_num_queries(0):  # figures, tiles and cards: all cached
            assert client.get(home).status_code == HTTPStatus.OK
        with django_assert_num_queries(0):  # the count, facets and results: all cached
            assert client.get(listing).status_code == HTTPStatus.OK

    def test_visitors_share_the_home_page_each_with_its_own_nonce_and_token(self, offer):
        pages = []
        for _ in range(2):
            client = Client(enforce_csrf_checks=True)
            response = client.get(reverse("catalog:home"))
            html = response.content.decode()
            nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
            scripts = re.findall(r"<script[^>]*>", html)
            assert scripts and all(f'nonce="{nonce}"' in tag for tag in scripts)
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
            # The language switch posts with the page's token: accepted (a redirect).
            switched = client.post(
                reverse("set_language"),
                {"language": "en", "next": "/", "csrfmiddlewaretoken": token},
            )
            assert switched.status_code == HTTPStatus.FOUND
            pages.append((nonce, token, html.replace(nonce, "").replace(token, "")))
        assert pages[0][0] != pages[1][0] and pages[0][1] != pages[1][1]
        assert pages[0][2] == pages[1][2]  # the same page but for those two

    def test_a_visitor_with_a_flash_message_gets_it(self, client, offer, justice):
        client.force_login(UserFactory(entity=justice))
        client.get(reverse("catalog:home"))
        client.post(reverse("account_logout"))
        assert "Vous êtes déconnecté" in client.get(reverse("catalog:home")).content.decode()
        assert "Vous êtes déconnecté" not in client.get(reverse("catalog:home")).content.decode()

    def test_an_edit_shows_at_once(self, client, offer):
        assert "Sensibilisation" in client.get(reverse("catalog:home")).content.decode()
        offer["t1"].title = "Agir pour le climat au bureau"
        offer["t1"].save()
        content = client.get(reverse("catalog:home")).content.decode()
        assert "Agir pour le climat au bureau" in content and "Sensibilisation" not in content

    def test_visitors_share_a_filtered_listing_and_an_edit_shows_at_once(
        self, client, offer, django_assert_num_queries
    ):
        url = reverse("catalog:list")
        first = client.get(url + "?modality=tutored&sort=title").content.decode()
        assert "Sensibilisation" in first
        # The same filters in another order: the same page, not one query.
        with django_assert_num_queries(0):
            again = client.get(url + "?sort=title&modality=tutored").content.decode()
        assert "Sensibilisation" in again
        offer["t1"].title = "Agir pour le climat au bureau"
        offer["t1"].save()
        content = client.get(url + "?modality=tutored&sort=title").content.decode()
        assert "Agir pour le climat au bureau" in content and "Sensibilisation" not in content

    def test_the_htmx_part_and_the_whole_listing_are_kept_apart(self, client, offer):
        url = reverse("catalog:list") + "?modality=tutored"
        whole = client.get(url)
        part = client.get(url, headers={"HX-Request": "true"})
        again = client.get(url)
        assert "<html" in whole.content.decode() and "<html" in again.content.decode()
        assert "<html" not in part.content.decode()
        assert part["HX-Push-Url"] == url

    def test_an_internal_offer_never_leaks_through_the_cache(
        self, client, offer, justice, agriculture
    ):
        TrainingFactory(
            title="Greffe : les fondamentaux", owner_entity=justice, producer=justice, featured=True
        )
        client.force_login(UserFactory(entity=justice))
        assert "Greffe : les fondamentaux" in client.get(reverse("catalog:home")).content.decode()
        client.force_login(UserFactory(entity=agriculture))
        assert "Greffe" not in client.get(reverse("catalog:home")).content.decode()
        client.logout()
        assert "Greffe" not in client.get(reverse("catalog:home")).content.decode()
        facets = client.get(reverse("catalog:list")).content.decode()
        assert "Greffe" not in facets
