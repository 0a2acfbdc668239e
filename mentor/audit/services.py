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
