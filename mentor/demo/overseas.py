"""An overseas entity with its own time zone and a year of activity, so that the
heatmap's rule ("overseas entities in their own time zone") shows after ``make run``: the
Saint-Denis court of appeal (La Réunion, UTC+4, no daylight saving) under the Justice
ministry, whose agents learn at their office hours, which are Paris' early mornings.

Idempotent: the entity is upserted; its agents and their activity are made once."""

import random
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from mentor.accounts.models import User
from mentor.catalog.models import Session
from mentor.catalog.selectors import trainings_visible_to
from mentor.enrolments.models import Enrolment, EnrolmentEvent
from mentor.learning.models import Activity, ActivityProgress, Completion, ProgressStatus
from mentor.organisations.models import Entity, EntityKind, TimeZone
from mentor.organisations.services import entity_upsert
from mentor.surveys.models import SurveyResponse

SLUG = "ca-saint-denis-reunion"
DOMAIN = "reunion.justice.gouv.fr"
AGENTS = 24
ZONE = ZoneInfo(TimeZone.REUNION)
#: Office hours in Saint-Denis (local time): 7:30 to 16:00 mostly.
HOURS = [7, 8, 8, 9, 9, 10, 10, 11, 13, 13, 14, 14, 15]


def _local_moment(rng: random.Random, now: datetime, after: datetime | None = None) -> datetime:
    """A weekday moment at an office hour of La Réunion, in the past year (or a few days
    after ``after``), never in the future."""
    base = after.astimezone(ZONE) if after else now.astimezone(ZONE)
    while True:
        if after:
            day = base + timedelta(days=rng.randint(0, 5))
        else:
            day = base - timedelta(days=rng.randint(0, 360))
        if day.weekday() < 5:
            break
    moment = day.replace(hour=rng.choice(HOURS), minute=rng.randint(0, 59), second=0)
    while after and moment <= after:  # the next working day, same office hour
        moment += timedelta(days=1)
        while moment.weekday() >= 5:
            moment += timedelta(days=1)
    if after and moment > now:
        return after  # not in the future: at the same moment as the step before
    while moment > now:
        moment -= timedelta(days=7)
    return moment


@transaction.atomic
def load_demo_overseas() -> int:
    """Returns the number of agents created (0 when already there)."""
    justice = Entity.objects.get(slug="justice")
    entity = entity_upsert(
        slug=SLUG,
        parent=justice,
        name="Cour d’appel de Saint-Denis de La Réunion",
        short_name="CA Saint-Denis",
        kind=EntityKind.DIRECTION,
        description=(
            "La cour d’appel de Saint-Denis et les juridictions de son ressort forment leurs "
            "agents à distance, à l’heure de La Réunion."
        ),
        contact_email=f"mentor@{DOMAIN}",
        domains=[DOMAIN],
        time_zone=TimeZone.REUNION,
    )
    if User.objects.filter(entity=entity).exists():
        return 0
    rng = random.Random(974)  # noqa: S311  (demo data)
    now = timezone.now()
    unusable = make_password(None)
    users = User.objects.bulk_create(
        User(
            email=f"demo.reunion.{i}@{DOMAIN}",
            first_name=rng.choice(["Mélissa", "Kévin", "Nadia", "Thierry", "Sonia", "Johan"]),
            last_name=rng.choice(["Payet", "Hoarau", "Grondin", "Fontaine", "Técher", "Boyer"]),
            entity=entity,
            password=unusable,
            category=rng.choice(["A", "B", "B", "C", "C", ""]),
            employment_status=rng.choice(["titulaire", "titulaire", "contractuel", ""]),
            gender=rng.choice(["female", "female", "male", "male", ""]),
            date_joined=now - timedelta(days=400 + rng.randint(0, 300)),
        )
        for i in range(AGENTS)
    )
    EmailAddress.objects.bulk_create(
        EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in users
    )
    steps: dict[int, list[int]] = {}
    for pk, training_id in Activity.objects.order_by(
        "section__position", "position", "pk"
    ).values_list("pk", "section__training_id"):
        steps.setdefault(training_id, []).append(pk)
    sessions = list(
        dict(  # one open-ended session per training (one survey answer per training)
            Session.objects.filter(
                training__in=trainings_visible_to(users[0]),
                training_id__in=list(steps),
                capacity__isnull=True,
            )
            .order_by("-pk")
            .values_list("training_id", "pk")
        ).items()
    )
    sessions = [(session_id, training_id) for training_id, session_id in sessions]
    progress, seen_dates, completions, answers = [], [], [], []
    for user in users:
        for session_id, training_id in rng.sample(sessions, k=min(2, len(sessions))):
            enrolled_at = _local_moment(rng, now)
            enrolment = Enrolment.objects.create(
                user=user, session_id=session_id, enrolled_at=enrolled_at
            )
            EnrolmentEvent.objects.create(enrolment=enrolment, kind="enrolled")
            Session.objects.filter(pk=session_id).update(seats_taken=F("seats_taken") + 1)
            if rng.random() < 0.15:
                continue  # never started
            finished = rng.random() < 0.6
            course = steps[training_id]
            done = len(course) if finished else rng.randint(1, len(course))
            seen = enrolled_at
            for activity_id in course[:done]:
                seen = _local_moment(rng, now, after=seen)
                progress.append(
                    ActivityProgress(
                        enrolment=enrolment,
                        activity_id=activity_id,
                        status=ProgressStatus.COMPLETED,
                        completed_at=seen,
                        time_spent=rng.randint(5, 40) * 60,
                    )
                )
                seen_dates.append(seen)
            if finished:
                completions.append(Completion(enrolment=enrolment, completed_at=seen))
                answers.append(
                    (
                        SurveyResponse(
                            user=user,
                            training_id=training_id,
                            session_id=session_id,
                            satisfaction=rng.choice([3, 4, 4, 5, 5]),
                            adapted=rng.random() < 0.8,
                            reuse=rng.random() < 0.75,
                        ),
                        min(now, seen + timedelta(minutes=5)),
                    )
                )
    created = ActivityProgress.objects.bulk_create(progress)
    for row, seen in zip(created, seen_dates, strict=True):
        row.first_seen_at = row.last_seen_at = seen  # auto_now stamped the insert
    ActivityProgress.objects.bulk_update(created, ["first_seen_at", "last_seen_at"])
    Completion.objects.bulk_create(completions)
    saved = SurveyResponse.objects.bulk_create([response for response, _at in answers])
    for row, (_response, answered_at) in zip(saved, answers, strict=True):
        row.created_at = answered_at
    SurveyResponse.objects.bulk_update(saved, ["created_at"])
    return len(users)
