"""Prescriptions wired to other domains' events (sent after commit by their apps)."""

from django.dispatch import receiver

from mentor.accounts.events import user_attached, user_typology_changed
from mentor.learning.models import Completion
from mentor.learning.signals import training_completed
from mentor.prescriptions.services import (
    assignments_for_newcomer,
    assignments_for_person,
    assignments_mark_done,
)


@receiver(training_completed, dispatch_uid="prescriptions.done_on_completion")
def done_on_completion(sender, completion: Completion, **kwargs) -> None:
    enrolment = completion.enrolment
    assignments_mark_done(
        user_id=enrolment.user_id,
        training_id=enrolment.session.training_id,
        at=completion.completed_at,
    )


@receiver(user_attached, dispatch_uid="prescriptions.assign_newcomer")
def assign_newcomer(sender, user_id: int, entity_id: int | None, **kwargs) -> None:
    assignments_for_newcomer(user_id=user_id, entity_id=entity_id)


@receiver(user_typology_changed, dispatch_uid="prescriptions.assign_on_typology")
def assign_on_typology(sender, user_id: int, **kwargs) -> None:
    """Category, status or gender changed: the person may now be in a campaign's population."""
    assignments_for_person(user_id=user_id)
