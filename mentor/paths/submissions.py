"""Work-situation and experience-feedback activities: handing in, and the tutor's review.

A work situation asks for a deliverable (a file, checked like every upload of a course)
and is validated by a tutor with a comment; an experience feedback is a text the learner
writes, optionally reviewed. What completes the activity is its completion rule
(``learning.models.RULES_BY_KIND``): "handed in" or "validated by a tutor"; the progress
goes through learning's single entry point (``progress_update``), so the training and the
paths that link it complete at once.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from mentor.accounts.models import AnyUser, User
from mentor.accounts.permissions import is_platform_admin
from mentor.audit.services import audit_record
from mentor.core.errors import Refusal
from mentor.core.permissions import can
from mentor.enrolments.models import Enrolment
from mentor.learning import files
from mentor.learning.models import Activity, ActivityKind
from mentor.learning.services import lock_enrolment, progress_update
from mentor.paths.models import Submission, SubmissionStatus

KINDS = (ActivityKind.WORK_SITUATION, ActivityKind.FEEDBACK)
MAX_TEXT = 20_000
MAX_COMMENT = 5_000


class SubmissionError(Refusal):
    """A refusal about handing in or reviewing work, shown as is; nothing changed."""


@transaction.atomic
def submission_send(
    *, enrolment: Enrolment, activity: Activity, text: str = "", upload=None
) -> Submission:
    """Hand in (or hand in again) the learner's work. A work situation needs a deliverable
    (or keeps the one already handed in); an experience feedback needs a text. Once
    validated, the work can no longer be replaced."""
    if activity.kind not in KINDS:
        raise SubmissionError(_("Cette activité n’attend pas de travail à remettre."))
    enrolment = lock_enrolment(enrolment)
    if enrolment.status != Enrolment.Status.ACTIVE:
        raise SubmissionError(_("Vous n’êtes pas inscrit à cette session."))
    existing = Submission.objects.filter(enrolment=enrolment, activity=activity).first()
    if existing is not None and existing.status == SubmissionStatus.VALIDATED:
        raise SubmissionError(_("Ce travail a déjà été validé : il ne peut plus être remplacé."))
    text = (text or "").strip()
    if len(text) > MAX_TEXT:
        raise SubmissionError(
            _("Votre texte dépasse %(n)s caractères : raccourcissez-le.") % {"n": MAX_TEXT}
        )
    if upload is not None:
        try:
            files.validate_document(upload)
        except ValidationError as exc:
            raise SubmissionError(" ".join(exc.messages)) from exc
    if (
        activity.kind == ActivityKind.WORK_SITUATION
        and upload is None
        and not (existing and existing.file)
    ):
        raise SubmissionError(_("Joignez votre livrable."))
    if activity.kind == ActivityKind.FEEDBACK and not text:
        raise SubmissionError(_("Écrivez votre retour d’expérience."))
    submission = existing or Submission(enrolment=enrolment, activity=activity)
    submission.text = text
    if upload is not None:
        submission.file = upload
    submission.status = SubmissionStatus.SUBMITTED
    submission.submitted_at = timezone.now()
    submission.save()
    progress_update(enrolment=enrolment, activity=activity, locked=True, submitted=True)
    return submission


def may_review(user: AnyUser, submission: Submission) -> bool:
    """The session's tutors and the admins of its scope (as for the rest of tutoring)."""
    return user.is_authenticated and can(
        user, "learning.tutor_session", submission.enrolment.session
    )


@transaction.atomic
def submission_review(
    *, reviewer: User, submission_id: int, validated: bool, comment: str
) -> Submission:
    """Validate the work, or return it to the learner to be redone (a comment says why).
    Validation completes an activity whose rule is "validated by a tutor"; audited."""
    submission = (
        Submission.objects.select_for_update()
        .select_related("enrolment__session__training", "activity")
        .filter(pk=submission_id)
        .first()
    )
    if submission is None or not may_review(reviewer, submission):
        raise SubmissionError(_("Ce travail n’existe pas ou vous n’en êtes pas tuteur."))
    comment = (comment or "").strip()[:MAX_COMMENT]
    if not validated and not comment:
        raise SubmissionError(_("Dites à l’agent ce qu’il doit reprendre."))
    if submission.status == SubmissionStatus.VALIDATED:
        raise SubmissionError(_("Ce travail est déjà validé."))
    submission.status = SubmissionStatus.VALIDATED if validated else SubmissionStatus.RETURNED
    submission.comment = comment
    submission.reviewed_by = reviewer
    submission.reviewed_at = timezone.now()
    submission.save()
    training = submission.enrolment.session.training
    audit_record(
        actor=reviewer,
        action="paths.submission_validated" if validated else "paths.submission_returned",
        target=submission,
        entity=training.owner_entity or training.producer,
        data={"user_id": submission.enrolment.user_id, "activity_id": submission.activity_id},
    )
    if validated and submission.enrolment.status == Enrolment.Status.ACTIVE:
        progress_update(
            enrolment=submission.enrolment, activity=submission.activity, validated=True
        )
    return submission


# --- Reads --------------------------------------------------------------------------------


def submission_of(*, enrolment: Enrolment, activity: Activity) -> Submission | None:
    return Submission.objects.filter(enrolment=enrolment, activity=activity).first()


def review_queue(*, user: User) -> QuerySet[Submission]:
    """Work waiting for this tutor: handed in, in the sessions they tutor (platform admins:
    every session). Oldest first; one query with what the list shows."""
    queue = Submission.objects.filter(
        status=SubmissionStatus.SUBMITTED, enrolment__status=Enrolment.Status.ACTIVE
    )
    if not is_platform_admin(user):
        queue = queue.filter(enrolment__session__tutors=user)
    return queue.select_related(
        "enrolment__user", "enrolment__session__training", "activity"
    ).order_by("submitted_at", "pk")


def submission_for_reader(*, user: AnyUser, submission_id: int) -> Submission | None:
    """The submission if ``user`` is its author or may review it; ``None`` otherwise (the
    view answers 404 and reveals nothing)."""
    if not user.is_authenticated:
        return None
    submission = (
        Submission.objects.select_related(
            "enrolment__user",
            "enrolment__session__training__producer",
            "enrolment__session__training__owner_entity",
            "activity",
        )
        .filter(pk=submission_id)
        .first()
    )
    if submission is None:
        return None
    if submission.enrolment.user_id == user.pk or may_review(user, submission):
        return submission
    return None
