"""The training filter of /pilotage/: a text field with suggestions fetched as one types
(never a list of the whole offer), matched on the server within the reader's scope, the
chosen training kept in the URL, French messages when nothing or several trainings match."""

import re
from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils.html import escape

from mentor.catalog.models import Training
from mentor.catalog.search import index_fields
from tests.factories import TrainingFactory, UserFactory

URL = reverse("reporting:dashboard")
SUGGEST = reverse("reporting:training_suggestions")

pytestmark = pytest.mark.django_db


def enrolments(response) -> int:
    return response.context["dash"].learning.enrolments


class TestMatching:
    def test_words_of_the_title_without_accents_choose_the_training(
        self, client, platform_admin, world
    ):
        client.force_login(platform_admin)
        response = client.get(URL, {"training": "justice numerique"})
        assert response.status_code == HTTPStatus.OK
        assert response.context["form"].filters().training == world.t_justice
        assert enrolments(response) == 2
        body = response.content.decode()
        # The field shows the title; links and exports name the training by its slug.
        assert f'value="{world.t_justice.title}"' in body
        assert f"training={world.t_justice.slug}" in body

    def test_a_shared_link_names_the_training_by_its_slug(self, client, platform_admin, world):
        client.force_login(platform_admin)
        response = client.get(URL, {"training": world.t_agri.slug})
        assert response.status_code == HTTPStatus.OK
        assert response.context["form"].filters().training == world.t_agri

    def test_the_exact_title_wins_over_longer_ones(self, client, platform_admin, world):
        TrainingFactory(title="Justice et numérique : approfondissement")
        client.force_login(platform_admin)
        response = client.get(URL, {"training": "Justice et numérique"})
        assert response.context["form"].filters().training == world.t_justice

    def test_several_matches_get_a_french_message_and_links_to_choose(
        self, client, platform_admin, world
    ):
        other = TrainingFactory(title="Numérique responsable")
        client.force_login(platform_admin)
        response = client.get(URL, {"training": "numérique", "modality": "self_paced"})
        assert response.status_code == HTTPStatus.BAD_REQUEST
        body = response.content.decode()
        assert "Plusieurs formations correspondent à « numérique »" in body
        choices = re.search(r'data-testid="training-choices">(.*?)</ul>', body, re.S).group(1)
        assert f"training={other.slug}" in choices and f"training={world.t_justice.slug}" in choices
        assert "modality=self_paced" in choices  # the other filters are kept

    def test_nothing_matching_gets_a_french_message(self, client, platform_admin, world):
        client.force_login(platform_admin)
        response = client.get(URL, {"training": "astrophysique"})
        assert response.status_code == HTTPStatus.BAD_REQUEST
        assert "Aucune formation de votre périmètre ne correspond à « astrophysique »" in (
            response.content.decode()
        )
        assert "dash" not in response.context


class TestSuggestions:
    def test_titles_matching_what_is_typed(self, client, platform_admin, world):
        client.force_login(platform_admin)
        body = client.get(SUGGEST, {"training": "numeriq"}).content.decode()
        assert f'<option value="{world.t_justice.title}">' in body
        assert world.t_agri.title not in body
        assert "1 formation proposée" in body

    def test_a_space_admin_is_not_offered_another_ministrys_internal_training(
        self, client, justice_admin, agriculture, world
    ):
        hidden = TrainingFactory(
            title="Procédure agricole interne", producer=agriculture, owner_entity=agriculture
        )
        client.force_login(justice_admin)
        body = client.get(SUGGEST, {"training": "procedure"}).content.decode()
        assert world.t_internal.title in body
        assert hidden.title not in body
        response = client.get(URL, {"training": hidden.slug})
        assert response.status_code == HTTPStatus.BAD_REQUEST

    def test_too_many_matches_ask_to_refine(self, client, platform_admin, world):
        for i in range(25):
            TrainingFactory(title=f"Laïcité module {i}")
        client.force_login(platform_admin)
        body = client.get(SUGGEST, {"training": "laicite"}).content.decode()
        assert body.count("<option") == 20
        assert "Plus de 20 formations correspondent" in body

    def test_people_without_figures_get_nothing(self, client, world):
        client.force_login(UserFactory())
        assert client.get(SUGGEST, {"training": "justice"}).status_code == HTTPStatus.FORBIDDEN
        client.logout()
        assert client.get(SUGGEST, {"training": "justice"}).status_code == HTTPStatus.FOUND


def test_the_page_stays_small_with_thousands_of_trainings(client, platform_admin, world):
    client.force_login(platform_admin)
    before = client.get(URL).content
    trainings = TrainingFactory.build_batch(2000, producer=world.t_agri.producer)
    for training in trainings:
        training.search_text = index_fields(training)["search_text"]
    Training.objects.bulk_create(trainings)
    after = client.get(URL).content
    assert after.count(b"<option") == before.count(b"<option") < 60
    assert len(after) < len(before) + 2_000  # the figures' tables hold no unused training
    assert len(after) < 80_000


class TestEntityFilter:
    def test_the_name_or_acronym_chooses_the_entity_kept_by_slug(
        self, client, platform_admin, penitentiaire, world
    ):
        client.force_login(platform_admin)
        response = client.get(URL, {"entity": "administration penitentiaire"})
        assert response.status_code == HTTPStatus.OK
        assert response.context["form"].filters().entity == penitentiaire
        body = response.content.decode()
        assert f'value="{escape(penitentiaire.name)}"' in body
        assert f"entity={penitentiaire.slug}" in body

    def test_several_matches_offer_links_to_choose(self, client, platform_admin, world):
        client.force_login(platform_admin)
        response = client.get(URL, {"entity": "ministere"})
        assert response.status_code == HTTPStatus.BAD_REQUEST
        body = response.content.decode()
        assert "Plusieurs entités correspondent à « ministere »" in body
        assert 'data-testid="entity-choices"' in body

    def test_a_designer_has_no_entity_filter(self, client, agriculture_designer, world):
        client.force_login(agriculture_designer)
        suggest = reverse("reporting:entity_suggestions")
        assert client.get(suggest, {"entity": "agri"}).status_code == HTTPStatus.FORBIDDEN
        assert "entity-filter" not in client.get(URL).content.decode()
