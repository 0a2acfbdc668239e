"""Side effects wired to other domains' events."""

from django.conf import settings
from django.db.models.signals import post_save
from django.dispatch import receiver

from mentor.attestations.services import attestations_anonymise
from mentor.attestations.tasks import attestation_issue_for
from mentor.core.tasks import task_dispatch
from mentor.learning.models import Completion
from mentor.learning.signals import training_completed


@receiver(training_completed, dispatch_uid="attestations.issue_on_completion")
def issue_on_completion(sender, completion: Completion, **kwargs) -> None:
    # Sent after commit: a worker (or the inline task) sees the completion row.
    task_dispatch(attestation_issue_for, completion_id=completion.pk)


@receiver(post_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="attestations.anonymise")
def anonymise_on_erase(sender, instance, **kwargs) -> None:
    """``accounts.services.user_erase`` blanks the name and sets ``erased_at``; the copies of
    the name on the person's attestations go too (no query for everyone else's saves)."""
    if getattr(instance, "erased_at", None) is not None:
        attestations_anonymise(user=instance)
