"""Running campaigns and an invitation (idempotent: created once, by title / address).

- "Transition écologique — socle commun", mandatory, prescribed nationally by the platform
  admin to every demo agent (every ministry's subtree), with a due date;
- a Justice campaign whose population was imported from a CSV file (the DAP's list);
- an invitation pending for ``prestataire@gmail.com`` (an "other user").

The platform admin follows the national campaign with living figures —
some agents already did the training in an earlier session (counted as done when it was
less than three years ago, the campaign's validity; the 2021 session's do it again), some
are enrolled, the rest have only been asked; ``agent@justice.gouv.fr`` sees it first in "Mes
formations". The opening e-mails go out through the ordinary service once the demo
transaction commits (to ``var/mail`` in the embedded mode)."""

import random
from datetime import timedelta

from django.utils import timezone

from mentor.accounts.models import User
from mentor.catalog.models import Session, Training
from mentor.catalog.selectors import open_sessions_q
from mentor.demo.enrolments import _demo_enrol
from mentor.enrolments.models import Enrolment
from mentor.learning.models import Completion
from mentor.organisations.models import Entity
from mentor.prescriptions.invitations import invitation_create
from mentor.prescriptions.models import Campaign, Invitation
from mentor.prescriptions.permissions import invitable_sessions
from mentor.prescriptions.services import campaign_create, campaign_open, population_file_parse

DEMO_CAMPAIGN = "Transition écologique — socle commun"
DEMO_CSV_CAMPAIGN = "Gestion des incidents en détention — liste de la DAP"
DEMO_INVITEE = "prestataire@gmail.com"
TRAINING_SLUG = "transition-ecologique-socle-commun"
CSV_TRAINING_SLUG = "justice-surveillant-penitentiaire-gestion-incidents"


def load_demo_prescriptions() -> int:
    """The national campaign (every demo agent, by the platform admin) and the Justice
    referent's campaign imported from a CSV file. Returns the number created (0 the second
    time)."""
    return _national() + _justice_from_csv()


def _national() -> int:
    if Campaign.objects.filter(title=DEMO_CAMPAIGN).exists():
        return 0
    admin = User.objects.filter(email="admin@fonction-publique.gouv.fr").first()
    training = Training.objects.filter(slug=TRAINING_SLUG).first()
    justice = Entity.objects.filter(slug="justice").first()
    if admin is None or training is None or justice is None:
        return 0
    _demo_history(training, justice)
    today = timezone.localdate()
    campaign = campaign_create(
        actor=admin,
        title=DEMO_CAMPAIGN,
        training=training,
        kind="mandatory",
        message=(
            "La formation de tous les agents publics aux enjeux de la transition écologique "
            "est obligatoire. Merci de la terminer avant l'échéance."
        ),
        starts_on=today,
        due_on=today + timedelta(days=45),
        entities=list(Entity.objects.filter(parent__isnull=True).order_by("path")),
        listed_user_ids=[],
        reminder_offsets="14,7,1",
        validity_months=36,  # the 2021 session no longer counts; last year's does
    )
    # Open it now (idempotent): the demo shows its figures even before the commit.
    campaign_open(campaign_id=campaign.pk)
    return 1


