"""State changes on the offer: trainings (with their search index) and sessions."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mentor.audit.services import audit_record
from mentor.catalog.models import PublicationState, Session, Training
from mentor.catalog.permissions import allowed_states
from mentor.catalog.search import index_fields, update_vector
from mentor.core.permissions import can


def training_reindex(training: Training) -> None:
    """Refresh the stored search text (and the PostgreSQL vector) of one training."""
    Training.objects.filter(pk=training.pk).update(**index_fields(training))
    update_vector([training.pk])


@transaction.atomic
def training_save(*, actor, training: Training, collections=None) -> Training:
    """Create or update a training from a validated form instance.

    Checks the actor may edit it and put it in its publication state; stamps the first
    publication; keeps the search index in step; audits publication changes.
    """
    creating = training.pk is None
    if creating and not can(actor, "catalog.add_training"):
        raise PermissionDenied(_("Vous ne pouvez pas créer de formation."))
    if not can(actor, "catalog.change_training", training):
        raise PermissionDenied(_("Vous ne pouvez pas modifier cette formation."))
    previous_state = (
        None
        if creating
        else Training.objects.filter(pk=training.pk).values_list("state", flat=True).first()
    )
    if training.state != previous_state and training.state not in allowed_states(actor, training):
        raise PermissionDenied(
            _("Vous ne pouvez pas donner cet état de publication à la formation.")
        )
    if training.state == PublicationState.PUBLISHED and training.published_at is None:
        training.published_at = timezone.now()
    if creating:
        training.created_by = actor
    training.full_clean()
    training.save()
    if collections is not None:
        training.collections.set(collections)
    training_reindex(training)
    if training.state != previous_state:
        audit_record(
            actor=actor,
            action="catalog.training_state",
            target=training,
            entity=training.owner_entity or training.producer,
            data={"from": previous_state, "to": training.state},
        )
    return training


@transaction.atomic
def session_save(*, actor, session: Session) -> Session:
    if not can(actor, "catalog.change_training", session.training):
        raise PermissionDenied(_("Vous ne pouvez pas modifier les sessions de cette formation."))
    session.full_clean()
    session.save()
    return session
