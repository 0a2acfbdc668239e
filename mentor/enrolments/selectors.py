"""Reads on enrolments: "Mes formations" and the personal-data export section."""

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import QuerySet
from django.utils import timezone

from mentor.accounts.models import AnyUser, User
from mentor.accounts.personal_data import register_section
from mentor.core.prepared import Prepared
from mentor.enrolments.card_parts import card_parts
from mentor.enrolments.completion_offers import completion_offers
from mentor.enrolments.models import Enrolment


def active_enrolments(*, user: User) -> QuerySet[Enrolment]:
    return (
        Enrolment.objects.filter(user=user, status=Enrolment.Status.ACTIVE)
        .select_related("session__training__producer", "completion")
        .order_by("session__starts_on", "pk")
    )


def enrolments_starting_soon(*, user: User, days: int) -> list[Enrolment]:
    """The person's active enrolments whose session starts within ``days`` (from today),
    soonest first, with their session and training: the home page's "starting soon". One
    query, of the columns it shows."""
    today = timezone.localdate()
    return _STARTING_SOON(user_id=user.pk, start=today, end=today + timedelta(days=days))


#: Read on every signed-in home page: SQL built once (``core.prepared``).
_STARTING_SOON = Prepared(
    lambda *, user_id, start, end: (
        Enrolment.objects.filter(
            user_id=user_id,
            status=Enrolment.Status.ACTIVE,
            session__starts_on__gte=start,
            session__starts_on__lte=end,
        )
        .select_related("session__training")
        .only(
            "session_id",
            "session__title",
            "session__starts_on",
            "session__training_id",
            "session__training__title",
            "session__training__slug",
        )
        .order_by("session__starts_on", "pk")
    ),
    dates=("start", "end"),
)


@dataclass
class MyTrainings:
    current: list[Enrolment]
    upcoming: list[Enrolment]
    finished: list[Enrolment]


def my_trainings(*, user: User) -> MyTrainings:
    """The person's active enrolments split by their session's dates; a training they
    completed is finished whatever its session's dates. Each completed enrolment carries
    its ``offers`` (attestation, survey…); every one its card ``parts`` (progress…). One
    query, plus each offer and card-part provider's fixed number."""
    today = timezone.localdate()
    result = MyTrainings([], [], [])
    enrolments = list(active_enrolments(user=user))
    offers = completion_offers(completed=[e for e in enrolments if hasattr(e, "completion")])
    parts = card_parts(enrolments=enrolments)
    for enrolment in enrolments:
        enrolment.offers = offers.get(enrolment.pk, [])
        enrolment.parts = parts.get(enrolment.pk, [])
        session = enrolment.session
        if session.ends_on < today or hasattr(enrolment, "completion"):
            result.finished.append(enrolment)
        elif session.starts_on > today:
            result.upcoming.append(enrolment)
        else:
            result.current.append(enrolment)
    result.finished.reverse()
    return result


def enrolled_session_ids(*, user: AnyUser, session_ids) -> set[int]:
    if not user.is_authenticated:
        return set()
    return set(
        Enrolment.objects.filter(
            user=user, session_id__in=session_ids, status=Enrolment.Status.ACTIVE
        ).values_list("session_id", flat=True)
    )


@register_section("inscriptions")
def _enrolments_section(user: User) -> list[dict]:
    rows = Enrolment.objects.filter(user=user).select_related("session__training")
    return [
        {
            "formation": e.session.training.title,
            "session": e.session.title,
            "statut": e.status,
            "inscrit_le": e.enrolled_at.isoformat(),
            "desinscrit_le": e.cancelled_at.isoformat() if e.cancelled_at else None,
            "historique": [
                {"type": ev.kind, "date": ev.created_at.isoformat()} for ev in e.events.all()
            ],
        }
        for e in rows.prefetch_related("events")
    ]
