"""The signed-in home page: Reprendre, due soon, sessions starting soon, the ministry's
offer, then the collections; the header's entry points per role."""

import datetime as dt
from http import HTTPStatus

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from mentor.accounts.models import Role
from mentor.learning.models import ActivityProgress, Completion
from mentor.prescriptions.models import Assignment, Campaign, CampaignState
from tests.factories import (
    CollectionFactory,
    SessionFactory,
    TrainingFactory,
    UserFactory,
    role_holder,
)
from tests.learning.factories import ActivityFactory, EnrolmentFactory, SectionFactory


def _home(client):
    response = client.get(reverse("catalog:home"))
    assert response.status_code == HTTPStatus.OK
    return response.content.decode()


@pytest.fixture
def agent(justice):
    return UserFactory(email="camille@justice.gouv.fr", first_name="Camille", entity=justice)


def _started(user, title, *, minutes_ago):
    training = TrainingFactory(title=title)
    session = SessionFactory(training=training, starts_on=timezone.localdate())
    enrolment = EnrolmentFactory(user=user, session=session)
    activity = ActivityFactory(section=SectionFactory(training=training), title=f"Étape de {title}")
    progress = ActivityProgress.objects.create(enrolment=enrolment, activity=activity)
    ActivityProgress.objects.filter(pk=progress.pk).update(
        last_seen_at=timezone.now() - dt.timedelta(minutes=minutes_ago)
    )
    return enrolment


def _prescribed(user, title, *, due_in):
    """A training prescribed to ``user`` by an open campaign due in ``due_in`` days."""
    today = timezone.localdate()
    campaign = Campaign.objects.create(
        title=f"Campagne {title}",
        training=TrainingFactory(title=title),
        starts_on=today,
        due_on=today + dt.timedelta(days=due_in),
        state=CampaignState.OPEN,
    )
    Assignment.objects.create(
        campaign=campaign, user=user, source="opening", assigned_at=timezone.now()
    )


def _session_in(user, title, *, days):
    """``user`` enrolled in a session of ``title`` starting in ``days`` days."""
    today = timezone.localdate()
    EnrolmentFactory(
        user=user,
        session=SessionFactory(
            training=TrainingFactory(title=title),
            starts_on=today + dt.timedelta(days=days),
            ends_on=today + dt.timedelta(days=days + 1),
        ),
    )


@pytest.mark.django_db
class TestReprendre:
    def test_links_to_the_last_unfinished_training_in_one_click(self, client, agent):
        _started(agent, "Ancienne formation", minutes_ago=600)
        recent = _started(agent, "Formation du moment", minutes_ago=5)
        client.force_login(agent)
        content = _home(client)
        assert "Bonjour Camille" in content
        section = content[content.index('data-testid="home-resume"') :]
        assert "Formation du moment" in section.split("</section>")[0]
        assert reverse("learning:course", args=[recent.pk]) in section.split("</section>")[0]
        assert "Ancienne formation" not in section.split("</section>")[0]

    def test_a_finished_or_left_training_is_not_offered(self, client, agent):
        done = _started(agent, "Formation terminée", minutes_ago=1)
        Completion.objects.create(enrolment=done, completed_at=timezone.now())
        left = _started(agent, "Formation quittée", minutes_ago=2)
        left.status = left.Status.CANCELLED
        left.save()
        client.force_login(agent)
        assert 'data-testid="home-resume"' not in _home(client)

    def test_someone_else_s_progress_is_never_shown(self, client, agent, justice):
        _started(UserFactory(entity=justice), "Formation d’un collègue", minutes_ago=1)
        client.force_login(agent)
        assert 'data-testid="home-resume"' not in _home(client)

    def test_a_visitor_gets_the_public_page(self, client):
        content = _home(client)
        assert 'data-testid="home-resume"' not in content and "Bonjour" not in content


@pytest.mark.django_db
class TestDueAndSoon:
    def test_prescriptions_due_within_a_month_and_sessions_starting_soon(self, client, agent):
        _prescribed(agent, "Éthique et déontologie", due_in=10)
        _prescribed(agent, "Plan à long terme", due_in=200)
        _session_in(agent, "Classe virtuelle prochaine", days=7)
        _session_in(agent, "Session de l’an prochain", days=300)
        client.force_login(agent)
        content = _home(client)
        due = content[content.index('data-testid="home-due"') :].split("</section>")[0]
        assert "Éthique et déontologie" in due and "Plan à long terme" not in due
        upcoming = content[content.index('data-testid="home-soon"') :].split("</section>")[0]
        assert "Classe virtuelle prochaine" in upcoming
        assert "Session de l’an prochain" not in upcoming
        # Due first, then sessions, then the offer.
        assert (
            content.index("home-due")
            < content.index("home-soon")
            < content.index("Les collections")
        )


