"""Reads on the audit trail, for the apps that record in it."""

from datetime import datetime

from mentor.audit.models import AuditEvent


def audit_last_recorded_at(
    *, action: str, target_type: str, target_id: int | str
) -> datetime | None:
    """When ``action`` was last recorded on the target (``target_type``: its model's
    ``app_label.model``, as ``audit_record`` writes it; the caller may know only its id);
    None if never. One query."""
    return (
        AuditEvent.objects.filter(action=action, target_type=target_type, target_id=str(target_id))
        .order_by("-created_at")
        .values_list("created_at", flat=True)
        .first()
    )
