"""Data retention, as the privacy page promises (core/privacy.html, "Durées de conservation"):

- **Accounts inactive for three years are deleted**, after a notice e-mail sent a month
  before. Inactive: no sign-in (``last_login``, or the sign-up date for an account never
  used) for ``RETENTION_INACTIVE_DAYS``. The notice goes ``RETENTION_NOTICE_DAYS`` before;
  a sign-in after it cancels the deletion (and a later inactivity gets a new notice).
  "Deleted" is :func:`mentor.accounts.services.user_erase`: name, addresses, password,
  second factors and ProConnect identities go; anonymous statistics stay (as the page says).
- **Technical logs are kept one year** (``RETENTION_LOG_DAYS``): the audit trail, the
  attachment history and the admin's action log. Sessions expire by themselves
  (``clear_expired_sessions``).

Everything is set-based and batched (``RETENTION_BATCH`` rows per statement), resumable
(each step selects what is still to do, so a crashed run is finished by the next one), and
each run records its counts in the audit trail. :func:`retention_run` with ``dry_run``
only counts: ``manage.py retention --dry-run`` shows operators what a run would do.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import timedelta

from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.core.mail import EmailMessage
from django.db.models import F, Q, QuerySet
from django.db.models.functions import Coalesce
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from mentor.accounts.models import AttachmentChange, User
from mentor.accounts.services import user_erase
from mentor.audit.services import audit_purge_before, audit_record
from mentor.core.email import email_enqueue


@dataclass
class RetentionReport:
    dry_run: bool
    notices_sent: int = 0
    accounts_erased: int = 0
    logs_deleted: dict[str, int] = field(default_factory=dict)


def _with_activity(qs: QuerySet[User]) -> QuerySet[User]:
    return qs.annotate(last_activity=Coalesce("last_login", "date_joined"))


def accounts_to_warn(*, now) -> QuerySet[User]:
    """Accounts a month away from deletion that have not been warned since they last
    signed in."""
    threshold = now - timedelta(
        days=settings.RETENTION_INACTIVE_DAYS - settings.RETENTION_NOTICE_DAYS
    )
    return _with_activity(User.objects.filter(erased_at__isnull=True, is_superuser=False)).filter(
        Q(inactivity_notice_at__isnull=True) | Q(inactivity_notice_at__lt=F("last_activity")),
        last_activity__lte=threshold,
    )


def accounts_to_erase(*, now) -> QuerySet[User]:
    """Accounts inactive for the whole period, warned at least the notice period ago, and
    not signed in since the notice."""
    return _with_activity(User.objects.filter(erased_at__isnull=True, is_superuser=False)).filter(
        Q(last_activity__lt=now - timedelta(days=settings.RETENTION_INACTIVE_DAYS)),
        Q(last_activity__lt=F("inactivity_notice_at")),
        inactivity_notice_at__lte=now - timedelta(days=settings.RETENTION_NOTICE_DAYS),
    )


def _batches(qs: QuerySet[User], size: int):
    """Ids of ``qs``, a batch at a time, re-evaluated each time (what was done is no longer
    selected: a run can stop anywhere and the next one resumes)."""
    last = 0
    while ids := list(qs.filter(pk__gt=last).order_by("pk").values_list("pk", flat=True)[:size]):
        yield ids
        last = ids[-1]


def _notice(user: User, *, deletion_on) -> EmailMessage:
    with translation.override("fr"):
        context = {
            "user": user,
            "deletion_on": deletion_on,
            "login_url": settings.SITE_URL + reverse("account_login"),
            "privacy_url": settings.SITE_URL + reverse("core:privacy"),
        }
        return EmailMessage(
            subject="[Mentor] " + render_to_string("accounts/email/inactivity_subject.txt").strip(),
            body=render_to_string("accounts/email/inactivity_notice.txt", context),
            to=[user.email],
        )


def _warn(*, now, batch: int) -> int:
    sent = 0
    # The day in Paris (the date the e-mail promises), not the UTC day: a run just after
    # midnight in Paris is still the day before in UTC.
    deletion_on = timezone.localdate(now + timedelta(days=settings.RETENTION_NOTICE_DAYS))
    for ids in _batches(accounts_to_warn(now=now), batch):
        users = list(User.objects.filter(pk__in=ids))
        for user in users:
            email_enqueue(_notice(user, deletion_on=deletion_on))
        # Marked after the messages are queued: a crash in between re-sends a notice (a
        # duplicate), never deletes an account whose owner was not told.
        User.objects.filter(pk__in=ids).update(inactivity_notice_at=now)
        sent += len(users)
    return sent


def _erase(*, now, batch: int) -> int:
    erased = 0
    for ids in _batches(accounts_to_erase(now=now), batch):
        for user in User.objects.filter(pk__in=ids):
            user_erase(user=user, cause="inactivity")
            erased += 1
    return erased


def _purge(qs: QuerySet, *, batch: int, dry_run: bool) -> int:
    if dry_run:
        return qs.count()
    deleted = 0
    model = qs.model
    while ids := list(qs.order_by("pk").values_list("pk", flat=True)[:batch]):
        deleted += model.objects.filter(pk__in=ids).delete()[0]
    return deleted


def retention_run(*, dry_run: bool = False, now=None) -> RetentionReport:
    """One pass of every retention rule; see the module docstring."""
    now = now or timezone.now()
    batch = settings.RETENTION_BATCH
    report = RetentionReport(dry_run=dry_run)
    log_cutoff = now - timedelta(days=settings.RETENTION_LOG_DAYS)
    if dry_run:
        report.notices_sent = accounts_to_warn(now=now).count()
        report.accounts_erased = accounts_to_erase(now=now).count()
    else:
        report.accounts_erased = _erase(now=now, batch=batch)
        report.notices_sent = _warn(now=now, batch=batch)
    report.logs_deleted = {
        "audit": audit_purge_before(cutoff=log_cutoff, batch=batch, dry_run=dry_run),
        "attachment_history": _purge(
            AttachmentChange.objects.filter(created_at__lt=log_cutoff),
            batch=batch,
            dry_run=dry_run,
        ),
        "admin_log": _purge(
            LogEntry.objects.filter(action_time__lt=log_cutoff), batch=batch, dry_run=dry_run
        ),
    }
    if not dry_run:
        # After the purge, so this run's own record is kept for the year to come.
        audit_record(actor=None, action="accounts.retention", target=None, data=asdict(report))
    return report
