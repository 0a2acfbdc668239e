"""The benchmark seeder: what it makes, at a small scale, on SQLite and PostgreSQL."""

import os

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from mentor.accounts.models import User
from mentor.catalog.models import Session, Training
from mentor.demo.management.commands.seed_scale import AGENT_DIGITS, NATIONAL_SLUG
from mentor.enrolments.models import Enrolment, EnrolmentEvent
from mentor.learning.models import Activity, ActivityProgress, Completion
from mentor.reporting.models import DailyActivity, RollupState
from mentor.scorm.models import Attempt

SMALL = {
    "agents": 80,
    "trainings": 6,
    "enrolments": 120,
    "national_learners": 40,
    "password_users": 5,
    "sessions_per_training": 3,
    "batch": 50,
}


def _counts() -> dict:
    return {
        "users": User.objects.count(),
        "trainings": Training.objects.count(),
        "enrolments": Enrolment.objects.count(),
        "events": EnrolmentEvent.objects.count(),
        "progress": ActivityProgress.objects.count(),
        "completions": Completion.objects.count(),
    }


@pytest.fixture
def seeded(justice, agriculture, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call_command("seed_scale", **SMALL)


@pytest.mark.django_db(transaction=True)
class TestSeedScale:
    def test_it_makes_the_requested_data(self, seeded):
        assert User.objects.filter(email__startswith="scale.0").count() == 80
        assert Training.objects.filter(slug__startswith="scale-0").count() == 6
        scale = Enrolment.objects.filter(session__training__slug__startswith="scale-0")
        assert scale.count() == 120
        assert EnrolmentEvent.objects.count() == Enrolment.objects.count()
        # Every synthetic training has a course; seat counters match the enrolments.
        assert not Training.objects.filter(slug__startswith="scale-", sections__isnull=True)
        for session in Session.objects.filter(training__slug__startswith="scale-"):
            assert session.seats_taken == session.enrolments.filter(status="active").count()

    def test_the_national_session_has_its_learners_module_and_tutor(self, seeded):
        session = Training.objects.get(slug=NATIONAL_SLUG).sessions.get()
        assert session.enrolments.count() == 40
        assert session.tutors.count() == 1
        kinds = set(
            Activity.objects.filter(section__training=session.training).values_list(
                "kind", flat=True
            )
        )
        assert kinds == {"page", "scorm", "quiz"}

    def test_finished_learners_have_every_activity_and_one_completion(self, seeded):
        for completion in Completion.objects.select_related("enrolment__session"):
            training = completion.enrolment.session.training_id
            required = Activity.objects.filter(section__training_id=training, required=True)
            done = ActivityProgress.objects.filter(
                enrolment=completion.enrolment, activity__in=required, status="completed"
            )
            assert done.count() == required.count()
        assert Completion.objects.exists()

    def test_a_second_run_adds_nothing(self, seeded):
        before = _counts()
        call_command("seed_scale", **SMALL)
        assert _counts() == before

    def test_only_the_first_agents_can_sign_in(self, seeded):
        agents = User.objects.filter(email__startswith="scale.0").order_by("email")
        assert [a.has_usable_password() for a in agents[:6]] == [True] * 5 + [False]


def test_agent_numbers_keep_the_prefix_the_seed_selects_by_at_the_issue_scale():
    """Every step finds its agents by ``scale.0…`` (the tutor is ``scale.tutor``): with
    seven digits, agents from number 1,000,000 up were never enrolled."""
    assert f"scale.{2_499_999:0{AGENT_DIGITS}d}".startswith("scale.0")


@pytest.mark.django_db
def test_set_based_needs_postgresql(justice):
    if connection.vendor == "postgresql":
        pytest.skip("covered by the PostgreSQL run below")
    with pytest.raises(CommandError, match="PostgreSQL"):
        call_command("seed_scale", set_based=True, **SMALL)


@pytest.mark.skipif(
    "postgres" not in os.environ.get("DATABASE_URL", ""),
    reason="INSERT … SELECT over generate_series: PostgreSQL only",
)
@pytest.mark.django_db(transaction=True)
def test_set_based_makes_dated_activity_and_rollups(justice, agriculture, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call_command("seed_scale", set_based=True, **SMALL)
    scale = Enrolment.objects.filter(session__training__slug__startswith="scale-0")
    assert scale.count() == 120
    assert User.objects.filter(email__regex=rf"^scale\.[0-9]{{{AGENT_DIGITS}}}@").count() == 80
    days = {e.date() for e in scale.values_list("enrolled_at", flat=True)}
    assert len(days) > 30  # spread over the year, not one instant
    assert DailyActivity.objects.exists() and RollupState.objects.get().complete_until
    before = _counts()
    call_command("seed_scale", set_based=True, **SMALL)
    assert _counts() == before


@pytest.mark.django_db(transaction=True)
def test_load_demo_runs_again_on_a_seeded_database(settings, tmp_path):
    """The bench's set-up (load_demo, seed_scale, then load_demo again at its next run):
    the national module of seed_scale, a single SCO with no quiz, is not the demo's to play."""
    settings.MEDIA_ROOT = tmp_path
    call_command("load_demo", stdout=None)
    call_command("seed_scale", **SMALL, stdout=None)
    call_command("load_demo", stdout=None)
    national = Activity.objects.get(kind="scorm", section__training__slug=NATIONAL_SLUG)
    assert not Attempt.objects.filter(activity=national).exists()
    assert Attempt.objects.exists()  # the demo's own module was played
