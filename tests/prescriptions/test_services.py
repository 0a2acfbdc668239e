import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from mentor.accounts.models import AttachmentChange
from mentor.accounts.personal_data import personal_data_export
from mentor.accounts.services import user_attach
from mentor.attestations.services import attestation_issue, attestation_revoke
from mentor.learning.earlier_work import validity_cutoff
from mentor.learning.models import Completion
from mentor.learning.signals import training_completed
from mentor.paths.models import Equivalence
from mentor.prescriptions import services
from mentor.prescriptions.models import Assignment, Campaign, CampaignState
from mentor.prescriptions.services import (
    PopulationFileError,
    PrescriptionError,
    assignments_create,
    campaign_create,
    campaign_open,
    population_file_parse,
)
from tests.factories import TrainingFactory, UserFactory
from tests.prescriptions.conftest import campaign_kwargs, complete

pytestmark = pytest.mark.django_db


def with_commit(func):
    """Run ``func`` and the on-commit callbacks it registers (tests run in a transaction)."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return func()


def create(**kwargs) -> Campaign:
    """Create a campaign and run what follows its commit (opening, e-mails)."""
    return with_commit(lambda: campaign_create(**kwargs))


class TestCampaignCreate:
    def test_opens_today_assigns_the_subtree_and_sends_one_email_each(
        self, justice_admin, justice, training, justice_agents, outsider
    ):
        mail.outbox.clear()
        campaign = create(
            actor=justice_admin, training=training, **campaign_kwargs(entities=[justice])
        )
        campaign.refresh_from_db()
        assert campaign.state == CampaignState.OPEN
        assert campaign.owner_entity == justice
        assigned = set(campaign.assignments.values_list("user__email", flat=True))
        # The referent is an agent of Justice too.
        assert assigned == {u.email for u in justice_agents} | {justice_admin.email}
        openings = [m for m in mail.outbox if "Formation obligatoire" in m.subject]
        assert sorted(m.to[0] for m in openings) == sorted(assigned)
        # Once all are sent, the author gets one summary.
        (summary,) = [m for m in mail.outbox if "Campagne ouverte" in m.subject]
        assert summary.to == [justice_admin.email]
        assert "Personnes assignées : 4" in summary.body
        assert services.campaign_summary_send(campaign_id=campaign.pk) is False
        assert all(a.opening_sent_at for a in campaign.assignments.all())
        body = openings[0].body
        assert f"/prescriptions/{campaign.pk}/formation/" in body
        assert "/prescriptions/relances/" in body

    def test_scheduled_campaign_waits_for_its_start(self, justice_admin, justice, training):
        start = timezone.localdate() + dt.timedelta(days=3)
        campaign = create(
            actor=justice_admin,
            training=training,
            **campaign_kwargs(entities=[justice], starts_on=start, due_on=start + dt.timedelta(10)),
        )
        assert campaign.state == CampaignState.SCHEDULED
        assert not campaign.assignments.exists()

    @pytest.mark.parametrize(
        ("overrides", "message"),
        [
            ({"due_on": timezone.localdate() - dt.timedelta(days=1)}, "L'échéance doit suivre"),
            ({"starts_on": timezone.localdate() - dt.timedelta(days=1)}, "ne peut pas être passée"),
            ({"entities": []}, "au moins une entité"),
            ({"reminder_offsets": "7,abc"}, "Relances"),
        ],
    )
    def test_bad_input_is_refused_and_creates_nothing(
        self, justice_admin, justice, training, overrides, message
    ):
        kwargs = campaign_kwargs(entities=[justice])
        kwargs.update(overrides)
        with pytest.raises(PrescriptionError, match=message):
            campaign_create(actor=justice_admin, training=training, **kwargs)
        assert not Campaign.objects.exists()

    def test_space_admin_cannot_target_another_ministry(self, justice_admin, agriculture, training):
        with pytest.raises(PrescriptionError, match="hors de votre périmètre"):
            campaign_create(
                actor=justice_admin, training=training, **campaign_kwargs(entities=[agriculture])
            )
        assert not Campaign.objects.exists()

    def test_an_agent_cannot_create_a_campaign(self, justice_agents, justice, training):
        with pytest.raises(PermissionDenied):
            campaign_create(
                actor=justice_agents[0], training=training, **campaign_kwargs(entities=[justice])
            )

    def test_platform_admin_prescribes_nationally(
        self, platform_admin, justice, agriculture, training, justice_agents, outsider
    ):
        campaign = create(
            actor=platform_admin,
            training=training,
            **campaign_kwargs(entities=[justice, agriculture]),
        )
        assert campaign.owner_entity is None
        assert campaign.assignments.filter(user=outsider).exists()


class TestAssignment:
    def test_already_completed_counts_as_done_and_gets_no_email(
        self, justice_admin, justice, training, justice_agents
    ):
        completion = complete(justice_agents[0], training)
        mail.outbox.clear()
        campaign = create(
            actor=justice_admin, training=training, **campaign_kwargs(entities=[justice])
        )
        done = campaign.assignments.get(user=justice_agents[0])
        assert done.done_at == completion.completed_at
        assert justice_agents[0].email not in [m.to[0] for m in mail.outbox]

    def test_reopening_is_idempotent(self, justice_admin, justice, training, justice_agents):
        campaign = create(
            actor=justice_admin, training=training, **campaign_kwargs(entities=[justice])
        )
        count = campaign.assignments.count()
        sent = len(mail.outbox)
        assert campaign_open(campaign_id=campaign.pk) == 0
        assert assignments_create(campaign=campaign, source="opening") == 0
        assert campaign.assignments.count() == count
        assert len(mail.outbox) == sent

    def test_assignment_is_one_statement_whatever_the_population(
        self, justice_admin, justice, training
    ):
        for i in range(40):
            UserFactory(email=f"n{i}@justice.gouv.fr", entity=justice)
        campaign = Campaign.objects.create(
            title="t",
            training=training,
            starts_on=timezone.localdate(),
            due_on=timezone.localdate() + dt.timedelta(days=5),
        )
        campaign.entities.set([justice])
        with CaptureQueriesContext(connection) as queries:
            created = assignments_create(campaign=campaign, source="opening")
        assert created == 41
        inserts = [q for q in queries.captured_queries if q["sql"].startswith("INSERT")]
        assert len(inserts) == 1
        # the targeted entities, their subtrees' ids, then the INSERT … SELECT, the count
        # kept on the campaign, the equivalent trainings and the UPDATE of earlier
        # completions
        assert len(queries.captured_queries) <= 6
        campaign.refresh_from_db()
        assert campaign.assigned_count == 41

    def test_late_joiner_is_assigned_at_attachment(
        self, justice_admin, justice, penitentiaire, training
    ):
        campaign = create(
            actor=justice_admin, training=training, **campaign_kwargs(entities=[justice])
        )
        mail.outbox.clear()
        newcomer = UserFactory(email="nouvelle@dap.justice.gouv.fr")
        with pytest.raises(Assignment.DoesNotExist):
            campaign.assignments.get(user=newcomer)
        with_commit(lambda: user_attach(user=newcomer, trigger=AttachmentChange.Trigger.SIGNUP))
        assignment = campaign.assignments.get(user=newcomer)
        assert assignment.source == Assignment.Source.LATER
        assert [m.to for m in mail.outbox] == [[newcomer.email]]

    def test_joiner_outside_the_population_is_not_assigned(
        self, justice_admin, justice, training, agriculture
    ):
        campaign = create(
            actor=justice_admin, training=training, **campaign_kwargs(entities=[justice])
        )
        other = UserFactory(email="y@agriculture.gouv.fr")
        with_commit(lambda: user_attach(user=other, trigger=AttachmentChange.Trigger.SIGNUP))
        assert not campaign.assignments.filter(user=other).exists()

    def test_completion_marks_the_assignment_done(
        self, justice_admin, justice, training, justice_agents, django_capture_on_commit_callbacks
    ):
        campaign = create(
            actor=justice_admin, training=training, **campaign_kwargs(entities=[justice])
        )
        with django_capture_on_commit_callbacks(execute=True):
            complete(justice_agents[1], training, days_ago=20)
            # Completion created by hand: send the event the learning app sends.
            completion = Completion.objects.get(enrolment__user=justice_agents[1])
            training_completed.send(sender=Completion, completion=completion)
        assert campaign.assignments.get(user=justice_agents[1]).done_at is not None


class TestPopulationFile:
    def test_good_file_with_bom_semicolons_header_and_blank_lines(
        self, justice_admin, justice_agents
    ):
        data = "\ufeffcourriel;nom\r\nA1@justice.gouv.fr;Un\r\n\r\np1@dap.justice.gouv.fr;Deux\r\n"
        result = population_file_parse(actor=justice_admin, data=data.encode("utf-8"))
        assert sorted(result.user_ids) == sorted([justice_agents[0].pk, justice_agents[2].pk])

    def test_commas_work_too(self, justice_admin, justice_agents):
        data = b"a1@justice.gouv.fr,x\na2@justice.gouv.fr,y\n"
        assert len(population_file_parse(actor=justice_admin, data=data).user_ids) == 2

    def test_every_bad_line_is_listed(self, justice_admin, justice_agents, outsider):
        data = (
            b"a1@justice.gouv.fr\n"
            b"pas-une-adresse\n"
            b'=HYPERLINK("http://x")\n'
            b"inconnu@justice.gouv.fr\n"
            b"x@agriculture.gouv.fr\n"
            b"A1@justice.gouv.fr\n"
        )
        with pytest.raises(PopulationFileError) as error:
            population_file_parse(actor=justice_admin, data=data)
        errors = error.value.errors
        assert len(errors) == 5
        assert errors[0].startswith("ligne 2 :")
        assert "formule" in errors[1]
        assert "aucun compte Mentor" in errors[2]
        assert "pas un agent de votre périmètre" in errors[3]
        assert "figure déjà ligne 1" in errors[4]

    def test_latin1_file_gets_a_clear_message(self, justice_admin):
        data = "élodie@justice.gouv.fr\n".encode("latin-1")
        with pytest.raises(PopulationFileError, match="UTF-8"):
            population_file_parse(actor=justice_admin, data=data)

    def test_the_lookup_is_set_based(self, justice_admin, justice):
        """As many queries for 5,000 lines as for 5 (one per kind of key)."""

        def queries_for(n: int) -> int:
            lines = "\n".join(
                f"agent{i}@justice.gouv.fr" if i % 2 else f"MAT{i:06d}" for i in range(n)
            ).encode()
            with CaptureQueriesContext(connection) as queries, pytest.raises(PopulationFileError):
                population_file_parse(actor=justice_admin, data=lines)
            return len(queries.captured_queries)

        assert queries_for(5000) == queries_for(5) <= 4

    def test_campaign_from_a_file_assigns_only_the_listed(
        self, justice_admin, training, justice_agents
    ):
        listed = population_file_parse(actor=justice_admin, data=b"a2@justice.gouv.fr\n").user_ids
        campaign = create(
            actor=justice_admin, training=training, **campaign_kwargs(listed_user_ids=listed)
        )
        assert list(campaign.assignments.values_list("user__email", flat=True)) == [
            "a2@justice.gouv.fr"
        ]


class CrashingBackend:
    """A mail connection that accepts ``limit`` messages, then fails like a dying worker."""

    sent: list = []
    limit = 2

    def __init__(self, *args, **kwargs):
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def send_messages(self, messages):
        if len(CrashingBackend.sent) >= CrashingBackend.limit:
            raise OSError("connection lost")
        CrashingBackend.sent.extend(m.to[0] for m in messages)
        return len(messages)


class TestSending:
    def _campaign(self, justice, training, n=7):
        for i in range(n):
            UserFactory(email=f"s{i}@justice.gouv.fr", entity=justice)
        campaign = Campaign.objects.create(
            title="t",
            training=training,
            starts_on=timezone.localdate(),
            due_on=timezone.localdate() + dt.timedelta(days=10),
            state=CampaignState.OPEN,
        )
        campaign.entities.set([justice])
        assignments_create(campaign=campaign, source="opening")
        return campaign

    def test_crash_mid_batch_then_resume_sends_each_message_once(
        self, justice, training, monkeypatch
    ):
        campaign = self._campaign(justice, training)
        CrashingBackend.sent = []
        monkeypatch.setattr(services, "get_connection", CrashingBackend)
        with pytest.raises(OSError):
            services.campaign_emails_send(campaign_id=campaign.pk, batch_size=5)
        assert len(CrashingBackend.sent) == 2
        assert campaign.assignments.filter(opening_sent_at__isnull=False).count() == 2
        # The unsent rest of the batch was released: a new worker takes it at once.
        assert not campaign.assignments.filter(claimed_until__isnull=False).exists()
        CrashingBackend.limit = 100
        try:
            while services.campaign_emails_send(campaign_id=campaign.pk, batch_size=5):
                pass
        finally:
            CrashingBackend.limit = 2
        assert sorted(CrashingBackend.sent) == sorted(
            campaign.assignments.values_list("user__email", flat=True)
        )
        assert len(CrashingBackend.sent) == len(set(CrashingBackend.sent)) == 7

    def test_a_refused_message_is_not_counted_as_sent(self, justice, training, monkeypatch):
        """Marked sent before it leaves, unmarked when the server refuses it (the worker is
        alive to know it)."""
        campaign = self._campaign(justice, training, n=3)
        CrashingBackend.sent = []
        monkeypatch.setattr(CrashingBackend, "limit", 0)
        monkeypatch.setattr(services, "get_connection", CrashingBackend)
        with pytest.raises(OSError):
            services.campaign_emails_send(campaign_id=campaign.pk, batch_size=5)
        assert not campaign.assignments.filter(opening_sent_at__isnull=False).exists()
        assert not campaign.assignments.filter(claimed_until__isnull=False).exists()

    def test_a_starting_worker_resumes_unfinished_openings(self, justice, training):
        campaign = self._campaign(justice, training, n=3)
        done = self._campaign(justice, training, n=0)
        done.assignments.update(opening_sent_at=timezone.now())
        mail.outbox.clear()
        assert services.campaigns_resume() == [campaign.pk]  # queued (inline in tests)
        assert not campaign.assignments.filter(opening_sent_at__isnull=True).exists()
        assert services.campaigns_resume() == []

    def test_a_batch_claimed_by_a_live_worker_is_not_taken(self, justice, training):
        campaign = self._campaign(justice, training, n=3)
        ids = services._claim(campaign.pk, services._pending("opening", None), 2)
        assert len(ids) == 2
        mail.outbox.clear()
        assert services.campaign_emails_send(campaign_id=campaign.pk, batch_size=10) == 1
        # A dead worker's lease ends: its batch is taken over.
        Assignment.objects.filter(pk__in=ids).update(
            claimed_until=timezone.now() - dt.timedelta(seconds=1)
        )
        assert services.campaign_emails_send(campaign_id=campaign.pk, batch_size=10) == 2
        assert len(mail.outbox) == 3

    def test_reminders_go_to_those_not_done_and_not_unsubscribed(
        self, justice, training, monkeypatch
    ):
        campaign = self._campaign(justice, training, n=4)
        services.campaign_emails_send(campaign_id=campaign.pk, batch_size=50)
        a, b, c, _d = list(campaign.assignments.order_by("pk"))
        Assignment.objects.filter(pk=a.pk).update(done_at=timezone.now())
        services.assignment_reminders_off(token=services.unsubscribe_token(b))
        mail.outbox.clear()
        Campaign.objects.filter(pk=campaign.pk).update(
            due_on=timezone.localdate() + dt.timedelta(days=7)
        )
        result = services.campaigns_daily()
        assert result["reminded"] == [campaign.pk]
        assert sorted(m.to[0] for m in mail.outbox) == sorted([c.user.email, _d.user.email])
        assert "Rappel" in mail.outbox[0].subject
        mail.outbox.clear()
        services.campaigns_daily()  # same day again: nothing new
        assert mail.outbox == []

    def test_bad_unsubscribe_token(self):
        with pytest.raises(PrescriptionError):
            services.assignment_reminders_off(token="forged")


class TestPersonalData:
    def test_export_lists_the_prescriptions(self, justice_admin, justice, training, justice_agents):
        create(actor=justice_admin, training=training, **campaign_kwargs(entities=[justice]))
        section = personal_data_export(user=justice_agents[0])["formations_prescrites"]
        assert section[0]["formation"] == training.title
        assert section[0]["courriel_envoye_le"] is not None


class TestEarlierWork:
    """Earlier completions count with the learning paths' carry-over rules
    (``learning.earlier_work``): an equivalent training counts, a withdrawn completion
    does not."""

    def test_an_equivalent_training_completed_before_counts_as_done(
        self, justice_admin, justice, training, justice_agents
    ):
        older = TrainingFactory(title="Transition écologique — ancienne version")
        Equivalence.objects.create(training=training, equivalent=older, declared_by=justice)
        complete(justice_agents[0], older)
        campaign = create(
            actor=justice_admin, training=training, **campaign_kwargs(entities=[justice])
        )
        done = set(
            campaign.assignments.filter(done_at__isnull=False).values_list("user", flat=True)
        )
        assert done == {justice_agents[0].pk}
        # … and completing the equivalent later marks it done too.
        assert (
            services.assignments_mark_done(
                user_id=justice_agents[1].pk, training_id=older.pk, at=timezone.now()
            )
            == 1
        )

    def test_a_withdrawn_completion_does_not_count(
        self, justice_admin, platform_admin, justice, training, justice_agents
    ):
        attestation = attestation_issue(completion=complete(justice_agents[0], training))
        attestation_revoke(actor=platform_admin, attestation=attestation, reason="Erreur")
        campaign = create(
            actor=justice_admin, training=training, **campaign_kwargs(entities=[justice])
        )
        assert not campaign.assignments.filter(done_at__isnull=False).exists()


class TestValidity:
    """An earlier completion counts only within the campaign's validity ("acquis de moins
    de N ans / mois"), the rule of the learning paths' modules (``learning.earlier_work``):
    completed on the first valid day counts, the day before does not."""

    def completed_on(self, user, training, day: dt.date, at: dt.time) -> Completion:
        completion = complete(user, training, days_ago=(timezone.localdate() - day).days + 40)
        completion.completed_at = timezone.make_aware(dt.datetime.combine(day, at))
        completion.save(update_fields=["completed_at"])
        return completion

    @pytest.mark.parametrize("months", [36, 18])
    def test_edge_days(self, justice_admin, justice, training, justice_agents, months):
        cutoff = validity_cutoff(months=months, today=timezone.localdate())
        on_the_day = self.completed_on(justice_agents[0], training, cutoff, dt.time(0, 0))
        day_before = cutoff - dt.timedelta(days=1)
        self.completed_on(justice_agents[1], training, day_before, dt.time(23, 59))
        campaign = create(
            actor=justice_admin,
            training=training,
            **campaign_kwargs(entities=[justice], validity_months=months),
        )
        done = dict(
            campaign.assignments.filter(done_at__isnull=False).values_list("user", "done_at")
        )
        assert done == {justice_agents[0].pk: on_the_day.completed_at}

    def test_without_validity_an_old_completion_counts(
        self, justice_admin, justice, training, justice_agents
    ):
        ten_years = timezone.localdate() - dt.timedelta(days=3660)
        self.completed_on(justice_agents[0], training, ten_years, dt.time(12, 0))
        campaign = create(
            actor=justice_admin, training=training, **campaign_kwargs(entities=[justice])
        )
        assert campaign.assignments.get(user=justice_agents[0]).done_at is not None

    def test_the_recent_completion_counts_when_an_older_one_has_expired(
        self, justice_admin, justice, training, justice_agents
    ):
        today = timezone.localdate()
        self.completed_on(justice_agents[0], training, today - dt.timedelta(days=2000), dt.time(9))
        recent = self.completed_on(
            justice_agents[0], training, today - dt.timedelta(days=100), dt.time(9)
        )
        campaign = create(
            actor=justice_admin,
            training=training,
            **campaign_kwargs(entities=[justice], validity_months=24),
        )
        assert campaign.assignments.get(user=justice_agents[0]).done_at == recent.completed_at

    def test_a_late_joiner_is_judged_with_the_same_validity(
        self, justice_admin, justice, penitentiaire, training
    ):
        newcomer = UserFactory(email="late@dap.justice.gouv.fr")
        self.completed_on(
            newcomer, training, timezone.localdate() - dt.timedelta(days=800), dt.time(9)
        )
        campaign = create(
            actor=justice_admin,
            training=training,
            **campaign_kwargs(entities=[justice], validity_months=24),
        )
        with_commit(lambda: user_attach(user=newcomer, trigger=AttachmentChange.Trigger.SIGNUP))
        assert campaign.assignments.get(user=newcomer).done_at is None

    @pytest.mark.parametrize("months", [0, 601])
    def test_a_validity_out_of_bounds_is_refused(self, justice_admin, justice, training, months):
        with pytest.raises(PrescriptionError, match="validité des acquis"):
            create(
                actor=justice_admin,
                training=training,
                **campaign_kwargs(entities=[justice], validity_months=months),
            )
        assert not Campaign.objects.exists()

    @pytest.mark.parametrize(
        ("today", "months", "cutoff"),
        [
            (dt.date(2028, 2, 29), 12, dt.date(2027, 2, 28)),
            (dt.date(2027, 5, 31), 3, dt.date(2027, 2, 28)),
            (dt.date(2028, 5, 31), 3, dt.date(2028, 2, 29)),
            (dt.date(2027, 1, 15), 1, dt.date(2026, 12, 15)),
            (dt.date(2027, 1, 15), 36, dt.date(2024, 1, 15)),
            (dt.date(2027, 1, 15), None, None),
        ],
    )
    def test_cutoff(self, today, months, cutoff):
        assert validity_cutoff(months=months, today=today) == cutoff