@pytest.mark.django_db
class TestMinistryOffer:
    def test_an_agent_sees_their_ministry_offer_before_the_collections(
        self, client, agent, justice, agriculture
    ):
        CollectionFactory(slug="rh", name="Ressources humaines")
        TrainingFactory(title="Greffe : les fondamentaux", owner_entity=justice, producer=justice)
        TrainingFactory(title="Offre de l’agriculture", owner_entity=agriculture)
        TrainingFactory(title="Formation interministérielle")
        client.force_login(agent)
        content = _home(client)
        ministry = content[content.index('data-testid="home-ministry"') :].split("</section>")[0]
        assert "Greffe : les fondamentaux" in ministry
        assert "Formation interministérielle" not in ministry
        assert "Offre de l’agriculture" not in content
        assert content.index("home-ministry") < content.index("Les collections")

    def test_home_queries_stay_flat(self, client, agent, justice):
        client.force_login(agent)
        _started(agent, "Une", minutes_ago=1)
        with CaptureQueriesContext(connection) as few:
            _home(client)
        for i in range(5):
            _started(agent, f"Autre {i}", minutes_ago=10 + i)
            TrainingFactory(owner_entity=justice)
        with CaptureQueriesContext(connection) as many:
            _home(client)
        assert len(many) <= len(few) <= 20


@pytest.mark.django_db
class TestHeaderEntryPoints:
    def _nav(self, client, user):
        client.force_login(user)
        content = _home(client)
        return content[content.index('id="fr-navigation"') :].split("</nav>")[0]

    def test_an_agent_has_no_role_entries(self, client, agent):
        nav = self._nav(client, agent)
        assert "Mes formations" in nav
        for label in ("Mes sessions", "Mes conceptions", "Mon espace", "Pilotage"):
            assert label not in nav

    def test_a_tutor_has_my_sessions(self, client, justice, platform_admin):
        tutor = role_holder(Role.TUTOR, justice, actor=platform_admin)
        assert reverse("learning:tutor_sessions") in self._nav(client, tutor)

    def test_a_designer_has_my_trainings(self, client, justice, platform_admin):
        designer = role_holder(Role.DESIGNER, justice, actor=platform_admin)
        nav = self._nav(client, designer)
        assert "Mes conceptions" in nav and reverse("catalog:designs") in nav

    def test_a_referent_has_their_space_and_reporting(self, client, justice_admin, justice):
        nav = self._nav(client, justice_admin)
        assert "Mon espace" in nav and reverse("organisations:detail", args=[justice.slug]) in nav
        assert reverse("reporting:dashboard") in nav


@pytest.mark.django_db
class TestHomeCost:
    def _all_parts(self, agent):
        """Something to resume, a prescription due soon and a session starting soon."""
        _started(agent, "Formation en cours", minutes_ago=5)
        _prescribed(agent, "Éthique et déontologie", due_in=10)
        _session_in(agent, "Classe virtuelle prochaine", days=7)

    def test_a_signed_in_home_costs_four_queries_with_every_part(
        self, client, agent, django_assert_num_queries
    ):
        # The person, then one query per part: what to resume, what is due, what starts
        # soon. Their entity's path (which offer they see) is kept with their cached roles,
        # the offer and its figures come from the cache, and each part reads only the
        # columns it shows (no query for the others).
        self._all_parts(agent)
        client.force_login(agent)
        _home(client)  # caches warm
        with django_assert_num_queries(4):
            content = _home(client)
        for testid in ("home-resume", "home-due", "home-soon"):
            assert f'data-testid="{testid}"' in content
        assert "Formation en cours" in content and "Éthique et déontologie" in content
        assert "Classe virtuelle prochaine" in content

    def test_the_offer_version_and_figures_are_read_together(self, client, agent, monkeypatch):
        client.force_login(agent)
        _home(client)
        batches = []
        real_get_many = cache.get_many
        monkeypatch.setattr(
            cache, "get_many", lambda keys, **k: batches.append(list(keys)) or real_get_many(keys)
        )
        _home(client)
        assert ["catalog:version", f"catalog:offer_figures:entity-{agent.entity_id}"] in batches

    def test_an_edit_to_the_ministry_offer_shows_at_once(self, client, agent, justice):
        training = TrainingFactory(title="Première version", owner_entity=justice)
        client.force_login(agent)
        assert "Première version" in _home(client)
        training.title = "Seconde version"
        training.save()
        content = _home(client)
        assert "Seconde version" in content and "Première version" not in content


@pytest.mark.django_db
class TestOfferFollowsTheEntity:
    """Which ministry's offer a person sees is read from their entity's path, kept with
    their cached roles: a move shows at once."""

    def test_an_agent_moved_to_another_ministry_sees_its_offer_at_once(
        self, client, agent, justice, agriculture
    ):
        TrainingFactory(title="Greffe : les fondamentaux", owner_entity=justice)
        TrainingFactory(title="Offre de l’agriculture", owner_entity=agriculture)
        client.force_login(agent)
        content = _home(client)
        assert "Greffe : les fondamentaux" in content and "Offre de l’agriculture" not in content
        agent.entity = agriculture
        agent.save()
        content = _home(client)
        assert "Offre de l’agriculture" in content and "Greffe : les fondamentaux" not in content

    def test_a_direction_moved_under_another_ministry_takes_its_agents_along_at_once(
        self, client, justice, penitentiaire, agriculture
    ):
        TrainingFactory(title="Greffe : les fondamentaux", owner_entity=justice)
        TrainingFactory(title="Offre de l’agriculture", owner_entity=agriculture)
        agent = UserFactory(entity=penitentiaire)
        client.force_login(agent)
        content = _home(client)
        assert "Greffe : les fondamentaux" in content and "Offre de l’agriculture" not in content
        penitentiaire.parent = agriculture
        penitentiaire.save()
        content = _home(client)
        assert "Offre de l’agriculture" in content and "Greffe : les fondamentaux" not in content
