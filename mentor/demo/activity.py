"""Twelve months of dated demo activity, so that "Pilotage" shows living figures at once:
the demo agents' enrolments spread over the year (office hours mostly), what became of
them (never started, started, finished), the time the course player credited, completions
and satisfaction answers; plus accounts that never enrolled (the gap the platform team
watches) and a few "other users".

Idempotent: done once, when no demo agent has completed anything yet. Written as the
demo's past (direct rows with their dates, no e-mail, no signal), like ``enrolments.py``.
"""

import random
from datetime import datetime, timedelta

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from mentor.accounts.models import User
from mentor.enrolments.models import Enrolment
from mentor.learning.models import Activity, ActivityProgress, Completion, ProgressStatus
from mentor.organisations.models import Entity
from mentor.surveys.models import SurveyResponse

NEVER_ENROLLED = 90
OTHER_USERS = 12
# Most learning happens on weekdays, in office hours; some in the evening, a little on Sundays.
HOURS = [8, 9, 9, 10, 10, 10, 11, 11, 13, 14, 14, 15, 15, 16, 17, 18, 20, 21]
WEEKDAY_WEIGHTS = [20, 22, 20, 21, 16, 3, 2]
SATISFACTION_WEIGHTS = [3, 7, 15, 45, 30]  # 1 to 5


def _moment(rng: random.Random, now: datetime, *, max_days: int = 364) -> datetime:
    """A past moment, on a weekday rather than a weekend, at a working hour (Paris)."""
    while True:
        day = timezone.localtime(now) - timedelta(days=rng.randint(0, max_days))
        if rng.random() * 22 < WEEKDAY_WEIGHTS[day.weekday()]:
            break
    moment = day.replace(hour=rng.choice(HOURS), minute=rng.randint(0, 59), second=0)
    return _past(moment, now)


def _past(moment: datetime, now: datetime) -> datetime:
    """A moment of today still to come moves a week back (same weekday and hour)."""
    while moment > now:
        moment -= timedelta(days=7)
    return moment


def _later(rng: random.Random, after: datetime, now: datetime) -> datetime:
    """A working moment a few days after ``after`` (never in the future)."""
    day = timezone.localtime(after) + timedelta(days=rng.randint(0, 4))
    while rng.random() * 22 >= WEEKDAY_WEIGHTS[day.weekday()]:
        day += timedelta(days=1)
    moment = day.replace(hour=rng.choice(HOURS), minute=rng.randint(0, 59), second=0)
    if moment <= after:
        moment = after + timedelta(minutes=rng.randint(5, 50))
    return _past(moment, now)


@transaction.atomic
def load_demo_activity() -> int:
    """Returns the number of completions created (0 when already done)."""
    if Completion.objects.filter(enrolment__user__email__startswith="demo.").exists():
        return 0
    rng = random.Random(13)  # noqa: S311  (demo data)
    now = timezone.now()
    _accounts_without_enrolment(rng, now)

    activities: dict[int, list[int]] = {}
    for pk, training_id in Activity.objects.order_by(
        "section__position", "position", "pk"
    ).values_list("pk", "section__training_id"):
        activities.setdefault(training_id, []).append(pk)

    enrolments = list(
        Enrolment.objects.filter(user__email__startswith="demo.", status=Enrolment.Status.ACTIVE)
        .select_related("user", "session")
        .order_by("pk")
    )
    users: dict[int, User] = {}
    progress: list[ActivityProgress] = []
    completions: list[Completion] = []
    responses: list[SurveyResponse] = []
    answer_dates: list[datetime] = []
    answered: set[tuple[int, int]] = set()
    for enrolment in enrolments:
        enrolment.enrolled_at = _moment(rng, now)
        user = users.setdefault(enrolment.user_id, enrolment.user)
        if user.date_joined > enrolment.enrolled_at:
            user.date_joined = enrolment.enrolled_at - timedelta(days=rng.randint(0, 20))
        steps = activities.get(enrolment.session.training_id, [])
        fate = rng.random()
        if fate < 0.2:
            continue  # enrolled, never started
        finished = fate >= 0.42
        done = len(steps) if finished else rng.randint(1, max(len(steps), 1))
        seen = enrolment.enrolled_at
        for position, activity_id in enumerate(steps[:done]):
            seen = _later(rng, seen, now)
            complete_step = finished or position < done - 1
            progress.append(
                ActivityProgress(
                    enrolment=enrolment,
                    activity_id=activity_id,
                    status=ProgressStatus.COMPLETED
                    if complete_step
                    else ProgressStatus.IN_PROGRESS,
                    first_seen_at=seen,
                    last_seen_at=seen,
                    completed_at=seen if complete_step else None,
                    time_spent=rng.randint(5, 45) * 60,
                )
            )
        if not finished:
            continue
        completed_at = min(max(seen, enrolment.enrolled_at + timedelta(hours=1)), now)
        completions.append(Completion(enrolment=enrolment, completed_at=completed_at))
        key = (enrolment.user_id, enrolment.session.training_id)
        if rng.random() < 0.7 and key not in answered:
            answered.add(key)
            responses.append(
                SurveyResponse(
                    user_id=enrolment.user_id,
                    training_id=enrolment.session.training_id,
                    session_id=enrolment.session_id,
                    satisfaction=rng.choices(range(1, 6), weights=SATISFACTION_WEIGHTS)[0],
                    adapted=rng.random() < 0.77,
                    reuse=rng.random() < 0.8,
                )
            )
            answer_dates.append(min(completed_at + timedelta(minutes=5), now))

    Enrolment.objects.bulk_update(enrolments, ["enrolled_at"], batch_size=500)
    User.objects.bulk_update(users.values(), ["date_joined"], batch_size=500)
    seen_dates = [(row.first_seen_at, row.last_seen_at) for row in progress]
    created = ActivityProgress.objects.bulk_create(progress, batch_size=500)
    # auto_now(_add) stamped "now" on insert: put the demo's past dates back.
    for row, (first, last) in zip(created, seen_dates, strict=True):
        row.first_seen_at, row.last_seen_at = first, last
    ActivityProgress.objects.bulk_update(created, ["first_seen_at", "last_seen_at"], batch_size=500)
    Completion.objects.bulk_create(completions, batch_size=500)
    saved = SurveyResponse.objects.bulk_create(responses, batch_size=500)
    for row, answered_at in zip(saved, answer_dates, strict=True):
        row.created_at = answered_at
    SurveyResponse.objects.bulk_update(saved, ["created_at"], batch_size=500)
    return len(completions)


def _accounts_without_enrolment(rng: random.Random, now: datetime) -> None:
    """Agents who created an account and never enrolled, and a few "other users"."""
    entities = [e for e in Entity.objects.prefetch_related("domains") if e.domains.all()]
    unusable = make_password(None)
    users = []
    for i in range(NEVER_ENROLLED):
        entity = rng.choice(entities)
        users.append(
            User(
                email=f"demo.compte.{i}@{entity.domains.all()[0].domain}",
                first_name="Compte",
                last_name=f"Démo {i}",
                entity=entity,
                password=unusable,
                date_joined=_moment(rng, now),
            )
        )
    for i in range(OTHER_USERS):
        users.append(
            User(
                email=f"demo.externe.{i}@exemple.fr",
                first_name="Utilisateur",
                last_name=f"Externe {i}",
                password=unusable,
                date_joined=_moment(rng, now),
            )
        )
    users = User.objects.bulk_create(users)
    EmailAddress.objects.bulk_create(
        [EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in users]
    )
