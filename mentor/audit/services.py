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
        entity=entity,
        data=data or {},
    )
