"""A running mandatory campaign: the ecological-transition training prescribed by the
Justice ministry to its agents (idempotent: created once, by title).

The Justice demo referent (``referente@justice.gouv.fr``) follows it with living figures —
some agents already did the training in an earlier session (counted as done), some are
enrolled, the rest have only been asked; ``agent@justice.gouv.fr`` sees it first in "Mes
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
from mentor.prescriptions.services import campaign_create, campaign_open

DEMO_CAMPAIGN = "Transition écologique — socle commun (Justice)"
DEMO_INVITEE = "prestataire@gmail.com"
TRAINING_SLUG = "transition-ecologique-socle-commun"


def load_demo_prescriptions() -> int:
    """Returns the number of campaigns created (0 the second time)."""
    if Campaign.objects.filter(title=DEMO_CAMPAIGN).exists():
        return 0
    referent = User.objects.filter(email="referente@justice.gouv.fr").first()
    training = Training.objects.filter(slug=TRAINING_SLUG).first()
    justice = Entity.objects.filter(slug="justice").first()
    if referent is None or training is None or justice is None:
        return 0
    _demo_history(training, justice)
    today = timezone.localdate()
    campaign = campaign_create(
        actor=referent,
        title=DEMO_CAMPAIGN,
        training=training,
        kind="mandatory",
        message=(
            "La formation de tous les agents publics aux enjeux de la transition écologique "
            "est obligatoire. Merci de la terminer avant l'échéance."
        ),
        starts_on=today,
        due_on=today + timedelta(days=45),
        entities=[justice],
        listed_user_ids=[],
        reminder_offsets="14,7,1",
    )
    # Open it now (idempotent): the demo shows its figures even before the commit.
    campaign_open(campaign_id=campaign.pk)
    return 1


def _demo_history(training: Training, justice: Entity) -> None:
    """Some Justice demo agents did the training last year, some enrolled this year."""
    rng = random.Random(14)  # noqa: S311  (demo data)
    agents = list(
        User.objects.filter(
            email__startswith="demo.", entity__path__startswith=justice.path
        ).order_by("pk")
    )
    if not agents:
        return
    today = timezone.localdate()
    past, _ = Session.objects.get_or_create(
        training=training,
        title="Session 2025",
        defaults={
            "starts_on": today - timedelta(days=400),
            "ends_on": today - timedelta(days=300),
            "state": "closed",
        },
    )
    running = (
        Session.objects.filter(open_sessions_q(), training=training, capacity__isnull=True)
        .order_by("starts_on")
        .first()
    )
    for user in agents:
        roll = rng.random()
        if roll < 0.25:
            _demo_enrol(user, past.pk, at=timezone.now() - timedelta(days=390))
            enrolment = Enrolment.objects.filter(user=user, session=past).first()
            if enrolment is not None:
                Completion.objects.get_or_create(
                    enrolment=enrolment,
                    defaults={"completed_at": timezone.now() - timedelta(days=370)},
                )
        elif roll < 0.55 and running is not None:
            if not Enrolment.objects.filter(user=user, session=running).exists():
                _demo_enrol(user, running.pk, at=timezone.now() - timedelta(days=rng.randint(0, 5)))


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
