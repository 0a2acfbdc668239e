"""The heatmap at the learners' local time: an overseas entity's agents in its zone (and
its sub-entities, unless one sets another zone), everyone else in Paris; live and from
the rollups alike."""

from datetime import UTC, date, datetime

import pytest

from mentor.enrolments.models import Enrolment
from mentor.learning.models import ActivityProgress
from mentor.organisations.services import entity_upsert
from mentor.reporting import rollups, selectors
from mentor.reporting.permissions import ReportScope, ScopeKind
from mentor.reporting.selectors import Filters, with_rollups
from mentor.reporting.zones import zone_groups
from tests.factories import SessionFactory, UserFactory
from tests.learning.factories import ActivityFactory, SectionFactory

pytestmark = pytest.mark.django_db

NATIONAL = ReportScope(kind=ScopeKind.NATIONAL)
JUNE = Filters(start=date(2026, 6, 1), end=date(2026, 6, 30))
MOMENT = datetime(2026, 6, 10, 6, 30, tzinfo=UTC)  # a Wednesday: 8:30 in Paris (CEST)
WEDNESDAY = 2


@pytest.fixture
def learners(justice):
    reunion = entity_upsert(
        slug="justice-reunion",
        name="Cour d’appel de Saint-Denis de La Réunion",
        short_name="CA Réunion",
        kind="service",
        parent=justice,
        time_zone="Indian/Reunion",  # UTC+4: 10:30
    )
    paris_desk = entity_upsert(
        slug="reunion-bureau-paris",
        name="Bureau parisien de la cour",
        short_name="Bureau Paris",
        kind="service",
        parent=reunion,
        time_zone="Europe/Paris",
    )
    session = SessionFactory()
    activity = ActivityFactory(section=SectionFactory(training=session.training))
    people = {
        "reunion": UserFactory(entity=reunion),
        "paris_desk": UserFactory(entity=paris_desk),
        "justice": UserFactory(entity=justice),
        "other": UserFactory(),  # no entity: Paris
    }
    for user in people.values():
        enrolment = Enrolment.objects.create(user=user, session=session, enrolled_at=MOMENT)
        row = ActivityProgress.objects.create(enrolment=enrolment, activity=activity)
        ActivityProgress.objects.filter(pk=row.pk).update(first_seen_at=MOMENT)
    return people


def wednesday(filters) -> dict[int, int]:
    heat = selectors.activity_heatmap(scope=NATIONAL, filters=filters)
    return {hour: c.count for hour, c in enumerate(heat[WEDNESDAY].cells) if c.count}


def test_live_overseas_agents_in_their_own_zone(learners):
    assert wednesday(JUNE) == {8: 3, 10: 1}


def test_from_the_rollups_too(learners):
    rollups.rollups_refresh()
    filters = with_rollups(JUNE)
    assert filters.rolled
    assert wednesday(filters) == {8: 3, 10: 1}
    # The month is still counted on Paris days: four activities in June.
    months = selectors.monthly_activity(scope=NATIONAL, filters=filters)
    assert [m.activities for m in months] == [4]


def test_without_overseas_entity_everyone_is_in_paris(justice):
    groups = zone_groups("enrolment__user__entity__path")
    assert [str(zone) for zone, _rows in groups] == ["Europe/Paris"]
