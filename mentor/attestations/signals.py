"""Side effects wired to other domains' events."""

from django.db.models import Q
from django.dispatch import receiver

from mentor.attestations.tasks import attestation_issue_for
from mentor.core.tasks import task_dispatch
from mentor.learning.earlier_work import register_voided_completions
from mentor.learning.models import Completion
from mentor.learning.signals import training_completed


@receiver(training_completed, dispatch_uid="attestations.issue_on_completion")
def issue_on_completion(sender, completion: Completion, **kwargs) -> None:
    # Sent after commit: a worker (or the inline task) sees the completion row.
    task_dispatch(attestation_issue_for, completion_id=completion.pk)


@register_voided_completions("attestations")
def revoked_attestations() -> Q:
    """A completion whose attestation was revoked no longer counts as earlier work."""
    return Q(enrolment__attestation__revoked_at__isnull=False)
