"""Enrolment and unenrolment: rules checked and seats taken in one transaction.

The seat is taken with a single conditional UPDATE (``seats_taken < capacity``), so two
agents racing for the last seat cannot both get it on any database; enrolling twice is a
no-op; unenrolling gives the seat back.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from mentor.accounts.models import User
from mentor.catalog.models import Session, SessionStatus
from mentor.catalog.selectors import open_sessions_q, session_visible_to
from mentor.core.email import email_enqueue
from mentor.core.errors import Refusal
from mentor.core.middleware import site_url
from mentor.core.prepared import Prepared
from mentor.enrolments.models import Enrolment, EnrolmentEvent


class EnrolmentError(Refusal):
    """A refusal the person can understand (the message is shown as is)."""


@dataclass
class EnrolmentResult:
    enrolment: Enrolment
    created: bool  # False when the person was already enrolled (idempotent retry)


def _refusal(session: Session) -> str:
    reasons: dict[str, str] = {
        SessionStatus.FULL: _("Cette session est complète."),
        SessionStatus.CLOSED: _("Les inscriptions à cette session sont fermées."),
        SessionStatus.UPCOMING: _("Les inscriptions à cette session ne sont pas encore ouvertes."),
        SessionStatus.FINISHED: _("Cette session est terminée."),
    }
    return reasons.get(session.status, _("Cette session n'est pas ouverte aux inscriptions."))


def _confirmation(enrolment: Enrolment) -> EmailMessage:
    session = enrolment.session
    context = {
        "user": enrolment.user,
        "session": session,
        "training": session.training,
        "site_url": site_url(),
    }
    body = render_to_string("enrolments/email/confirmation.txt", context)
    subject = _("[Mentor] Inscription confirmée : %(title)s") % {"title": session.training.title}
    return EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [enrolment.user.email])


# The person's enrolment in the session, whatever its status, locked (built once:
# ``core.prepared``).
_EXISTING = Prepared(
    lambda *, user_id, session_id: (
        Enrolment.objects.select_for_update()
        .filter(user_id=user_id, session_id=session_id)
        .order_by("pk")[:1]
    )
)


@transaction.atomic
def enrolment_create(*, user: User, session_id: int) -> EnrolmentResult:
    """Enrol ``user`` in a session they can see and that is open now.

    Raises EnrolmentError (nothing changed) when the session is invisible to them, closed,
    full, not yet open or finished.
    """
    if not user.is_authenticated:
        raise EnrolmentError(_("Cette session n'existe pas ou ne vous est pas ouverte."))
    # An "other user" (no entity) sees only the sessions granted to them (an invitation).
    session = session_visible_to(user, session_id)
    if session is None:
        raise EnrolmentError(_("Cette session n'existe pas ou ne vous est pas ouverte."))

    existing = _EXISTING.first(user_id=user.pk, session_id=session.pk)
    if existing and existing.status == Enrolment.Status.ACTIVE:
        return EnrolmentResult(existing, created=False)
    if session.status != SessionStatus.OPEN:  # the common refusal, before any write
        raise EnrolmentError(_refusal(session))

    now = timezone.now()
    if existing:
        existing.status, existing.enrolled_at, existing.cancelled_at = (
            Enrolment.Status.ACTIVE,
            now,
            None,
        )
        existing.save(update_fields=["status", "enrolled_at", "cancelled_at"])
        enrolment = existing
    else:
        try:
            with transaction.atomic():
                enrolment = Enrolment.objects.create(user=user, session=session, enrolled_at=now)
        except IntegrityError:
            # A concurrent request of the same person won: report theirs.
            return EnrolmentResult(Enrolment.objects.get(user=user, session=session), created=False)
    enrolment.session, enrolment.user = session, user  # read above: the e-mail needs them
    EnrolmentEvent.objects.create(enrolment=enrolment, kind=EnrolmentEvent.Kind.ENROLLED)
    confirmation = _confirmation(enrolment)
    # The seat last: its UPDATE locks the session's row until the commit, and thousands
    # may enrol in the same session at once (a national release): the lock is held for
    # this statement and the commit only. Refused (full, closed meanwhile): everything
    # above is rolled back with it, and no e-mail leaves.
    taken = Session.objects.filter(open_sessions_q(), pk=session.pk).update(
        seats_taken=F("seats_taken") + 1
    )
    if not taken:
        raise EnrolmentError(_refusal(session))
    email_enqueue(confirmation)
    return EnrolmentResult(enrolment, created=True)


@transaction.atomic
def enrolment_cancel(*, user: User, session_id: int) -> bool:
    """Unenrol; returns False when there was nothing to cancel (idempotent).

    Raises EnrolmentError (nothing changed) once the session is finished or the training
    completed: that enrolment is the record attestations and reporting rely on.
    """
    enrolment = (
        Enrolment.objects.select_for_update()
        .select_related("session")
        .filter(user=user, session_id=session_id, status=Enrolment.Status.ACTIVE)
        .first()
    )
    if enrolment is None:
        return False
    if enrolment.session.ends_on < timezone.localdate():
        raise EnrolmentError(
            _("Cette session est terminée : vous ne pouvez plus vous en désinscrire.")
        )
    if Enrolment.objects.filter(pk=enrolment.pk, completion__isnull=False).exists():
        raise EnrolmentError(
            _("Vous avez terminé cette formation : vous ne pouvez plus vous en désinscrire.")
        )
    enrolment.status = Enrolment.Status.CANCELLED
    enrolment.cancelled_at = timezone.now()
    enrolment.save(update_fields=["status", "cancelled_at"])
    Session.objects.filter(Q(pk=session_id) & Q(seats_taken__gt=0)).update(
        seats_taken=F("seats_taken") - 1
    )
    EnrolmentEvent.objects.create(enrolment=enrolment, kind=EnrolmentEvent.Kind.CANCELLED)
    return True
