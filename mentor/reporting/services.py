"""The writes of reporting: every export is recorded in the audit trail (who exported
which table of which scope, with which filters); large exports are prepared by workers."""

from django.core.exceptions import PermissionDenied
from django.db import transaction

from mentor.audit.services import audit_record
from mentor.core import export_jobs
from mentor.core.export_jobs import ExportContent, register_export_kind
from mentor.core.models import ExportJob
from mentor.reporting import hr
from mentor.reporting.forms import filters_from_params
from mentor.reporting.permissions import ReportScope, reporting_scope
from mentor.reporting.selectors import Filters


@transaction.atomic
def export_record(*, actor, table: str, scope: ReportScope, filters: Filters) -> None:
    root = scope.roots[0] if scope.roots else None
    audit_record(
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


# --- Exports prepared by workers (``core.export_jobs``) -----------------------------------

#: The kind of reporting's HR export among the export jobs.
HR_EXPORT = "hr"


@transaction.atomic
def export_job_start(*, actor, scope: ReportScope, filters: Filters, params: dict) -> ExportJob:
    """Record the HR export (audited now, when it is asked for) and queue its preparation
    once the transaction commits. The file is private to ``actor``."""
    export_record(actor=actor, table=f"{HR_EXPORT}.csv (tâche)", scope=scope, filters=filters)
    return export_jobs.export_job_start(actor=actor, kind=HR_EXPORT, params=params)


@register_export_kind(HR_EXPORT)
def hr_export_content(job: ExportJob) -> ExportContent:
    """What the worker writes, with the requester's scope and filters checked again now."""
    scope = reporting_scope(job.requester)
    if scope is None:
        raise PermissionDenied
    filters = filters_from_params(job.params, user=job.requester, scope=scope)
    hr.check_hr_scope(scope)
    return ExportContent(
        header=hr.hr_header(),
        total=hr.hr_count(scope=scope, filters=filters),
        lines=hr.hr_lines(scope=scope, filters=filters),
    )
