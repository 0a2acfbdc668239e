"""The demo offer is the brief's: its 14 collections, a realistic catalogue, agents enrolled."""

from collections import Counter

import pytest
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from mentor.accounts.models import User
from mentor.catalog.models import Collection, Session, SessionMeeting, Training
from mentor.demo.catalog import load_demo_catalog
from mentor.demo.enrolments import load_demo_enrolments
from mentor.demo.reference import load_reference
from mentor.enrolments.models import Enrolment

# The product brief, "The training offer", word for word and in its order.
BRIEF_COLLECTIONS = [
    "Achat public",
    "Communication et services aux usagers",
    "Finances publiques, gestion budgétaire et financière",
    "Organisation et missions des ministères, de l'État et de l'Europe",
    "Langues",
    "Management",
    "Numérique et systèmes d'information et de communication",
    "Préparation aux épreuves de concours et des examens professionnels",
    "Ressources humaines",
    "Techniques et affaires juridiques",
    "Transformation de l'action publique",
    "Transition écologique et développement durable",
    "Valeurs de la République",
    "Immobilier de l'État",
]
RH_SUB_COLLECTIONS = [
    "Métiers des ressources humaines",
    "Accompagnement du développement professionnel",
    "Hygiène, santé et sécurité au travail",
]


@pytest.fixture(scope="class")
def demo(django_db_setup, django_db_blocker):
    """Loaded once for the class inside a transaction that is rolled back afterwards, so
    nothing leaks into other tests."""
    with django_db_blocker.unblock(), transaction.atomic():
        load_reference()
        load_demo_catalog()
        load_demo_enrolments()
        yield
        transaction.set_rollback(True)


@pytest.mark.django_db
@pytest.mark.usefixtures("demo")
class TestDemoOffer:
    def test_the_fourteen_collections_and_the_three_rh_sub_collections(self):
        top = Collection.objects.filter(parent__isnull=True).order_by("position")
        assert [c.name for c in top] == BRIEF_COLLECTIONS
        rh = top.get(name="Ressources humaines")
        assert [c.name for c in rh.children.order_by("position")] == RH_SUB_COLLECTIONS
        for collection in Collection.objects.select_related("lead_entity"):
            assert collection.lead_entity is not None, collection
            assert collection.description and collection.orientation_list, collection
        slugs = list(Collection.objects.values_list("slug", flat=True))
        assert len(slugs) == len(set(slugs)) == 17

    def test_at_least_sixty_trainings_across_every_collection(self):
        assert Training.objects.count() >= 60
        assert not Collection.objects.annotate(n=Count("trainings")).filter(n=0).exists()
        assert Training.objects.filter(owner_entity__isnull=False).count() >= 5
        assert Training.objects.values("producer").distinct().count() >= 10
        assert set(Training.objects.values_list("modality", flat=True)) >= {
            "hybrid",
            "tutored",
            "webinar",
            "virtual_class",
            "self_paced",
            "enriched",
            "peer_exchange",
        }
        assert Training.objects.filter(certifying=True).exists()
        assert Training.objects.exclude(search_text="").count() == Training.objects.count()

    def test_each_training_has_past_or_current_and_upcoming_sessions(self):
        today = timezone.localdate()
        kinds = Counter()
        for training in Training.objects.prefetch_related("sessions"):
            sessions = list(training.sessions.all())
            assert len(sessions) >= 2, training
            assert any(s.ends_on >= today for s in sessions), training
            for s in sessions:
                kinds[
                    "past"
                    if s.ends_on < today
                    else "upcoming"
                    if s.starts_on > today
                    else "current"
                ] += 1
        assert min(kinds["past"], kinds["current"], kinds["upcoming"]) >= 20, kinds
        assert {s.status for s in Session.objects.all()} >= {"open", "finished", "upcoming"}
        assert SessionMeeting.objects.filter(kind="virtual_class").exclude(url="").exists()

    def test_a_few_hundred_agents_with_enrolments_within_capacity(self):
        agents = User.objects.filter(email__startswith="demo.", entity__isnull=False)
        assert agents.count() >= 200
        assert Enrolment.objects.filter(user__in=agents).count() >= 2 * agents.count()
        for session in Session.objects.filter(capacity__isnull=False):
            active = session.enrolments.filter(status="active").count()
            assert session.seats_taken == active <= session.capacity

    def test_loading_again_changes_nothing(self):
        before = (Training.objects.count(), Session.objects.count(), Enrolment.objects.count())
        load_demo_catalog()
        load_demo_enrolments()
        assert (Training.objects.count(), Session.objects.count(), Enrolment.objects.count()) == (
            before
        )