def _justice_from_csv() -> int:
    """The way a referent prescribes to a list from the HR system: a ``;`` CSV with a BOM
    and a header, checked line by line by the same service as the upload form."""
    if Campaign.objects.filter(title=DEMO_CSV_CAMPAIGN).exists():
        return 0
    referent = User.objects.filter(email="referente@justice.gouv.fr").first()
    training = Training.objects.filter(slug=CSV_TRAINING_SLUG).first()
    justice = Entity.objects.filter(slug="justice").first()
    if referent is None or training is None or justice is None:
        return 0
    people = list(
        User.objects.filter(
            email__startswith="demo.", entity__path__startswith=justice.path
        ).order_by("pk")[:12]
    )
    # The HR system knows half of them by their agent identifier (``User.agent_id``).
    keys = ["agent@justice.gouv.fr"]
    for number, person in enumerate(people):
        if number % 2 and not person.agent_id:
            person.agent_id = f"MJ-{person.pk:06d}"
            person.save(update_fields=["agent_id"])
        keys.append(person.agent_id if number % 2 else person.email)
    data = (
        "\ufeffcourriel ou matricule;commentaire\r\n"
        + "".join(f"{key};liste RH\r\n" for key in keys)
    ).encode()
    listed = population_file_parse(actor=referent, data=data).user_ids
    today = timezone.localdate()
    campaign = campaign_create(
        actor=referent,
        title=DEMO_CSV_CAMPAIGN,
        training=training,
        kind="recommended",
        message="Liste transmise par le service des ressources humaines de la DAP.",
        starts_on=today,
        due_on=today + timedelta(days=90),
        entities=[],
        listed_user_ids=listed,
        reminder_offsets="7",
    )
    campaign_open(campaign_id=campaign.pk)
    return 1


def _demo_history(training: Training, justice: Entity) -> None:
    """Some Justice demo agents did the training last year, a few five years ago (too old
    for the campaign's validity), some enrolled this year."""
    rng = random.Random(14)  # noqa: S311  (demo data)
    agents = list(
        User.objects.filter(
            email__startswith="demo.", entity__path__startswith=justice.path
        ).order_by("pk")
    )
    if not agents:
        return
    past = _demo_closed_session(training, "Session 2025", started_days_ago=400)
    older = _demo_closed_session(training, "Session 2021", started_days_ago=1900)
    running = (
        Session.objects.filter(open_sessions_q(), training=training, capacity__isnull=True)
        .order_by("starts_on")
        .first()
    )
    for user in agents:
        roll = rng.random()
        if roll < 0.25:
            _demo_completed(user, past, days_ago=370)
        elif roll < 0.33:
            _demo_completed(user, older, days_ago=1820)
        elif roll < 0.55 and running is not None:
            if not Enrolment.objects.filter(user=user, session=running).exists():
                _demo_enrol(user, running.pk, at=timezone.now() - timedelta(days=rng.randint(0, 5)))


def _demo_closed_session(training: Training, title: str, *, started_days_ago: int) -> Session:
    """A closed session of ``training`` that ran for 100 days from ``started_days_ago``."""
    today = timezone.localdate()
    session, _ = Session.objects.get_or_create(
        training=training,
        title=title,
        defaults={
            "starts_on": today - timedelta(days=started_days_ago),
            "ends_on": today - timedelta(days=started_days_ago - 100),
            "state": "closed",
        },
    )
    return session


def _demo_completed(user: User, session: Session, *, days_ago: int) -> None:
    _demo_enrol(user, session.pk, at=timezone.now() - timedelta(days=days_ago + 20))
    enrolment = Enrolment.objects.filter(user=user, session=session).first()
    if enrolment is not None:
        Completion.objects.get_or_create(
            enrolment=enrolment,
            defaults={"completed_at": timezone.now() - timedelta(days=days_ago)},
        )


def load_demo_invitation() -> int:
    """A pending invitation of a contractor, ``prestataire@gmail.com``, to an open session
    the Justice referent administers (its link is in the e-mail: ``var/mail`` in the
    embedded mode). Returns 1 when created, 0 when it already exists or cannot be made."""
    if Invitation.objects.filter(email=DEMO_INVITEE).exists():
        return 0
    referent = User.objects.filter(email="referente@justice.gouv.fr").first()
    if referent is None:
        return 0
    session = (
        invitable_sessions(referent)
        .filter(open_sessions_q())
        .select_related("training")
        .order_by("training__owner_entity", "starts_on", "pk")
        .first()
    )
    if session is None:
        return 0
    invitation_create(
        actor=referent,
        session=session,
        email=DEMO_INVITEE,
        message="Bienvenue : cette session prépare votre intervention dans nos juridictions.",
    )
    return 1
