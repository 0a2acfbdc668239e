"""A campaign's follow-up as a CSV file, one line per person (2.5 M for a national
campaign): prepared by a worker through core's export jobs (``core.export_jobs``: progress
page, private file, retention), never built in a request."""

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _

from mentor.core.export_jobs import ExportContent, register_export_kind
from mentor.core.models import ExportJob
from mentor.core.permissions import can
from mentor.prescriptions import selectors
from mentor.prescriptions.models import Campaign

#: The kind of a campaign's follow-up among the export jobs.
FOLLOW_UP_EXPORT = "campaign"


def follow_up_header() -> list[str]:
    return [
        _("Adresse électronique"),
        _("Nom"),
        _("Prénom"),
        _("Entité"),
        _("Assignée le"),
        _("Inscrite"),
        _("Commencée"),
        _("Terminée le"),
        _("En retard"),
    ]


def _day(moment) -> str:
    """A moment as its day in Paris (the database gives it in UTC): "" when there is none."""
    return timezone.localtime(moment).strftime("%d/%m/%Y") if moment else ""


def follow_up_lines(campaign: Campaign, *, only_late: bool):
    for row in selectors.campaign_export_rows(campaign=campaign, only_late=only_late):
        yield [
            row["email"],
            row["last_name"],
            row["first_name"],
            row["entity"],
            _day(row["assigned_at"]),
            row["enrolled"],
            row["started"],
            _day(row["done_at"]),
            row["overdue"],
        ]


@register_export_kind(FOLLOW_UP_EXPORT)
def follow_up_export(job: ExportJob) -> ExportContent:
    """What the worker writes, with the requester's right to follow the campaign checked
    again now (a referent who left their role gets a failed job, not the file)."""
    campaign = Campaign.objects.filter(pk=job.params.get("campaign")).first()
    if campaign is None or not can(job.requester, "prescriptions.view_campaign", campaign):
        raise PermissionDenied
    only_late = bool(job.params.get("late"))
    return ExportContent(
        header=follow_up_header(),
        total=selectors.campaign_export_count(campaign=campaign, only_late=only_late),
        lines=follow_up_lines(campaign, only_late=only_late),
    )
