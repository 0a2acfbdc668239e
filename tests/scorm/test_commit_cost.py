"""What one SCORM commit costs the database, pinned (scorm-again commits every few seconds
per learner: ``bench/`` measures the CPU, these tests hold the number of statements), and
the shortcuts that keep it low: the attempt's rollup only when a SCO's state moved, its
time grown in place otherwise."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mentor.learning.models import ActivityProgress, Completion
from mentor.scorm.commit_tokens import commit_token
from mentor.scorm.models import Attempt, Options, Runtime, Sco
from tests.factories import SessionFactory, TrainingFactory
from tests.scorm.factories import EnrolmentFactory, ScormActivityFactory, SectionFactory
from tests.scorm.test_runtime import _post, _time_passes, cmi_12

pytestmark = pytest.mark.django_db


@pytest.fixture
def learner():
    """A SCORM 1.2 module, the training's only required activity, and its learner."""
    training = TrainingFactory()
    activity = ScormActivityFactory(section=SectionFactory(training=training))
    return EnrolmentFactory(session=SessionFactory(training=training)), activity


#: A commit of a launch already saved, its SCO's state unchanged: the user
#: (authentication); then in the transaction (a savepoint here, in the test's own
#: transaction): the enrolment locked with the access check, its attempts, the runtime
#: read then written, the progress read (locked) then written. The activity, its package
#: and options come from the training's cached outline, its SCO from the package's cached
#: launch item. Time spent adds one: the attempt's time grown in place.
STEADY_COMMIT_STATEMENTS = 9

#: The same commit authenticated by its signed token (``X-Mentor-Commit``), as the player's
#: bridge sends it: no session, so no user loaded (the access check joins the account).
STEADY_SIGNED_COMMIT_STATEMENTS = 8


def _commit(client, enrolment, activity, sequence: int, **core):
    body = cmi_12(**core) | {"attempt": "launch-1", "sequence": sequence}
    response = _post(client, enrolment, activity, body)
    assert response.status_code == 200, response.content
    assert response.json() == {"result": True, "errorCode": 0}


def _listed(statements) -> str:
    return "\n".join(q["sql"][:120] for q in statements.captured_queries)


def test_a_steady_signed_commit_loads_no_session_nor_user(client, learner):
    enrolment, activity = learner
    token = commit_token(
        user_id=enrolment.user_id,
        session_epoch=enrolment.user.session_epoch,
        enrolment_id=enrolment.pk,
        activity_id=activity.pk,
        attempt_number=None,
    )
    signed = {"X-Mentor-Commit": token}
    for sequence in (1, 2):
        body = cmi_12(lesson_location=str(sequence), session_time="00:00:05")
        body |= {"attempt": "launch-1", "sequence": sequence}
        with CaptureQueriesContext(connection) as statements:
            response = _post(client, enrolment, activity, body, headers=signed)
        assert response.json() == {"result": True, "errorCode": 0}
    assert len(statements) == STEADY_SIGNED_COMMIT_STATEMENTS, _listed(statements)
    selected = [q["sql"].split(" FROM ")[0] for q in statements.captured_queries]
    assert not any('"accounts_user".' in columns for columns in selected)
    assert Runtime.objects.get(activity=activity).commits == 2


def test_a_steady_commit_costs_a_fixed_number_of_statements(client, learner):
    enrolment, activity = learner
    client.force_login(enrolment.user)
    _commit(client, enrolment, activity, 1, lesson_location="1", session_time="00:00:05")
    _time_passes(enrolment, activity, 120)
    with CaptureQueriesContext(connection) as statements:
        _commit(client, enrolment, activity, 2, lesson_location="2", session_time="00:00:30")
    assert len(statements) == STEADY_COMMIT_STATEMENTS + 1, _listed(statements)
    with CaptureQueriesContext(connection) as statements:
        _commit(client, enrolment, activity, 3, lesson_location="3", session_time="00:00:30")
    assert len(statements) == STEADY_COMMIT_STATEMENTS, _listed(statements)
    # ... and they did all their work: data, time, progress.
    runtime = Runtime.objects.get(activity=activity)
    assert (runtime.location, runtime.commits) == ("3", 3)
    assert runtime.cmi["mentor"]["total_seconds"] == 30
    assert ActivityProgress.objects.get(activity=activity).time_spent == 30
    assert Attempt.objects.get().total_seconds == 30


def test_the_rollup_reruns_when_the_state_moves_after_time_only_commits(client, learner):
    enrolment, activity = learner
    client.force_login(enrolment.user)
    for sequence, seconds in ((1, 10), (2, 25), (3, 40)):
        _time_passes(enrolment, activity, 120)
        _commit(client, enrolment, activity, sequence, session_time=f"00:00:{seconds}")
    attempt = Attempt.objects.get()
    # The attempt's time grew in place with its SCO's, without a rollup.
    assert attempt.total_seconds == 40
    assert (attempt.completed, attempt.score) == (False, None)
    assert not Completion.objects.filter(enrolment=enrolment).exists()

    _time_passes(enrolment, activity, 120)
    _commit(
        client,
        enrolment,
        activity,
        4,
        lesson_status="passed",
        session_time="00:00:50",
        score={"raw": "80", "min": "0", "max": "100"},
    )
    attempt.refresh_from_db()
    assert (attempt.completed, attempt.passed, attempt.score) == (True, True, Decimal("80"))
    assert attempt.total_seconds == 50
    progress = ActivityProgress.objects.get(activity=activity)
    assert (progress.status, progress.score, progress.time_spent) == ("completed", 80, 50)
    assert Completion.objects.filter(enrolment=enrolment).count() == 1

    # Later commits neither complete again nor lose the score.
    _commit(client, enrolment, activity, 5, lesson_status="passed", session_time="00:00:55")
    progress.refresh_from_db()
    assert (progress.status, progress.score) == ("completed", 80)
    assert Completion.objects.filter(enrolment=enrolment).count() == 1


def test_options_saved_after_commits_apply_at_the_next_one(client, learner):
    """The commit reads the activity's options from the cached outline: saving them
    retires it, so the next commit follows the designer's change."""
    enrolment, activity = learner
    client.force_login(enrolment.user)
    _commit(client, enrolment, activity, 1, lesson_location="1")
    options = Options.objects.create(activity=activity, force_completed=True)
    assert options.force_completed
    body = cmi_12(lesson_status="incomplete") | {
        "attempt": "launch-1",
        "sequence": 2,
        "terminate": True,
    }
    assert _post(client, enrolment, activity, body).status_code == 200
    assert Runtime.objects.get(activity=activity).lesson_status == "completed"


def test_a_package_whose_items_change_commits_to_its_new_launch_item(client, learner):
    """The SCO of a commit without one in its URL is the package's first launchable item,
    cached: a change to the package's items retires it."""
    enrolment, activity = learner
    client.force_login(enrolment.user)
    first = activity.scorm_package_link.package.scos.get()
    _commit(client, enrolment, activity, 1, lesson_location="1")
    assert Runtime.objects.get().sco == first
    # A refreshed manifest puts a new item before it (as ``package_structure_refresh``).
    first.position = 1
    first.save(update_fields=["position"])
    second = Sco.objects.create(
        package=first.package, identifier="ITEM-0", title="Zéro", position=0, launch_path="b.html"
    )
    _commit(client, enrolment, activity, 2, lesson_location="2")
    assert Runtime.objects.filter(sco=second).count() == 1
