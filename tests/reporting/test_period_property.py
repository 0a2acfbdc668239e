"""Hypothesis on the period's edges: whatever the days chosen around both daylight-saving
changes of Paris, and moments a few hours either side of the period's first and last
midnights, an enrolment counts exactly when its Paris date is in the period."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mentor.enrolments.models import Enrolment
from mentor.reporting import selectors
from mentor.reporting.permissions import ReportScope, ScopeKind
from mentor.reporting.selectors import Filters
from tests.factories import SessionFactory, UserFactory

PARIS = ZoneInfo("Europe/Paris")
NATIONAL = ReportScope(kind=ScopeKind.NATIONAL)
PEOPLE = 12

days = st.dates(min_value=date(2026, 3, 26), max_value=date(2026, 3, 31)) | st.dates(
    min_value=date(2026, 10, 22), max_value=date(2026, 10, 27)
)
# (which edge: the first midnight or the one after the last day, minutes from it)
offsets = st.lists(
    st.tuples(st.booleans(), st.integers(min_value=-180, max_value=180)), max_size=PEOPLE
)


def midnight(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=PARIS)


@pytest.fixture
def people(db):
    session = SessionFactory()
    return session, [UserFactory() for _ in range(PEOPLE)]


@pytest.mark.django_db
@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(first=days, span=st.integers(min_value=0, max_value=3), offsets=offsets)
def test_an_enrolment_counts_when_its_paris_day_is_in_the_period(people, first, span, offsets):
    session, users = people
    last = first + timedelta(days=span)
    moments = [
        midnight(first if at_start else last + timedelta(days=1)) + timedelta(minutes=minutes)
        for at_start, minutes in offsets
    ]
    Enrolment.objects.bulk_create(
        Enrolment(user=user, session=session, enrolled_at=moment)
        for user, moment in zip(users, moments, strict=False)
    )
    try:
        expected = sum(1 for m in moments if first <= m.astimezone(PARIS).date() <= last)
        filters = Filters(start=first, end=last)
        assert selectors.learning_indicator(scope=NATIONAL, filters=filters).enrolments == expected
    finally:
        Enrolment.objects.all().delete()
