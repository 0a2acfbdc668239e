"""Reads on the audit trail, for the apps that record in it."""

from datetime import datetime

from mentor.audit.models import AuditEvent
from mentor.core.prepared import Prepared


def audit_last_recorded_at(
    *, action: str, target_type: str, target_id: int | str
) -> datetime | None:
    """When ``action`` was last recorded on the target (``target_type``: its model's
    ``app_label.model``, as ``audit_record`` writes it; the caller may know only its id);
    None if never. One query."""
    last = _LAST_RECORDED.first(action=action, target_type=target_type, target_id=str(target_id))
    return last.created_at if last is not None else None


# Asked on every page of a path being followed (``learning.completion_withdrawn_at``):
# the SQL built once (``core.prepared``).
_LAST_RECORDED = Prepared(
    lambda *, action, target_type, target_id: (
        AuditEvent.objects.filter(action=action, target_type=target_type, target_id=target_id)
        .only("created_at")
        .order_by("-created_at")[:1]
    ),
    texts=("action", "target_type", "target_id"),
)
