"""Issue and revoke attestations. Issuing is idempotent and safe under concurrency: the
one-to-one constraint on the enrolment is the guard, whoever loses the race reads the
winner's row."""

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from mentor.accounts.models import AnyUser, User
from mentor.accounts.personal_data import register_eraser
from mentor.attestations.models import Attestation, number_generate
from mentor.audit.services import audit_record
from mentor.core.errors import Refusal
from mentor.core.permissions import can
from mentor.enrolments.models import Enrolment
from mentor.learning.earlier_work import completion_details, earlier_work_withdrawn
from mentor.learning.models import Completion

REVOKE_REASON_MAX = 2000
_NUMBER_ATTEMPTS = 5  # a number collision is ~1e-12 per draw; never loop forever anyway


class AttestationError(Refusal):
    """A refusal shown as is; nothing was changed."""


@transaction.atomic
def attestation_issue(*, completion: Completion) -> Attestation | None:
    """The attestation of the completed enrolment: created once, returned on every later
    call (retries, a signal delivered twice, concurrent workers). None when the training
    does not deliver attestations."""
    enrolment = Enrolment.objects.select_related("user", "session__training__producer").get(
        pk=completion.enrolment_id
    )
    training = enrolment.session.training
    existing = Attestation.objects.filter(enrolment=enrolment).first()
    if existing is not None:
        return existing  # even if the training stopped delivering them since: it was issued
    if not training.delivers_attestation:
        return None
    now = timezone.now()
    for _attempt in range(_NUMBER_ATTEMPTS):
        try:
            with transaction.atomic():
                return Attestation.objects.create(
                    enrolment=enrolment,
                    training=training,
                    number=number_generate(timezone.localdate(now).year),
                    issued_at=now,
                    learner_first_name=enrolment.user.first_name,
                    learner_last_name=enrolment.user.last_name,
                    training_title=training.title,
                    producer_name=training.producer.name,
                    producer_article=training.producer.article,
                    duration_hours=training.duration_hours,
                    completed_at=completion.completed_at,
                    details=completion_details(completion),
                )
        except IntegrityError:
            # Another transaction issued it first (it committed: we waited on its row),
            # or, astronomically rarely, the number was taken: draw another.
            existing = Attestation.objects.filter(enrolment=enrolment).first()
            if existing is not None:
                return existing
    raise RuntimeError("Could not draw a free attestation number")  # pragma: no cover


@transaction.atomic
def attestation_for_holder(*, user: AnyUser, enrolment_id: int) -> Attestation | None:
    """The valid attestation of one of the user's own completed enrolments, issued now if
    the background task has not done it yet (broker down, worker late): the document the
    agent is entitled to never depends on a queue. None for anyone else's enrolment, when
    the training delivers none, before completion and once revoked."""
    if not user.is_authenticated:
        return None
    completion = Completion.objects.filter(enrolment_id=enrolment_id, enrolment__user=user).first()
    if completion is None:
        return None
    attestation = attestation_issue(completion=completion)
    if attestation is None or attestation.is_revoked:
        return None
    return attestation


@transaction.atomic
def training_attestation_set(*, actor: User, training, delivers: bool):
    """Designers choose whether the training delivers an attestation of participation.
    Applies to completions from now on; attestations already issued stay valid."""
    if not can(actor, "attestations.configure", training):
        raise PermissionDenied(_("Vous ne pouvez pas modifier cette formation."))
    if training.delivers_attestation != bool(delivers):
        training.delivers_attestation = bool(delivers)
        training.save(update_fields=["delivers_attestation", "updated_at"])
    return training


@transaction.atomic
def attestation_revoke(*, actor: User, attestation: Attestation, reason: str) -> Attestation:
    """Revoke (issued by mistake, fraud...): the number then verifies as "revoked" and the
    holder can no longer download it. Audited; a second revocation is refused."""
    if not can(actor, "attestations.revoke", attestation):
        raise PermissionDenied(_("Vous ne pouvez pas révoquer cette attestation."))
    reason = (reason or "").strip()
    if not reason:
        raise AttestationError(_("Indiquez le motif de la révocation."))
    if len(reason) > REVOKE_REASON_MAX:
        raise AttestationError(
            _("Le motif ne peut pas dépasser %(n)s caractères.") % {"n": REVOKE_REASON_MAX}
        )
    locked = (
        Attestation.objects.select_for_update(of=("self",))
        .select_related("training__owner_entity", "training__producer")
        .get(pk=attestation.pk)
    )
    if locked.revoked_at is not None:
        raise AttestationError(_("Cette attestation est déjà révoquée."))
    locked.revoked_at = timezone.now()
    locked.revoked_reason = reason
    locked.revoked_by = actor
    locked.save(update_fields=["revoked_at", "revoked_reason", "revoked_by"])
    training = locked.training
    audit_record(
        actor=actor,
        action="attestations.revoke",
        target=locked,
        entity=(training.owner_entity or training.producer) if training else None,
        data={"number": locked.number, "reason": reason},
    )
    holder = None
    if locked.enrolment_id is not None:
        holder = (
            Enrolment.objects.filter(pk=locked.enrolment_id)
            .values_list("user_id", flat=True)
            .first()
        )
    if holder is not None and locked.training_id is not None:
        # Its completion no longer counts as earlier work: whoever credited it re-checks.
        earlier_work_withdrawn.send(
            sender=Attestation,
            user_ids=[holder],
            training_ids={locked.training_id},
            actor=actor,
            reason=reason,
        )
    return locked


def attestation_withdraw(*, enrolment: Enrolment, actor: User | None, reason: str) -> None:
    """The completion this enrolment's attestation attested was withdrawn (learning's
    ``completion_recheck``, in its transaction): revoke the attestation (its number now
    verifies as revoked), audited like any revocation, and detach it from the enrolment so
    that a later completion is attested anew; it stays the holder's (``former_enrolment``).
    """
    locked = (
        Attestation.objects.select_for_update(of=("self",))
        .select_related("training__owner_entity", "training__producer")
        .filter(enrolment=enrolment)
        .first()
    )
    if locked is None:
        return
    text = _("L’achèvement attesté a été retiré : %(reason)s") % {"reason": reason}
    fields = ["enrolment", "former_enrolment"]
    if locked.revoked_at is None:
        locked.revoked_at = timezone.now()
        locked.revoked_reason = text[:REVOKE_REASON_MAX]
        locked.revoked_by = actor if actor is not None and actor.is_authenticated else None
        fields += ["revoked_at", "revoked_reason", "revoked_by"]
    locked.former_enrolment_id, locked.enrolment_id = locked.enrolment_id, None
    locked.save(update_fields=fields)
    training = locked.training
    audit_record(
        actor=actor,
        action="attestations.revoke",
        target=locked,
        entity=(training.owner_entity or training.producer) if training else None,
        data={"number": locked.number, "reason": text, "completion_withdrawn": True},
    )


@transaction.atomic
@register_eraser("attestations")
def _erase(user: User) -> None:
    attestations_anonymise(user=user)


def attestations_anonymise(*, user: User) -> int:
    """Blank the holder's name on a user's attestations once their personal data is erased.
    The numbers keep verifying (training, duration, date), without naming anyone."""
    return (
        Attestation.objects.filter(Q(enrolment__user=user) | Q(former_enrolment__user=user))
        .exclude(learner_first_name="", learner_last_name="")
        .update(learner_first_name="", learner_last_name="")
    )
