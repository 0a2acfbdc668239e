from collections.abc import Collection
from typing import Any

from django.db import models

from mentor.audit.models import AuditEvent


def audit_record(
    *,
    actor,
    action: str,
    target: models.Model | None,
    entity=None,
    data: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one administrative action to the trail (call it inside the service's transaction,
    so the action and its record commit or roll back together). ``target`` is None for an
    event about no stored object (a refused external sign-in)."""
    return AuditEvent.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_repr=str(target)[:255] if target is not None else "",
        entity_id=entity.pk if entity is not None else None,
        data=data or {},
    )


def audit_target_relabel(*, target: models.Model, label: str, drop: Collection[str] = ()) -> int:
    """Rename ``target`` in every row of the trail about it and drop the ``drop`` keys of
    their details (erasing a person: the trail keeps what was done to the account, not who
    they were). Call it inside the caller's transaction: the rows are locked until it
    commits. Returns how many rows were rewritten."""
    rows = AuditEvent.objects.select_for_update().filter(
        target_type=target._meta.label_lower, target_id=str(target.pk)
    )
    count = 0
    for event in rows:
        event.target_repr = label
        event.data = {k: v for k, v in event.data.items() if k not in drop}
        event.save(update_fields=["target_repr", "data"])
        count += 1
    return count


def audit_purge_before(*, cutoff, batch: int, dry_run: bool = False) -> int:
    """Delete the trail's rows older than ``cutoff`` (log retention, see
    ``mentor.accounts.retention``), ``batch`` rows per statement so that no long lock is
    held; resumable (a second run finishes what a crash left). Returns how many rows went
    (or would go, with ``dry_run``)."""
    old = AuditEvent.objects.filter(created_at__lt=cutoff)
    if dry_run:
        return old.count()
    deleted = 0
    while ids := list(old.order_by("pk").values_list("pk", flat=True)[:batch]):
        deleted += AuditEvent.objects.filter(pk__in=ids).delete()[0]
    return deleted
