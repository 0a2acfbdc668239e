"""Library use cases: deposit and withdraw a training, ask for a copy, run it.

A copy is deep and independent: the catalog clones the sheet, then every app that owns
content copies its own through ``catalog.copiers`` (learning, scorm, surveys…). Learner
data never travels; stored files are shared by name, never stored twice. The copy runs in
a Celery task (``tasks.copy_run_task``) inside one transaction: it either makes the whole
new training or leaves nothing, and reports its progress through the cache meanwhile.
"""

import logging
from functools import partial

from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mentor.accounts.models import User
from mentor.audit.services import audit_record
from mentor.catalog.copiers import copy_content, copy_units
from mentor.catalog.models import Licence, Training
from mentor.catalog.services import training_clone
from mentor.core.permissions import can
from mentor.core.tasks import task_dispatch
from mentor.library.models import CopyKind, CopyState, Deposit, TrainingCopy
from mentor.library.permissions import copy_destinations
from mentor.library.selectors import progress_key
from mentor.organisations.models import Entity

logger = logging.getLogger(__name__)

DESCRIPTION_MAX = 5000


@transaction.atomic
def deposit_save(*, actor: User, training: Training, description: str, licence: str) -> Deposit:
    """Put a training in the library (or update its description and licence; a withdrawn
    training comes back)."""
    if not can(actor, "library.deposit", training):
        raise PermissionDenied(_("Vous ne pouvez pas déposer cette formation."))
    description = (description or "").strip()
    if not description:
        raise ValidationError(
            {"description": _("Décrivez la formation pour les autres concepteurs.")}
        )
    if len(description) > DESCRIPTION_MAX:
        raise ValidationError(
            {"description": _("La description dépasse %(n)s caractères.") % {"n": DESCRIPTION_MAX}}
        )
    if licence not in Licence.values:
        raise ValidationError({"licence": _("Choisissez une licence de la liste.")})
    deposit, created = Deposit.objects.select_for_update().get_or_create(
        training=training,
        defaults={"description": description, "licence": licence, "deposited_by": actor},
    )
    if not created:
        deposit.description, deposit.licence, deposit.withdrawn_at = description, licence, None
        deposit.save(update_fields=["description", "licence", "withdrawn_at", "updated_at"])
    audit_record(
        actor=actor,
        action="library.deposit",
        target=training,
        entity=training.owner_entity or training.producer,
        data={"licence": licence},
    )
    return deposit


@transaction.atomic
def deposit_withdraw(*, actor: User, deposit: Deposit) -> Deposit:
    """Take a training out of the library. Copies already made stay (they are independent)."""
    if not can(actor, "library.deposit", deposit.training):
        raise PermissionDenied(_("Vous ne pouvez pas retirer cette formation."))
    if deposit.withdrawn_at is None:
        deposit.withdrawn_at = timezone.now()
        deposit.save(update_fields=["withdrawn_at", "updated_at"])
        audit_record(
            actor=actor,
            action="library.withdraw",
            target=deposit.training,
            entity=deposit.training.owner_entity or deposit.training.producer,
        )
    return deposit


@transaction.atomic
def copy_request(
    *,
    actor: User,
    source: Training,
    kind: str,
    title: str,
    destination: Entity | None = None,
) -> TrainingCopy:
    """Ask for a copy of ``source``; it runs in the background (queued after commit).

    An adaptation comes from the library (the training must be deposited) into the internal
    offer of ``destination``, an entity the actor edits for; a duplicate stays in the
    source's own scope (same producer and offer) — e.g. next year's edition.
    """
    title = " ".join((title or "").split())
    if not title:
        raise ValidationError({"title": _("Donnez un titre à la copie.")})
    if len(title) > 255:
        raise ValidationError({"title": _("Le titre dépasse 255 caractères.")})
    deposit = None
    owner: Entity | None
    if kind == CopyKind.ADAPTATION:
        deposit = Deposit.objects.filter(training=source).first()
        if deposit is None or not can(actor, "library.copy", deposit):
            raise PermissionDenied(_("Cette formation n’est pas disponible dans la bibliothèque."))
        if destination is None or not copy_destinations(actor).filter(pk=destination.pk).exists():
            raise ValidationError({"destination": _("Choisissez une entité de votre périmètre.")})
        owner, producer = destination, destination
    elif kind == CopyKind.DUPLICATE:
        if not can(actor, "library.duplicate", source):
            raise PermissionDenied(_("Vous ne pouvez pas dupliquer cette formation."))
        owner, producer = source.owner_entity, source.producer
    else:
        raise ValidationError(_("Type de copie inconnu."))
    copy = TrainingCopy.objects.create(
        kind=kind,
        source=source,
        deposit=deposit,
        target_entity=owner,
        target_producer=producer,
        title=title,
        origin_title=source.title,
        origin_producer=source.producer.name,
        requested_by=actor,
        units_total=copy_units(source),
    )
    audit_record(
        actor=actor,
        action=f"library.copy_{kind}",
        target=source,
        entity=owner or producer,
        data={"copy": copy.pk, "title": title},
    )
    transaction.on_commit(partial(_dispatch, copy.pk), robust=True)
    return copy


def _dispatch(copy_id: int) -> None:
    from mentor.library.tasks import copy_run_task  # noqa: PLC0415  (tasks import services)

    task_dispatch(copy_run_task, copy_id=copy_id)


def copy_run(*, copy_id: int) -> TrainingCopy:
    """Make the copy asked for. Idempotent: a finished or failed copy is left as it is; a
    copy interrupted while running (worker lost) runs again from scratch, since nothing of
    it was committed."""
    copy = TrainingCopy.objects.select_related("source__producer", "requested_by", "deposit").get(
        pk=copy_id
    )
    if copy.state not in (CopyState.PENDING, CopyState.RUNNING):
        return copy
    if copy.source is None:
        return _copy_failed(copy, _("La formation d’origine a été supprimée."))
    copy.state = CopyState.RUNNING
    copy.units_total = copy_units(copy.source)
    copy.save(update_fields=["state", "units_total", "updated_at"])
    key = progress_key(copy.pk)
    cache.set(key, 0, 3600)
    done = 0

    def advance(units: int) -> None:
        nonlocal done
        done += units
        cache.set(key, done, 3600)

    try:
        with transaction.atomic():
            target = training_clone(
                actor=copy.requested_by,
                source=copy.source,
                title=copy.title,
                owner_entity=copy.target_entity,
                producer=copy.target_producer,
                # An adaptation is reused under the licence it was shared with.
                licence=copy.deposit.licence if copy.deposit else None,
            )
            copy_content(source=copy.source, target=target, advance=advance)
            copy.target = target
            copy.state = CopyState.DONE
            copy.finished_at = timezone.now()
            copy.save(update_fields=["target", "state", "finished_at", "updated_at"])
    except Exception:
        logger.exception("Training copy %s failed", copy.pk)
        return _copy_failed(
            copy, _("La copie n’a pas pu être faite ; rien n’a été créé. Réessayez plus tard.")
        )
    finally:
        cache.delete(key)
    return copy


def _copy_failed(copy: TrainingCopy, message: str) -> TrainingCopy:
    copy.state = CopyState.FAILED
    copy.error = message
    copy.finished_at = timezone.now()
    copy.target = None
    copy.save(update_fields=["state", "error", "finished_at", "target", "updated_at"])
    return copy
