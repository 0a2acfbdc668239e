"""Every figure, tile, filter and message on the same visibility as the results; an
"other user" gets one clear explanation instead of contradictions."""

from http import HTTPStatus

import pytest
from django.urls import reverse

from tests.factories import CollectionFactory, SessionFactory, TrainingFactory, UserFactory


@pytest.fixture
def offer(justice, agriculture):
    rh = CollectionFactory(slug="rh", name="Ressources humaines")
    eco = CollectionFactory(slug="eco", name="Transition écologique")
    CollectionFactory(slug="vide", name="Collection sans formation")
    public = TrainingFactory(title="Recruter sans discriminer", producer=justice, collections=[rh])
    SessionFactory(training=public)
    TrainingFactory(title="Sobriété au bureau", producer=agriculture, collections=[eco])
    internal = TrainingFactory(
        title="Greffe : les fondamentaux", producer=justice, owner_entity=justice, collections=[rh]
    )
    SessionFactory(training=internal)


def _page(client, name):
    response = client.get(reverse(name))
    assert response.status_code == HTTPStatus.OK
    return response, response.content.decode()


@pytest.mark.django_db
class TestFiguresFollowVisibility:
    def test_a_visitor_counts_the_interministerial_offer(self, client, offer):
        response, content = _page(client, "catalog:home")
        assert response.context["figures"] == {"trainings": 2, "open_sessions": 1, "partners": 2}
        assert "formations interministérielles" in content

    def test_an_agent_counts_what_the_catalogue_lists(self, client, offer, justice):
        client.force_login(UserFactory(entity=justice))
        response, content = _page(client, "catalog:home")
        listing = client.get(reverse("catalog:list")).context["result"]
        assert response.context["figures"]["trainings"] == listing.total == 3
        assert response.context["figures"]["open_sessions"] == 2
        assert "3 formations accessibles" in " ".join(content.split()).replace("</p><p>", " ")

    def test_a_tile_with_nothing_visible_is_not_shown(self, client, offer):
        _response, content = _page(client, "catalog:home")
        assert "Collection sans formation" not in content
        assert "Ressources humaines" in content


@pytest.mark.django_db
class TestOtherUser:
    @pytest.fixture
    def other(self, client, offer):
        user = UserFactory(email="prestataire@exemple.fr", entity=None)
        client.force_login(user)
        return user

    def test_home_explains_instead_of_contradicting(self, client, other):
        response, content = _page(client, "catalog:home")
        assert 'data-testid="no-offer"' in content
        assert "formations interministérielles" not in content
        assert "Les collections" not in content and "0 formation" not in content
        assert "administrateur Mentor de votre ministère" in content
        assert reverse("enrolments:mine") in content

    def test_catalogue_explains_with_no_empty_filters(self, client, other):
        _response, content = _page(client, "catalog:list")
        assert 'data-testid="no-offer"' in content
        assert "retirez un filtre" not in content
        assert 'id="facet-' not in content and "Affiner" not in content

    def test_profile_makes_no_invitation_promise(self, client, other):
        _response, content = _page(client, "accounts:profile")
        assert "invité" not in content
        assert "ne vous est pas ouverte" in content

    def test_an_agent_gets_no_explanation(self, client, offer, justice):
        client.force_login(UserFactory(entity=justice))
        assert 'data-testid="no-offer"' not in _page(client, "catalog:home")[1]
        assert 'data-testid="no-offer"' not in _page(client, "catalog:list")[1]


@pytest.mark.django_db
class TestCatalogueMessages:
    def test_no_empty_facet_heading(self, client, offer):
        content = client.get(reverse("catalog:list"), {"certifying": ""}).content.decode()
        assert 'id="facet-certifying"' not in content  # nothing certifying: no heading
        assert 'id="facet-modality"' in content

    def test_empty_offer_without_filter_does_not_say_remove_a_filter(self, client, db):
        content = client.get(reverse("catalog:list")).content.decode()
        assert "retirez un filtre" not in content
        assert "Aucune formation n’est publiée" in content

    def test_empty_result_with_a_filter_says_remove_a_filter(self, client, offer):
        content = client.get(reverse("catalog:list"), {"q": "introuvablexyz"}).content.decode()
        assert "retirez un filtre" in content


@pytest.mark.django_db
class TestActiveFilters:
    def test_each_active_filter_links_to_the_state_without_it(self, client, offer, justice):
        response = client.get(
            reverse("catalog:list"),
            {"q": "recruter", "collection": ["rh", "inconnue"], "modality": "tutored", "page": 2},
        )
        tags = {t.label: t.url for t in response.context["result"].active_filters}
        assert tags == {
            "« recruter »": "/formations/?collection=rh&modality=tutored",
            "Ressources humaines": "/formations/?q=recruter&modality=tutored",
            "100 % en ligne tutorée": "/formations/?q=recruter&collection=rh",
        }
        content = response.content.decode()
        assert 'data-testid="active-filters"' in content and "retirer ce filtre" in content

    def test_no_tags_without_filters(self, client, offer):
        response = client.get(reverse("catalog:list"))
        assert response.context["result"].active_filters == []
        assert 'data-testid="active-filters"' not in response.content.decode()
