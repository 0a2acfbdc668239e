"""Side effects wired to other domains' events."""

from django.db.models import Q
from django.dispatch import receiver

from mentor.attestations.services import attestation_withdraw
from mentor.attestations.tasks import attestation_issue_for
from mentor.core.tasks import task_dispatch
from mentor.learning.earlier_work import register_voided_completions
from mentor.learning.models import Completion
from mentor.learning.signals import completion_withdrawn, training_completed


@receiver(training_completed, dispatch_uid="attestations.issue_on_completion")
def issue_on_completion(sender, completion: Completion, **kwargs) -> None:
    # Sent after commit: a worker (or the inline task) sees the completion row.
    task_dispatch(attestation_issue_for, completion_id=completion.pk)


@receiver(completion_withdrawn, dispatch_uid="attestations.withdraw_on_completion_withdrawn")
def withdraw_on_completion_withdrawn(sender, enrolment, actor, reason, **kwargs) -> None:
    # In the withdrawing transaction: the attestation never outlives its completion.
    attestation_withdraw(enrolment=enrolment, actor=actor, reason=reason)


@register_voided_completions("attestations")
def revoked_attestations() -> Q:
    """A completion whose attestation was revoked no longer counts as earlier work."""
    return Q(enrolment__attestation__revoked_at__isnull=False)
