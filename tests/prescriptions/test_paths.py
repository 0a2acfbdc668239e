"""A learning path as the prescribed item: the assignment is done when the path is complete
— which the paths app decides with its own carry-over rules (earlier completions of the
modules credited) — and a path completed before the campaign counts as done."""

import datetime as dt

import pytest
from django.test import TestCase
from django.utils import timezone

from mentor.learning.models import Completion
from mentor.paths.models import PathModule, PathPlan, PathSection
from mentor.paths.services import path_enrol
from mentor.prescriptions.models import Campaign
from mentor.prescriptions.services import campaign_create
from tests.factories import SessionFactory, TrainingFactory, UserFactory
from tests.learning.factories import EnrolmentFactory
from tests.prescriptions.conftest import campaign_kwargs

pytestmark = pytest.mark.django_db


def create(**kwargs) -> Campaign:
    with TestCase.captureOnCommitCallbacks(execute=True):
        return campaign_create(**kwargs)


@pytest.fixture
def path_session(db):
    path = TrainingFactory(title="Parcours valeurs de la République", is_path=True)
    session = SessionFactory(training=path, title="Parcours 2027", starts_on=timezone.localdate())
    laicite = TrainingFactory(title="Laïcité")
    section = PathSection.objects.create(
        plan=PathPlan.objects.create(session=session), title="Les fondamentaux"
    )
    PathModule.objects.create(section=section, linked_session=SessionFactory(training=laicite))
    return session


def _earlier_laicite(user, path_session):
    laicite = PathModule.objects.get().linked_session.training
    today = timezone.localdate()
    old = SessionFactory(
        training=laicite,
        starts_on=today - dt.timedelta(days=300),
        ends_on=today - dt.timedelta(days=200),
    )
    Completion.objects.create(
        enrolment=EnrolmentFactory(user=user, session=old),
        completed_at=timezone.now() - dt.timedelta(days=210),
    )


def test_the_assignment_is_done_when_the_path_completes_through_carry_over(
    justice_admin, justice, path_session
):
    agent = UserFactory(email="agent@justice.gouv.fr", entity=justice)
    campaign = create(
        actor=justice_admin,
        training=path_session.training,
        **campaign_kwargs(entities=[justice]),
    )
    assignment = campaign.assignments.get(user=agent)
    assert assignment.done_at is None
    _earlier_laicite(agent, path_session)  # the module is credited by the paths' rules
    with TestCase.captureOnCommitCallbacks(execute=True):
        result = path_enrol(user=agent, session_id=path_session.pk)
    assert result.enrolled_modules == []
    assignment.refresh_from_db()
    assert assignment.done_at is not None


def test_a_path_completed_before_the_campaign_counts_as_done(justice_admin, justice, path_session):
    agent = UserFactory(email="agent@justice.gouv.fr", entity=justice)
    _earlier_laicite(agent, path_session)
    with TestCase.captureOnCommitCallbacks(execute=True):
        path_enrol(user=agent, session_id=path_session.pk)
    campaign = create(
        actor=justice_admin,
        training=path_session.training,
        **campaign_kwargs(entities=[justice]),
    )
    assert campaign.assignments.get(user=agent).done_at is not None
    assert campaign.assignments.get(user=justice_admin).done_at is None
