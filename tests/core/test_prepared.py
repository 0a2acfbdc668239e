"""Querysets built once (``core.prepared``): the same rows as the ORM, the SQL built once."""

from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from mentor.core.prepared import Prepared
from mentor.enrolments.models import Enrolment
from tests.factories import SessionFactory, UserFactory

pytestmark = pytest.mark.django_db


def _enrolments(*, user_id, session_id):
    return (
        Enrolment.objects.filter(user_id=user_id, session_id=session_id, status="active")
        .annotate(training=F("session__training_id"))
        .order_by("pk")
    )


@pytest.fixture
def enrolments():
    session = SessionFactory()
    users = UserFactory.create_batch(2)
    return [
        Enrolment.objects.create(user=user, session=session, enrolled_at=timezone.now())
        for user in users
    ]


def test_the_same_instances_as_the_queryset_with_annotations(enrolments):
    prepared = Prepared(_enrolments)
    for enrolment in enrolments:
        ids = {"user_id": enrolment.user_id, "session_id": enrolment.session_id}
        (found,) = prepared(**ids)
        (expected,) = _enrolments(**ids)
        assert found == expected
        assert found.training == expected.training == enrolment.session.training_id
        # Converted as the ORM converts (an aware date and time on every database).
        assert found.enrolled_at == expected.enrolled_at
        assert found.enrolled_at.tzinfo is not None
        assert found._state.adding is False and found._state.db == "default"
    assert prepared.first(user_id=enrolments[0].user_id, session_id=0) is None


def test_the_sql_is_built_once(enrolments):
    built = []

    def build(*, user_id, session_id):
        built.append(user_id)
        return _enrolments(user_id=user_id, session_id=session_id)

    prepared = Prepared(build)
    for enrolment in enrolments * 2:
        found = prepared.first(user_id=enrolment.user_id, session_id=enrolment.session_id)
        assert found.pk == enrolment.pk
    assert len(built) == 2  # at the first call, with each set of markers; never again


def test_locks_as_select_for_update_does(enrolments):
    prepared = Prepared(
        lambda *, pk: (
            Enrolment.objects.select_for_update(of=("self",))
            .filter(pk=pk)
            .annotate(training=F("session__training_id"))
        )
    )
    with transaction.atomic(), CaptureQueriesContext(connection) as statements:
        assert prepared.first(pk=enrolments[1].pk) == enrolments[1]
    if connection.features.has_select_for_update:
        assert any("FOR UPDATE" in q["sql"] for q in statements.captured_queries)


def test_a_parameter_the_sql_does_not_use_is_refused(enrolments):
    prepared = Prepared(lambda *, pk, unused: Enrolment.objects.filter(pk=pk))
    with pytest.raises(ValueError, match="unused"):
        prepared(pk=enrolments[0].pk, unused=1)


def test_joined_rows_as_select_related_fills_them(enrolments, justice):
    """Joined rows (nested, and a nullable join that finds nothing) are filled as the ORM
    fills them: reading them afterwards runs no query."""
    enrolments[0].user.entity = justice
    enrolments[0].user.save()

    def build(*, pk):
        return Enrolment.objects.select_related("user__entity", "session__training").filter(pk=pk)

    prepared = Prepared(build)
    for enrolment in enrolments:
        found = prepared.first(pk=enrolment.pk)
        (expected,) = build(pk=enrolment.pk)
        with CaptureQueriesContext(connection) as statements:
            assert found.user == expected.user
            assert found.user.entity == expected.user.entity
            assert found.session.training == expected.session.training
            assert found.session.training.title == expected.session.training.title
        assert statements.captured_queries == []
    assert prepared.first(pk=enrolments[0].pk).user.entity == justice
    assert prepared.first(pk=enrolments[1].pk).user.entity is None


def test_values_are_refused():
    prepared = Prepared(lambda *, pk: Enrolment.objects.filter(pk=pk).values("pk"))
    with pytest.raises(ValueError, match="model instances only"):
        prepared(pk=1)


def test_date_parameters(enrolments):
    session = enrolments[0].session
    day = session.starts_on

    def build(*, user_id, start, end):
        return Enrolment.objects.filter(
            user_id=user_id, session__starts_on__gte=start, session__starts_on__lte=end
        )

    prepared = Prepared(build, dates=("start", "end"))
    user_id = enrolments[0].user_id
    assert prepared(user_id=user_id, start=day, end=day) == [enrolments[0]]
    later = day + timedelta(days=1)
    assert prepared(user_id=user_id, start=later, end=later + timedelta(days=30)) == []
    assert prepared(user_id=user_id, start=day - timedelta(days=9), end=day) == [enrolments[0]]


def test_a_value_computed_from_a_parameter_is_refused(enrolments):
    prepared = Prepared(lambda *, pk: Enrolment.objects.filter(pk=pk + 1))
    with pytest.raises(ValueError, match="never computed"):
        prepared(pk=enrolments[0].pk)


def test_text_parameters_compared_exactly(enrolments):
    training = enrolments[0].session.training

    def build(*, user_id, slug):
        return Enrolment.objects.filter(user_id=user_id, session__training__slug=slug)

    prepared = Prepared(build, texts=("slug",))
    user_id = enrolments[0].user_id
    assert prepared(user_id=user_id, slug=training.slug) == [enrolments[0]]
    assert prepared(user_id=user_id, slug=training.slug.upper() + "x") == []
    assert prepared(user_id=user_id, slug="' OR 1=1 --") == []


def test_a_text_computed_from_a_parameter_is_refused(enrolments):
    prepared = Prepared(
        lambda *, slug: Enrolment.objects.filter(session__training__slug=slug + "-2025"),
        texts=("slug",),
    )
    with pytest.raises(ValueError, match="never computed"):
        prepared(slug="x")
