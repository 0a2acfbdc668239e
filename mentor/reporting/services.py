"""The one write of reporting: every export is recorded in the audit trail (who exported
which table of which scope, with which filters)."""

from django.db import transaction

from mentor.audit.models import AuditEvent
from mentor.audit.services import audit_record
from mentor.reporting.permissions import ReportScope
from mentor.reporting.selectors import Filters


@transaction.atomic
def export_record(*, actor, table: str, scope: ReportScope, filters: Filters) -> AuditEvent:
    root = scope.roots[0] if scope.roots else None
    return audit_record(
        actor=actor,
        action="reporting.export",
        target=filters.entity or root or actor,
        entity=filters.entity or root,
        data={
            "table": table,
            "scope": scope.kind.value,
            "scope_entities": [r.slug for r in scope.roots],
            "start": filters.start.isoformat(),
            "end": filters.end.isoformat(),
            "filters": {
                "entity": filters.entity.slug if filters.entity else "",
                "collection": filters.collection.slug if filters.collection else "",
                "training": filters.training.slug if filters.training else "",
                "offer": filters.offer,
                "modality": filters.modality,
            },
        },
    )
