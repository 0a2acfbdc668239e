"""The path plan is cached for its learners (``selectors.path_plan``): every edit shows at
once on the path page, and the seats taken in a linked session are never read stale."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from mentor.enrolments.services import enrolment_create
from mentor.paths.models import CreditRule, Equivalence, PathModule, PathSection
from mentor.paths.selectors import ModuleState, path_plan
from mentor.paths.services import path_enrolments_concerned
from tests.factories import SessionFactory, TrainingFactory, UserFactory
from tests.learning.factories import EnrolmentFactory
from tests.paths.conftest import completed

pytestmark = pytest.mark.django_db


@pytest.fixture
def follower(client, agent, module, path_session):
    """The agent follows the path and has seen its page once (the plan is cached)."""
    EnrolmentFactory(user=agent, session=path_session)
    client.force_login(agent)
    assert client.get(page_url(path_session)).status_code == 200
    return agent


def page_url(session) -> str:
    return reverse("paths:detail", kwargs={"slug": session.training.slug})


def states(client, session) -> str:
    return client.get(page_url(session)).text


def test_the_plan_is_read_from_the_cache_once_seen(follower, path_session):
    path_plan(session_id=path_session.pk)
    with CaptureQueriesContext(connection) as captured:
        plan = path_plan(session_id=path_session.pk)
    assert len(captured) == 0
    assert [m.linked_session.title for s in plan.sections.all() for m in s.modules.all()] == [
        "2025"
    ]


def test_a_module_added_or_removed_shows_at_once(client, follower, section, path_session):
    added = PathModule.objects.create(
        section=section, linked_session=SessionFactory(training=TrainingFactory(title="Éthique"))
    )
    assert "Éthique" in states(client, path_session)
    added.delete()
    assert "Éthique" not in states(client, path_session)


def test_a_section_added_shows_at_once(client, follower, plan, path_session):
    PathSection.objects.create(plan=plan, title="Approfondissements", position=1)
    assert "Approfondissements" in states(client, path_session)


def test_a_linked_training_renamed_shows_at_once(client, follower, laicite, path_session):
    laicite.title = "Laïcité et valeurs de la République"
    laicite.save()
    assert "Laïcité et valeurs de la République" in states(client, path_session)


def test_a_prerequisite_added_locks_at_once(client, follower, module, section, path_session):
    second = PathModule.objects.create(
        section=section, linked_session=SessionFactory(training=TrainingFactory(title="Suite"))
    )
    assert "Disponible après" not in states(client, path_session)
    second.requires.add(module)
    assert "Disponible après : Laïcité." in states(client, path_session)


def test_an_equivalence_declared_credits_at_once(
    client, follower, agent, module, laicite, path_session
):
    other = TrainingFactory(title="Valeurs républicaines")
    completed(agent, SessionFactory(training=other))
    module.credit_rule = CreditRule.EQUIVALENT
    module.save()
    assert f'data-state="{ModuleState.CREDITED}"' not in states(client, path_session)
    Equivalence.objects.create(training=laicite, equivalent=other, declared_by=laicite.producer)
    assert f'data-state="{ModuleState.CREDITED}"' in states(client, path_session)


def test_a_release_date_moved_shows_at_once(client, follower, module, path_session):
    module.available_from = timezone.localdate() + dt.timedelta(days=10)
    module.save()
    assert "Disponible à partir du" in states(client, path_session)


def test_a_linked_session_filled_by_others_shows_full_at_once(
    client, follower, laicite_2025, path_session, justice
):
    laicite_2025.capacity = 1
    laicite_2025.save()
    assert f'data-state="{ModuleState.LOCKED}"' not in states(client, path_session)
    # Another agent takes the last seat: a counter moved by an UPDATE, no signal.
    enrolment_create(user=UserFactory(entity=justice), session_id=laicite_2025.pk)
    page = states(client, path_session)
    assert f'data-state="{ModuleState.LOCKED}"' in page
    assert "complète" in page


def test_a_training_linked_by_a_new_module_concerns_the_path_at_once(
    follower, agent, section, path_session
):
    other = SessionFactory(training=TrainingFactory(title="Éthique"))
    assert path_enrolments_concerned(user_id=agent.pk, training_id=other.training_id) == []
    PathModule.objects.create(section=section, linked_session=other)
    [concerned] = path_enrolments_concerned(user_id=agent.pk, training_id=other.training_id)
    assert concerned.session_id == path_session.pk
