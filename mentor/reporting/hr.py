"""The HR export (RenoiRH-style training records): one line per training completed by a
State agent, for a period (the completion's Paris day) and a scope.

The lines are read with a server-side cursor in chunks (``iterator``) and written as they
come, so the memory of the process does not grow with the file, whether it streams to the
browser, to an API client or into a file written by a Celery task.

Who may export: national figures for everyone's agents; a space admin for the agents
attached to their entity subtrees only (people of other ministries who follow their
trainings are counted on the dashboard, never named, so never here); nobody else.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import connections
from django.db.models import Case, F, QuerySet, Value, When
from django.db.models.functions import Coalesce
from django.http import StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from mentor.catalog.models import Modality
from mentor.core.db import reporting_alias
from mentor.core.export_jobs import csv_stream
from mentor.learning.models import Completion
from mentor.reporting.permissions import ReportScope
from mentor.reporting.selectors import Filters

CHUNK = 2000

COLUMNS = (
    ("agent_id", _("Identifiant agent")),
    ("email", _("Adresse électronique")),
    ("entity_code", _("Code entité")),
    ("entity", _("Entité")),
    ("training_code", _("Code formation")),
    ("training", _("Formation")),
    ("session", _("Session")),
    ("starts_on", _("Début de session")),
    ("ends_on", _("Fin de session")),
    ("enrolled_at", _("Date d’inscription")),
    ("completed_at", _("Date d’achèvement")),
    ("hours", _("Durée créditée (heures)")),
    ("modality", _("Modalité")),
    ("attestation", _("Numéro d’attestation")),
)


def hr_header() -> list[str]:
    return [str(label) for _key, label in COLUMNS]


def check_hr_scope(scope: ReportScope) -> None:
    """The HR export names people: only national figures and a space admin's agents."""
    if not scope.shows_accounts:
        raise PermissionDenied


def hr_completions(*, scope: ReportScope, filters: Filters) -> QuerySet[Completion]:
    """Completions of the period by State agents of the scope, filtered like the dashboard
    (entity subtree, collection, training, offer type, modality)."""
    check_hr_scope(scope)
    return Completion.objects.filter(
        scope.people_q("enrolment__user__"),
        filters.q(user="enrolment__user__", training="enrolment__session__training__"),
        filters.period_q("completed_at"),
        enrolment__user__entity__isnull=False,
        enrolment__status="active",
    )


def hr_count(*, scope: ReportScope, filters: Filters) -> int:
    return hr_completions(scope=scope, filters=filters).using(reporting_alias()).count()


def hr_lines(*, scope: ReportScope, filters: Filters) -> Iterator[list]:
    """The export's lines, oldest completion first, read in chunks from the reporting
    database (a server-side cursor on PostgreSQL)."""
    modality_labels = {value: str(label) for value, label in Modality.choices}
    rows = (
        hr_completions(scope=scope, filters=filters)
        .using(reporting_alias())
        .annotate(
            hours=Coalesce(
                F("enrolment__attestation__duration_hours"),
                F("enrolment__session__training__duration_hours"),
            ),
            attestation_number=Case(
                When(
                    enrolment__attestation__revoked_at__isnull=True,
                    then=F("enrolment__attestation__number"),
                ),
                default=Value(""),
            ),
        )
        .order_by("completed_at", "pk")
        .values_list(
            "enrolment__user__agent_id",
            "enrolment__user__email",
            "enrolment__user__entity__slug",
            "enrolment__user__entity__name",
            "enrolment__session__training__slug",
            "enrolment__session__training__title",
            "enrolment__session__title",
            "enrolment__session__starts_on",
            "enrolment__session__ends_on",
            "enrolment__enrolled_at",
            "completed_at",
            "hours",
            "enrolment__session__training__modality",
            "attestation_number",
        )
    )
    zone = timezone.get_current_timezone()
    with _planned_for_every_row(rows.db):
        yield from _formatted(rows.iterator(chunk_size=CHUNK), modality_labels, zone)


@contextmanager
def _planned_for_every_row(alias: str) -> Iterator[None]:
    """PostgreSQL plans a server-side cursor for its first rows (``cursor_tuple_fraction``
    0.1): index walks and nested loops, one lookup per line per joined table. An export
    reads every row: planned for all of them (hash joins and one sort), the lines come
    many times faster. Set for this connection while the lines are read, then reset."""
    connection = connections[alias]
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET cursor_tuple_fraction = 1.0")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET cursor_tuple_fraction")


def _formatted(rows: Iterator[tuple], modality_labels: dict, zone) -> Iterator[list]:
    for row in rows:
        (agent_id, email, code, entity, t_code, training, session, starts, ends) = row[:9]
        enrolled_at, completed_at, hours, modality, attestation = row[9:]
        yield [
            agent_id,
            email,
            code,
            entity,
            t_code,
            training,
            session,
            _day(starts),
            _day(ends),
            _day(timezone.localtime(enrolled_at, zone).date()),
            _day(timezone.localtime(completed_at, zone).date()),
            float(hours) if hours is not None else None,
            modality_labels.get(modality, modality),
            attestation or "",
        ]


def _day(value: date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def hr_csv_response(*, scope: ReportScope, filters: Filters) -> StreamingHttpResponse:
    """The HR export as a streamed CSV download (lines read in chunks as they are sent)."""
    lines = hr_lines(scope=scope, filters=filters)
    response = StreamingHttpResponse(
        csv_stream(hr_header(), lines), content_type="text/csv; charset=utf-8"
    )
    name = f"formations-rh-{filters.start.isoformat()}-{filters.end.isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
