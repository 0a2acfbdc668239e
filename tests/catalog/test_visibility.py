"""Who sees which part of the offer — enforced in the query."""

import pytest
from django.contrib.auth.models import AnonymousUser

from mentor.catalog.models import PublicationState
from mentor.catalog.selectors import trainings_visible_to
from tests.factories import TrainingFactory, UserFactory


@pytest.fixture
def offer(justice, penitentiaire, agriculture):
    return {
        "inter": TrainingFactory(producer=justice, title="Laïcité"),
        "justice": TrainingFactory(producer=justice, owner_entity=justice, title="Greffe"),
        "dap": TrainingFactory(producer=penitentiaire, owner_entity=penitentiaire, title="DAP"),
        "agri": TrainingFactory(producer=agriculture, owner_entity=agriculture, title="Contrôles"),
        "draft": TrainingFactory(producer=justice, state=PublicationState.DRAFT, title="Brouillon"),
    }


def _titles(user) -> set[str]:
    return set(trainings_visible_to(user).values_list("title", flat=True))


@pytest.mark.django_db
class TestVisibility:
    def test_a_visitor_sees_the_interministerial_offer(self, offer):
        assert _titles(AnonymousUser()) == {"Laïcité"}

    def test_an_agent_sees_their_ministry_internal_offer(self, offer, justice):
        assert _titles(UserFactory(entity=justice)) == {"Laïcité", "Greffe"}

    def test_an_agent_of_a_sub_entity_sees_their_own_and_their_ministry_offer(
        self, offer, penitentiaire
    ):
        assert _titles(UserFactory(entity=penitentiaire)) == {"Laïcité", "Greffe", "DAP"}

    def test_an_agent_of_another_ministry_does_not_see_it(self, offer, agriculture):
        assert _titles(UserFactory(entity=agriculture)) == {"Laïcité", "Contrôles"}

    def test_an_other_user_sees_none_of_the_offer(self, offer):
        assert _titles(UserFactory(email="x@gmail.com")) == set()
