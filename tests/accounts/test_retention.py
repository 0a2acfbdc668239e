"""Data retention (the privacy page's promises): inactive accounts warned a month before
being deleted after three years; logs kept one year. The clock is frozen (time-machine)."""

from datetime import datetime, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command

from mentor.accounts.models import AttachmentChange, User
from mentor.accounts.retention import retention_run
from mentor.accounts.tasks import retention_daily_task
from mentor.audit.models import AuditEvent
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")
T0 = datetime(2026, 1, 15, 3, 0, tzinfo=PARIS)


def at(moment):
    return time_machine.travel(moment, tick=False)


@pytest.fixture
def people(justice):
    """Signed in at T0: one active since, one never again; one who never signed in."""
    with at(T0):
        dormant = UserFactory(email="dormant@justice.gouv.fr", entity=justice, last_login=T0)
        active = UserFactory(email="active@justice.gouv.fr", entity=justice, last_login=T0)
        never = UserFactory(email="jamais@justice.gouv.fr", entity=justice, last_login=None)
    return dormant, active, never


def three_years_after(moment, days=0):
    return moment + timedelta(days=3 * 365 + days)


class TestInactiveAccounts:
    def test_notice_a_month_before_then_deletion(self, people, mailoutbox):
        dormant, active, never = people
        active.last_login = T0 + timedelta(days=400)
        active.save()
        # A day before the notice is due: nothing.
        with at(three_years_after(T0, -31)):
            report = retention_run()
        assert report.notices_sent == 0
        assert mailoutbox == []
        # The notice day: the two dormant accounts get the e-mail, once.
        with at(three_years_after(T0, -30)):
            assert retention_run().notices_sent == 2
            assert retention_run().notices_sent == 0  # idempotent
        assert sorted(m.to[0] for m in mailoutbox) == [
            "dormant@justice.gouv.fr",
            "jamais@justice.gouv.fr",
        ]
        body = mailoutbox[0].body
        assert "supprimé le" in body and "connecter avant cette date" in body
        assert mailoutbox[0].subject.startswith("[Mentor] Votre compte Mentor sera supprimé")
        # A day before deletion: still there.
        with at(three_years_after(T0, -1)):
            assert retention_run().accounts_erased == 0
        # Three years: erased (anonymised), the active one untouched.
        with at(three_years_after(T0, 1)):
            report = retention_run()
        assert report.accounts_erased == 2
        for user in (dormant, never):
            user.refresh_from_db()
            assert user.erased_at is not None
            assert user.first_name == ""
            assert not user.has_usable_password()
        active.refresh_from_db()
        assert active.erased_at is None
        assert (
            AuditEvent.objects.filter(action="accounts.erase", data__cause="inactivity").count()
            == 2
        )

    def test_the_deletion_date_is_the_paris_day(self, justice, mailoutbox):
        """A run at 00:30 in Paris (still the day before in UTC) promises the Paris date."""
        signed_in = datetime(2026, 1, 15, 0, 30, tzinfo=PARIS)
        with at(signed_in):
            UserFactory(email="minuit@justice.gouv.fr", entity=justice, last_login=signed_in)
        with at(three_years_after(signed_in, -30)):
            assert retention_run().notices_sent == 1
        # The notice runs on 15 December 2028 at 00:30 in Paris (14 December in UTC): the
        # deletion is promised for 14 January 2029, not the 13th.
        assert "supprimé le 14 janvier 2029" in mailoutbox[0].body

    def test_signing_in_after_the_notice_cancels_the_deletion(self, people, mailoutbox):
        dormant = people[0]
        with at(three_years_after(T0, -30)):
            retention_run()
        dormant.refresh_from_db()
        assert dormant.inactivity_notice_at is not None
        dormant.last_login = three_years_after(T0, -10)
        dormant.save(update_fields=["last_login"])
        with at(three_years_after(T0, 5)):
            retention_run()
        dormant.refresh_from_db()
        assert dormant.erased_at is None
        # Three years after that sign-in, a new notice, then the deletion.
        later = three_years_after(dormant.last_login)
        with at(later - timedelta(days=30)):
            assert retention_run().notices_sent >= 1
        with at(later + timedelta(days=1)):
            retention_run()
        dormant.refresh_from_db()
        assert dormant.erased_at is not None

    def test_never_deleted_without_a_notice(self, people, mailoutbox):
        """Even long past three years, an account nobody warned is first warned."""
        with at(three_years_after(T0, 200)):
            report = retention_run()
        assert report.accounts_erased == 0
        assert report.notices_sent == 3
        assert not User.objects.filter(erased_at__isnull=False).exists()

    def test_durations_are_settings(self, people, settings, mailoutbox):
        settings.RETENTION_INACTIVE_DAYS = 100
        settings.RETENTION_NOTICE_DAYS = 10
        with at(T0 + timedelta(days=91)):
            assert retention_run().notices_sent == 3
        with at(T0 + timedelta(days=101)):
            assert retention_run().accounts_erased == 3

    def test_resumable_in_small_batches(self, people, settings, mailoutbox):
        settings.RETENTION_BATCH = 1
        with at(three_years_after(T0, -30)):
            assert retention_run().notices_sent == 3
        with at(three_years_after(T0, 1)):
            assert retention_run().accounts_erased == 3


class TestLogRetention:
    def test_logs_older_than_a_year_are_deleted(self, justice, platform_admin):
        user = UserFactory(entity=justice)
        with at(T0):
            old_event = AuditEvent.objects.create(action="x.old", target_type="", target_id="")
            old_change = AttachmentChange.objects.create(user=user, trigger="signin")
            LogEntry.objects.create(
                user=platform_admin,
                content_type=ContentType.objects.get_for_model(User),
                object_id=str(user.pk),
                object_repr="x",
                action_flag=ADDITION,
            )
        with at(T0 + timedelta(days=300)):
            recent = AuditEvent.objects.create(action="x.recent", target_type="", target_id="")
        with at(T0 + timedelta(days=366)):
            report = retention_run()
        assert report.logs_deleted["audit"] >= 1
        assert report.logs_deleted["attachment_history"] >= 1
        assert report.logs_deleted["admin_log"] == 1
        assert not AuditEvent.objects.filter(pk=old_event.pk).exists()
        assert not AttachmentChange.objects.filter(pk=old_change.pk).exists()
        assert AuditEvent.objects.filter(pk=recent.pk).exists()
        run = AuditEvent.objects.get(action="accounts.retention")
        assert run.data["logs_deleted"]["admin_log"] == 1


class TestOperators:
    def test_dry_run_counts_and_changes_nothing(self, people, mailoutbox):
        with at(three_years_after(T0, -30)):
            out = StringIO()
            call_command("retention", "--dry-run", stdout=out)
        assert "would be sent: 3" in out.getvalue()
        assert mailoutbox == []
        assert not User.objects.filter(inactivity_notice_at__isnull=False).exists()
        assert not AuditEvent.objects.filter(action="accounts.retention").exists()

    def test_command_and_beat_task_run_it(self, people, mailoutbox, settings):
        assert settings.CELERY_BEAT_SCHEDULE["retention-daily"]["task"] == (
            "mentor.accounts.tasks.retention_daily_task"
        )
        with at(three_years_after(T0, -30)):
            assert retention_daily_task.apply().get() == {"notices": 3, "erased": 0}
        with at(three_years_after(T0, 1)):
            out = StringIO()
            call_command("retention", stdout=out)
        assert "were deleted: 3" in out.getvalue()
