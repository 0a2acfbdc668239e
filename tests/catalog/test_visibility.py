"""Who sees which part of the offer — enforced in the query."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from mentor.catalog.models import PublicationState
from mentor.catalog.selectors import (
    sees_training,
    session_visible_to,
    sessions_visible_to,
    trainings_visible_to,
)
from mentor.enrolments.models import Enrolment
from mentor.enrolments.services import EnrolmentError, enrolment_create
from tests.factories import SessionFactory, TrainingFactory, UserFactory


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


@pytest.mark.django_db
def test_the_rule_told_from_a_row_agrees_with_the_query(offer, justice, penitentiaire, agriculture):
    """``sees_training`` and ``session_visible_to`` (no query for an agent or a visitor)
    say what ``trainings_visible_to`` / ``sessions_visible_to`` say, for every kind of
    person and every part of the offer; for an "other user", only the query decides."""
    people = [
        AnonymousUser(),
        UserFactory(entity=justice),
        UserFactory(entity=penitentiaire),
        UserFactory(entity=agriculture),
        UserFactory(email="x@gmail.com"),
    ]
    sessions = [SessionFactory(training=training) for training in offer.values()]
    for person in people:
        for session in sessions:
            in_query = trainings_visible_to(person).filter(pk=session.training_id).exists()
            verdict = sees_training(person, session.training)
            assert verdict in (in_query, None), (person, session.training.title)
            other_user = person.is_authenticated and person.entity_id is None
            published = session.training.state == PublicationState.PUBLISHED
            assert (verdict is None) == (other_user and published)
            found = session_visible_to(person, session.pk)
            assert found == sessions_visible_to(person).filter(pk=session.pk).first()
            if found is not None:
                assert found.training == session.training  # read with it
        assert session_visible_to(person, 2**63) is None  # beyond a key: nobody, no error


# The same rule everywhere a training can be reached: listing, facets, home, sheet, API,
# enrolment. Each kind of user sees exactly their part of the offer.
EXPECTED = {
    "visitor": {"Laïcité"},
    "agent_justice": {"Laïcité", "Greffe"},
    "agent_agriculture": {"Laïcité", "Contrôles"},
    "other_user": set(),
}


@pytest.fixture
def people(justice, agriculture):
    return {
        "visitor": None,
        "agent_justice": UserFactory(email="agent@justice.gouv.fr", entity=justice),
        "agent_agriculture": UserFactory(email="agent@agriculture.gouv.fr", entity=agriculture),
        "other_user": UserFactory(email="prestataire@gmail.com"),
    }


@pytest.mark.django_db
@pytest.mark.parametrize("who", list(EXPECTED))
class TestVisibilityEverywhere:
    def _login(self, client, people, who):
        if people[who] is not None:
            client.force_login(people[who])

    def test_listing_and_facet_counts(self, client, offer, people, who):
        self._login(client, people, who)
        result = client.get(reverse("catalog:list")).context["result"]
        assert {t.title for t in result.page.object_list} == EXPECTED[who]
        assert result.total == len(EXPECTED[who])
        assert sum(v.count for v in result.facets["modality"]) == len(EXPECTED[who])

    def test_sheets(self, client, offer, people, who):
        self._login(client, people, who)
        for training in offer.values():
            status = client.get(training.get_absolute_url()).status_code
            assert (status == 200) == (training.title in EXPECTED[who]), training.title

    def test_home_page(self, client, offer, people, who):
        self._login(client, people, who)
        newest = client.get(reverse("catalog:home")).context["newest"]
        assert {t.title for t in newest} == EXPECTED[who]

    def test_api(self, client, offer, people, who):
        self._login(client, people, who)
        data = client.get("/api/v1/trainings").json()
        assert {t["title"] for t in data["results"]} == EXPECTED[who]
        for training in offer.values():
            status = client.get(f"/api/v1/trainings/{training.slug}").status_code
            assert (status == 200) == (training.title in EXPECTED[who]), training.title

    def test_sessions_and_enrolment(self, client, offer, people, who):
        sessions = {t.title: SessionFactory(training=t) for t in offer.values()}
        self._login(client, people, who)
        api = {s["training"] for s in client.get("/api/v1/sessions").json()}
        assert api == {offer_t.slug for offer_t in offer.values() if offer_t.title in EXPECTED[who]}
        if people[who] is None:
            return
        for title, session in sessions.items():
            if title in EXPECTED[who]:
                assert enrolment_create(user=people[who], session_id=session.pk).created
            else:
                with pytest.raises(EnrolmentError):
                    enrolment_create(user=people[who], session_id=session.pk)
        assert Enrolment.objects.filter(user=people[who]).count() == len(EXPECTED[who])
