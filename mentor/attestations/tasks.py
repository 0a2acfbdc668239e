from celery import shared_task
from django.db import OperationalError

from mentor.attestations.services import attestation_issue
from mentor.learning.models import Completion


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def attestation_issue_for(*, completion_id: int) -> None:
    """Issue the attestation of a completion (idempotent: safe to retry or run twice)."""
    completion = Completion.objects.filter(pk=completion_id).first()
    if completion is not None:
        attestation_issue(completion=completion)
