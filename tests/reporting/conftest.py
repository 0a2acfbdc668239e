"""A small world whose every figure is known by hand (see ``World``'s docstring)."""

import contextlib
import time
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.utils import timezone

from mentor.accounts.models import Role, User
from mentor.catalog.models import Training
from mentor.celery import app
from mentor.enrolments.models import Enrolment
from mentor.learning.models import ActivityProgress
from mentor.surveys.models import SurveyResponse
from tests.attestations.factories import EnrolmentFactory, complete
from tests.factories import (
    CollectionFactory,
    SessionFactory,
    TrainingFactory,
    UserFactory,
    role_holder,
)
from tests.learning.factories import ActivityFactory, SectionFactory

#: A reporting test builds its data "today" and compares figures of "the last 12 months":
#: one that starts in the last minute of a Paris day would compare two days' figures
#: (seen once in CI, at midnight). Such a test waits for the new day first.
_DAY_ENDS_IN = 60  # seconds


@pytest.fixture(autouse=True)
def _not_across_midnight():
    now = timezone.localtime()
    midnight = (now + timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
    left = (midnight - now).total_seconds()
    if left < _DAY_ENDS_IN:
        time.sleep(left + 1)


def enrol(
    user: User,
    training: Training,
    *,
    days_ago: int = 10,
    seconds: int = 0,
    completed_after_days: int | None = None,
    cancelled: bool = False,
) -> Enrolment:
    """An enrolment as the learning flow leaves it: credited time on the training's first
    activity, a completion some days after enrolling."""
    session = training.sessions.first() or SessionFactory(training=training)
    enrolment = EnrolmentFactory(
        user=user,
        session=session,
        enrolled_at=timezone.now() - timedelta(days=days_ago),
        status=Enrolment.Status.CANCELLED if cancelled else Enrolment.Status.ACTIVE,
    )
    if seconds:
        activity = ActivityFactory(section=SectionFactory(training=training))
        progress = ActivityProgress.objects.create(
            enrolment=enrolment, activity=activity, time_spent=seconds
        )
        ActivityProgress.objects.filter(pk=progress.pk).update(  # auto_now_add said "now"
            first_seen_at=enrolment.enrolled_at + timedelta(hours=1)
        )
    if completed_after_days is not None:
        complete(
            enrolment,
            completed_at=enrolment.enrolled_at + timedelta(days=completed_after_days),
        )
    return enrolment


def answer(enrolment: Enrolment, *, satisfaction: int, adapted: bool, reuse: bool):
    return SurveyResponse.objects.create(
        user=enrolment.user,
        training=enrolment.session.training,
        session=enrolment.session,
        satisfaction=satisfaction,
        adapted=adapted,
        reuse=reuse,
    )


@dataclass
class World:
    """Justice (with its sub-direction DAP) and Agriculture, in the last 12 months:

    ========  ============  ===================================================
    person    entity        what they did
    ========  ============  ===================================================
    j1        Justice       t_justice: 1 h, finished after 2 days, answered 5/yes/yes
    j2        DAP           t_agri: 0.5 h, not finished
    j3        Justice       nothing (account only)
    j4        Justice       t_internal, then unenrolled
    a1        Agriculture   t_justice: 2 h, finished after 6 days, answered 3/no/yes
    a2        Agriculture   t_agri: never started
    o1        (none)        nothing (an "other user")
    old       Agriculture   account 500 days old, t_agri 400 days ago, finished (out)
    ========  ============  ===================================================

    t_justice: interministerial, produced by Justice, collection "numérique", self-paced.
    t_agri: interministerial, produced by Agriculture, virtual class.
    t_internal: Justice's internal offer, hybrid.
    Role holders are created long ago, so they are not among the period's accounts.
    """

    t_justice: Training
    t_agri: Training
    t_internal: Training
    people: dict[str, User]


@pytest.fixture
def world(justice, penitentiaire, agriculture, justice_admin, platform_admin) -> World:
    numerique = CollectionFactory(slug="numerique", name="Numérique")
    t_justice = TrainingFactory(
        title="Justice et numérique", producer=justice, collections=[numerique]
    )
    t_agri = TrainingFactory(
        title="Classe virtuelle agricole", producer=agriculture, modality="virtual_class"
    )
    t_internal = TrainingFactory(
        title="Procédure interne", producer=justice, owner_entity=justice, modality="hybrid"
    )
    people = {
        "j1": UserFactory(entity=justice, email="j1@justice.gouv.fr", last_name="Juste"),
        "j2": UserFactory(entity=penitentiaire, email="j2@dap.justice.gouv.fr"),
        "j3": UserFactory(entity=justice, email="j3@justice.gouv.fr"),
        "j4": UserFactory(entity=justice, email="j4@justice.gouv.fr"),
        "a1": UserFactory(entity=agriculture, email="a1@agriculture.gouv.fr", last_name="Agricola"),
        "a2": UserFactory(entity=agriculture, email="a2@agriculture.gouv.fr"),
        "o1": UserFactory(email="o1@gmail.com"),
        "old": UserFactory(entity=agriculture, email="old@agriculture.gouv.fr"),
    }
    User.objects.filter(pk=people["old"].pk).update(
        date_joined=timezone.now() - timedelta(days=500)
    )
    User.objects.filter(pk__in=[justice_admin.pk, platform_admin.pk]).update(
        date_joined=timezone.now() - timedelta(days=800)
    )
    e = enrol(people["j1"], t_justice, seconds=3600, completed_after_days=2)
    answer(e, satisfaction=5, adapted=True, reuse=True)
    enrol(people["j2"], t_agri, seconds=1800)
    enrol(people["j4"], t_internal, cancelled=True)
    e = enrol(people["a1"], t_justice, seconds=7200, completed_after_days=6)
    answer(e, satisfaction=3, adapted=False, reuse=True)
    enrol(people["a2"], t_agri)
    enrol(people["old"], t_agri, days_ago=400, seconds=36000, completed_after_days=1)
    return World(t_justice=t_justice, t_agri=t_agri, t_internal=t_internal, people=people)


def grant(role: str, entity=None, *, actor, **user_fields) -> User:
    """A role holder (``role_holder``), whose account is older than the period (not among
    its accounts)."""
    user = role_holder(role, entity, actor=actor, **user_fields)
    User.objects.filter(pk=user.pk).update(date_joined=timezone.now() - timedelta(days=800))
    user.refresh_from_db()
    return user


@pytest.fixture
def committee_member(platform_admin):
    return grant(
        Role.EDITORIAL_COMMITTEE, actor=platform_admin, email="comite@fonction-publique.gouv.fr"
    )


@pytest.fixture
def agriculture_designer(agriculture, platform_admin):
    return grant(
        Role.DESIGNER, agriculture, actor=platform_admin, email="conceptrice@agriculture.gouv.fr"
    )


@pytest.fixture
def justice_tutor(justice, platform_admin):
    return grant(Role.TUTOR, justice, actor=platform_admin, email="tuteur@justice.gouv.fr")


class Queue:
    """The Celery queue, read as a worker would: ``take`` removes the queued tasks and
    returns their names and arguments; ``run`` runs them (as the worker does)."""

    def take(self) -> list[tuple[str, tuple, dict]]:
        tasks = []
        with app.connection_for_read() as connection:
            queue = connection.SimpleQueue(app.conf.task_default_queue)
            while True:
                try:
                    message = queue.get(block=False)
                except queue.Empty:
                    break
                args, kwargs, _embed = message.decode()
                tasks.append((message.headers["task"], tuple(args), kwargs))
                message.ack()
            queue.close()
        return tasks

    def run(self) -> int:
        tasks = self.take()
        for name, args, kwargs in tasks:
            app.tasks[name].apply(args=args, kwargs=kwargs).get()
        return len(tasks)


@pytest.fixture
def queued(settings):
    """Tasks go to a queue (an in-memory broker), not run inline. Celery reads its
    configuration from the Django settings as they are now, so the ``settings`` fixture
    sets it and puts it back (writing ``app.conf`` would outlive the test)."""
    settings.CELERY_TASK_ALWAYS_EAGER = False
    queue = Queue()
    queue.take()  # nothing left over from another test
    try:
        yield queue
    finally:
        # The connection and producer pools built on the in-memory broker go with it, as
        # after a fork: a later test that points the broker elsewhere gets new ones.
        app._pool = None
        app.amqp._producer_pool = None
        with contextlib.suppress(Exception):
            queue.take()
