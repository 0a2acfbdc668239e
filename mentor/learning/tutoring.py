"""Tutors' state changes: attendance and messages to learners (each checked against the
tutor's sessions, in one transaction, audited where the trail needs it)."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils.translation import gettext as _

from mentor.accounts.models import User
from mentor.audit.services import audit_record
from mentor.core.email import email_enqueue
from mentor.core.permissions import can
from mentor.enrolments.models import Enrolment
from mentor.learning.models import Activity, ActivityKind, Attendance
from mentor.learning.services import (
    LearningError,
    completion_evaluate,
    lock_enrolment,
    progress_record,
)

ATTENDANCE_KINDS = {ActivityKind.VIRTUAL_CLASS, ActivityKind.IN_PERSON}


def _check_tutor(tutor: User, session) -> None:
    if not can(tutor, "learning.tutor_session", session):
        raise PermissionDenied(_("Vous n’êtes pas tuteur de cette session."))


def _check_attendance_activity(activity: Activity, session) -> None:
    if activity.kind not in ATTENDANCE_KINDS or activity.section.training_id != session.training_id:
        raise LearningError(_("Cette activité ne donne pas lieu à un relevé de présence."))


def _attendance_write(*, tutor: User, activity: Activity, enrolment: Enrolment, present: bool):
    locked = lock_enrolment(enrolment)
    attendance, _created = Attendance.objects.update_or_create(
        activity=activity, enrolment=locked, defaults={"present": present, "recorded_by": tutor}
    )
    if present:
        progress_record(locked, activity, attended=True)
        completion_evaluate(locked)
    return attendance


@transaction.atomic
def attendance_record(
    *, tutor: User, activity: Activity, enrolment: Enrolment, present: bool
) -> Attendance:
    """One learner's presence at a dated activity; being present completes it."""
    _check_tutor(tutor, enrolment.session)
    _check_attendance_activity(activity, enrolment.session)
    return _attendance_write(tutor=tutor, activity=activity, enrolment=enrolment, present=present)


@transaction.atomic
def attendance_record_many(
    *, tutor: User, session, activity: Activity, shown_ids: set[int], present_ids: set[int]
) -> int:
    """The presence sheet of one page of learners: those in ``shown_ids`` (the active
    enrolments of ``session`` among them; other ids are ignored) are marked present when in
    ``present_ids``, absent otherwise. One permission check, one transaction: the sheet is
    recorded whole or not at all. Returns the number of learners recorded."""
    _check_tutor(tutor, session)
    _check_attendance_activity(activity, session)
    enrolments = Enrolment.objects.filter(
        session=session, status=Enrolment.Status.ACTIVE, pk__in=shown_ids
    ).order_by("pk")
    count = 0
    for enrolment in enrolments:
        _attendance_write(
            tutor=tutor, activity=activity, enrolment=enrolment, present=enrolment.pk in present_ids
        )
        count += 1
    return count


@transaction.atomic
def tutor_message_send(*, tutor: User, enrolment: Enrolment, subject: str, body: str) -> None:
    """E-mail one learner of a session the tutor tutors (queued; the learner replies to the
    tutor's own address). Audited: who wrote to whom, when, with which subject."""
    session = enrolment.session
    _check_tutor(tutor, session)
    subject, body = (subject or "").strip(), (body or "").strip()
    if not subject or not body:
        raise LearningError(_("Indiquez un objet et un message."))
    text = _(
        "%(body)s\n\n— %(tutor)s, tuteur de la session « %(session)s » (%(training)s) sur Mentor.\n"
        "Pour répondre, écrivez à %(email)s."
    ) % {
        "body": body,
        "tutor": tutor.get_full_name() or tutor.email,
        "session": session.title,
        "training": session.training.title,
        "email": tutor.email,
    }
    audit_record(
        actor=tutor,
        action="learning.tutor_message",
        target=enrolment,
        entity=session.training.producer,
        data={"session": session.pk, "subject": subject[:200]},
    )
    message = EmailMessage(
        f"[Mentor] {subject}",
        text,
        settings.DEFAULT_FROM_EMAIL,
        [enrolment.user.email],
        reply_to=[tutor.email],
    )
    email_enqueue(message)  # sent once the transaction commits
