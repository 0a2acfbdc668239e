"""A few hundred demo agents with enrolments (idempotent: created once, by e-mail prefix)."""

import random
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from mentor.accounts.models import User
from mentor.catalog.models import Session
from mentor.catalog.selectors import open_sessions_q, trainings_visible_to
from mentor.enrolments.models import Enrolment, EnrolmentEvent
from mentor.organisations.models import Entity

FIRST = "Camille Léa Hugo Inès Louis Chloé Nathan Manon Jules Sarah Lucas Emma Paul Zoé Karim Aïcha".split()
LAST = "Martin Bernard Dubois Thomas Robert Richard Petit Durand Leroy Moreau Simon Laurent Lefebvre Michel Garcia Nguyen".split()
N_AGENTS = 300


@transaction.atomic
def load_demo_enrolments() -> tuple[int, int]:
    rng = random.Random(7)  # noqa: S311  (demo data)
    if not User.objects.filter(email__startswith="demo.").exists():
        entities = [e for e in Entity.objects.prefetch_related("domains") if e.domains.all()]
        unusable = make_password(None)
        users = []
        for i in range(N_AGENTS):
            entity = rng.choice(entities)
            first, last = rng.choice(FIRST), rng.choice(LAST)
            users.append(
                User(
                    email=f"demo.{first.lower()}.{last.lower()}.{i}@{entity.domains.all()[0].domain}",
                    first_name=first,
                    last_name=last,
                    entity=entity,
                    password=unusable,
                    category=rng.choice(["A+", "A", "B", "C", ""]),
                    employment_status=rng.choice(["titulaire", "contractuel", ""]),
                    gender=rng.choice(["female", "male", "undisclosed", ""]),
                    date_joined=timezone.now() - timedelta(days=rng.randint(1, 900)),
                )
            )
        users = User.objects.bulk_create(users)
        EmailAddress.objects.bulk_create(
            [EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in users]
        )
        for user in User.objects.filter(email__startswith="demo.").select_related("entity"):
            visible = list(
                Session.objects.filter(training__in=trainings_visible_to(user)).values_list(
                    "pk", "capacity", "seats_taken"
                )
            )
            for session_id, _capacity, _taken in rng.sample(visible, k=min(3, len(visible))):
                _demo_enrol(
                    user, session_id, at=timezone.now() - timedelta(days=rng.randint(0, 200))
                )
    _enrol_demo_learners()
    agents = User.objects.filter(email__startswith="demo.").count()
    return agents, Enrolment.objects.filter(user__email__startswith="demo.").count()


#: The README's demo agents start with trainings in "Mes formations": the national module
#: with a SCORM activity, and another open session of their offer.
DEMO_LEARNERS = ("agent@justice.gouv.fr", "agente@interieur.gouv.fr")
DEMO_FIRST_TRAINING = "transition-ecologique-socle-commun"


def _enrol_demo_learners() -> None:
    today = timezone.localdate()
    for user in User.objects.filter(email__in=DEMO_LEARNERS).select_related("entity"):
        if user.entity_id is None or Enrolment.objects.filter(user=user).exists():
            continue
        running = (
            Session.objects.filter(
                open_sessions_q(),
                training__in=trainings_visible_to(user),
                starts_on__lte=today,
                capacity__isnull=True,
            )
            .order_by("-training__slug")
            .values_list("pk", "training__slug")
        )
        chosen = [pk for pk, slug in running if slug == DEMO_FIRST_TRAINING][:1]
        chosen += [pk for pk, slug in running if slug != DEMO_FIRST_TRAINING][: 2 - len(chosen)]
        for session_id in chosen:
            _demo_enrol(user, session_id, at=timezone.now())


def _demo_enrol(user: User, session_id: int, *, at) -> None:
    """Enrol as the demo's past: a seat taken when one is left, the enrolment and its event
    (no e-mail, no window check: these enrolments happened before today)."""
    seat = (
        Session.objects.filter(pk=session_id)
        .filter(Q(capacity__isnull=True) | Q(seats_taken__lt=F("capacity")))
        .update(seats_taken=F("seats_taken") + 1)
    )
    if seat:
        enrolment = Enrolment.objects.create(user=user, session_id=session_id, enrolled_at=at)
        EnrolmentEvent.objects.create(enrolment=enrolment, kind="enrolled")
