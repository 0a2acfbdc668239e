"""SCORM 2004 sequencing that authoring tools emit, beyond the control modes: the attempt
limit of an item or a cluster (``imsss:limitConditions attemptLimit``), the delivery
controls ``completionSetByContent`` / ``objectiveSetByContent`` applied when a SCO's
attempt ends, the 4th edition completion threshold (``completedByMeasure``), and rollup
flags of clusters; the tutor's report of shared (global) objectives."""

from decimal import Decimal
from http import HTTPStatus

import pytest
from django.urls import reverse

from mentor.learning.models import ActivityProgress
from mentor.learning.services import MAX_HEARTBEAT_SECONDS
from mentor.scorm import rollup
from mentor.scorm.manifest import manifest_parse
from mentor.scorm.models import Options, Runtime, SharedObjective
from mentor.scorm.services import attempt_start_new
from tests.factories import UserFactory
from tests.scorm.packages import build_zip, manifest_2004_of
from tests.scorm.test_sequencing import _current, _page, _toc_link
from tests.scorm.test_structure import _commit, _course

pytestmark = pytest.mark.django_db


def limited(
    *, quiz_limit: str = "1", cluster_limit: str = "", lesson_delivery: str = "", extra: str = ""
) -> str:
    """A lesson, then a cluster holding a quiz that may be attempted ``quiz_limit`` times
    (and the cluster ``cluster_limit`` times)."""
    cluster_sequencing = (
        f'<imsss:sequencing><imsss:limitConditions attemptLimit="{cluster_limit}"/></imsss:sequencing>'
        if cluster_limit
        else ""
    )
    return manifest_2004_of(
        identifier="LIMITS",
        title="Examen limité",
        items=f"""      <item identifier="LESSON" identifierref="R-LESSON"><title>Leçon</title>
        <imsss:sequencing>{lesson_delivery}</imsss:sequencing>
      </item>
      <item identifier="EXAM"><title>Évaluation</title>
        <item identifier="QUIZ" identifierref="R-QUIZ"><title>Quiz</title>
          <imsss:sequencing>
            <imsss:limitConditions attemptLimit="{quiz_limit}"/>
            <imsss:deliveryControls completionSetByContent="true" objectiveSetByContent="true"/>
          </imsss:sequencing>
        </item>
        {cluster_sequencing}
      </item>
      {extra}""",
        scos={"R-LESSON": "lesson.html", "R-QUIZ": "quiz.html"},
    )


def _package(manifest: str) -> bytes:
    return build_zip({"imsmanifest.xml": manifest, "lesson.html": "l", "quiz.html": "q"})


def _finish(enrolment, activity, scos, attempt: int) -> None:
    for identifier in ("LESSON", "QUIZ"):
        _commit(
            enrolment,
            activity,
            scos[identifier],
            {"completion_status": "completed", "success_status": "passed"},
            attempt=attempt,
            terminate=True,
        )


def _attempt_page(client, enrolment, activity, attempt: int, query: str = "") -> str:
    client.force_login(enrolment.user)
    return client.get(
        f"/apprendre/{enrolment.pk}/{activity.pk}/?tentative={attempt}{query}"
    ).content.decode()


class TestAttemptLimitOfAnItem:
    def test_the_limit_is_read_per_item(self):
        manifest = manifest_parse(
            limited(quiz_limit="2", cluster_limit="3").encode(),
            members={"lesson.html", "quiz.html"},
        )
        items = {item.identifier: item for item in manifest.items}

        assert items["QUIZ"].sequencing["attempt_limit"] == 2
        assert items["EXAM"].sequencing["attempt_limit"] == 3
        assert "attempt_limit" not in items["LESSON"].sequencing
        assert not manifest.warnings

    def test_a_quiz_attempted_once_is_disabled_in_the_next_attempt(self, client):
        enrolment, activity, scos = _course(_package(limited()))
        quiz = scos["QUIZ"]
        assert _current(_page(client, enrolment, activity, f"&sco={quiz.pk}")) == "QUIZ"
        _finish(enrolment, activity, scos, 1)
        # Within its attempt, the quiz may be opened again (it is the same attempt of it).
        assert _current(_page(client, enrolment, activity, f"&sco={quiz.pk}")) == "QUIZ"

        assert attempt_start_new(enrolment=enrolment, activity=activity).number == 2
        html = _attempt_page(client, enrolment, activity, 2)
        assert _toc_link(html, "LESSON")
        assert not _toc_link(html, "QUIZ")
        refused = _attempt_page(client, enrolment, activity, 2, f"&sco={quiz.pk}")
        assert _current(refused) != "QUIZ"
        assert "toutes les tentatives que ce module permet pour cet élément" in refused
        lesson = scos["LESSON"]
        after_lesson = _attempt_page(
            client, enrolment, activity, 2, f"&nav=continue&from={lesson.pk}"
        )
        assert _current(after_lesson) == ""  # flow does not deliver it either

    def test_a_limit_of_two_leaves_one_more_attempt(self, client):
        enrolment, activity, scos = _course(_package(limited(quiz_limit="2")))
        _finish(enrolment, activity, scos, 1)
        attempt_start_new(enrolment=enrolment, activity=activity)
        assert _toc_link(_attempt_page(client, enrolment, activity, 2), "QUIZ")
        _finish(enrolment, activity, scos, 2)
        attempt_start_new(enrolment=enrolment, activity=activity)

        assert not _toc_link(_attempt_page(client, enrolment, activity, 3), "QUIZ")

    def test_an_attempt_that_never_opened_the_quiz_does_not_count(self, client):
        enrolment, activity, scos = _course(_package(limited()))
        _commit(enrolment, activity, scos["LESSON"], {"completion_status": "completed"})
        Options.objects.create(activity=activity, attempt_policy="always")
        client.force_login(enrolment.user)
        client.get(f"/apprendre/{enrolment.pk}/{activity.pk}/")  # starts attempt 2

        assert _toc_link(_attempt_page(client, enrolment, activity, 2), "QUIZ")

    def test_the_limit_of_a_cluster_closes_everything_inside_it(self, client):
        enrolment, activity, scos = _course(_package(limited(quiz_limit="5", cluster_limit="1")))
        _finish(enrolment, activity, scos, 1)
        attempt_start_new(enrolment=enrolment, activity=activity)

        html = _attempt_page(client, enrolment, activity, 2)
        assert _toc_link(html, "LESSON") and not _toc_link(html, "QUIZ")

    def test_the_designers_preview_and_the_review_ignore_the_limit(self, client, platform_admin):
        enrolment, activity, scos = _course(_package(limited()))
        _finish(enrolment, activity, scos, 1)
        attempt_start_new(enrolment=enrolment, activity=activity)
        client.force_login(platform_admin)

        preview = client.get(
            f"/apprendre/conception/{activity.section.training.slug}/apercu/{activity.pk}/"
            f"?sco={scos['QUIZ'].pk}"
        )

        assert preview.status_code == HTTPStatus.OK
        assert _current(preview.content.decode()) == "QUIZ"


class TestDeliveryControls:
    """IMS SS End Attempt Process: unless the manifest says the content sets them, a SCO
    whose attempt ends with its completion (success) unknown is completed (passed)."""

    def test_a_sco_that_sets_nothing_is_completed_and_passed_when_it_terminates(self):
        enrolment, activity, scos = _course(_package(limited()))
        lesson = scos["LESSON"]

        _commit(enrolment, activity, lesson, {"completion_status": "unknown"})
        runtime = Runtime.objects.get(sco=lesson)
        assert (runtime.completion_status, runtime.success_status) == ("unknown", "")
        _commit(enrolment, activity, lesson, {"completion_status": "unknown"}, terminate=True)

        runtime.refresh_from_db()
        assert (runtime.completion_status, runtime.success_status) == ("completed", "passed")

    def test_a_suspended_sco_is_left_as_it_is(self):
        enrolment, activity, scos = _course(_package(limited()))
        lesson = scos["LESSON"]

        _commit(enrolment, activity, lesson, {"exit": "suspend"}, terminate=True)
        _commit(enrolment, activity, lesson, {}, terminate=True, nav="suspendAll")

        runtime = Runtime.objects.get(sco=lesson)
        assert (runtime.completion_status, runtime.success_status) == ("", "")

    def test_content_that_sets_its_status_keeps_it_unknown(self):
        enrolment, activity, scos = _course(_package(limited()))

        _commit(enrolment, activity, scos["QUIZ"], {}, terminate=True)

        runtime = Runtime.objects.get(sco=scos["QUIZ"])
        assert (runtime.completion_status, runtime.success_status) == ("", "")

    def test_a_status_the_sco_set_is_never_replaced(self):
        enrolment, activity, scos = _course(_package(limited()))
        lesson = scos["LESSON"]

        _commit(
            enrolment,
            activity,
            lesson,
            {"completion_status": "incomplete", "success_status": "failed"},
            terminate=True,
        )

        runtime = Runtime.objects.get(sco=lesson)
        assert (runtime.completion_status, runtime.success_status) == ("incomplete", "failed")

    def test_a_commit_without_statuses_keeps_the_stored_ones(self):
        enrolment, activity, scos = _course(_package(limited()))
        quiz = scos["QUIZ"]
        _commit(
            enrolment,
            activity,
            quiz,
            {"completion_status": "completed", "success_status": "passed"},
        )

        _commit(enrolment, activity, quiz, {"location": "p3"})

        runtime = Runtime.objects.get(sco=quiz)
        assert (runtime.completion_status, runtime.success_status, runtime.location) == (
            "completed",
            "passed",
            "p3",
        )

    def test_the_activity_completes_from_scos_that_only_initialize_and_terminate(self):
        enrolment, activity, scos = _course(_package(limited()))
        _commit(enrolment, activity, scos["LESSON"], {}, terminate=True)
        _commit(
            enrolment,
            activity,
            scos["QUIZ"],
            {"completion_status": "completed", "success_status": "passed"},
            terminate=True,
        )

        assert ActivityProgress.objects.get(activity=activity).status == "completed"


class TestCompletionThreshold:
    @pytest.mark.parametrize(
        ("element", "expected"),
        [
            pytest.param(
                '<adlcp:completionThreshold completedByMeasure="true" minProgressMeasure="0.7"/>',
                "0.7",
                id="4th-edition-by-measure",
            ),
            pytest.param(
                '<adlcp:completionThreshold completedByMeasure="true"/>',
                "1.0",
                id="4th-edition-default-measure",
            ),
            pytest.param(
                '<adlcp:completionThreshold minProgressMeasure="0.7"/>',
                "",
                id="4th-edition-not-by-measure",
            ),
            pytest.param(
                "<adlcp:completionThreshold>0.6</adlcp:completionThreshold>",
                "0.6",
                id="3rd-edition",
            ),
        ],
    )
    def test_read_as_each_edition_writes_it(self, element, expected):
        manifest = limited().replace("<title>Leçon</title>", f"<title>Leçon</title>{element}")

        parsed = manifest_parse(manifest.encode(), members={"lesson.html", "quiz.html"})

        lesson = next(item for item in parsed.items if item.identifier == "LESSON")
        assert lesson.completion_threshold == expected


class TestClusterRollupFlags:
    def test_what_a_cluster_leaves_out_it_leaves_out_with_its_children(self):
        manifest = limited().replace(
            '<item identifier="EXAM"><title>Évaluation</title>',
            '<item identifier="EXAM"><title>Évaluation</title><imsss:sequencing>'
            '<imsss:rollupRules rollupObjectiveSatisfied="false" rollupProgressCompletion="false"/>'
            "</imsss:sequencing>",
        )
        enrolment, activity, scos = _course(_package(manifest))

        _commit(enrolment, activity, scos["LESSON"], {}, terminate=True)

        assert ActivityProgress.objects.get(activity=activity).status == "completed"

    def test_the_flags_of_every_parent_count(self):
        class Node:
            def __init__(self, pk, parent_id, sequencing):
                self.pk, self.parent_id, self.sequencing = pk, parent_id, sequencing

        top = Node(1, None, {"progress_rollup": False})
        middle = Node(2, 1, {})
        leaf = Node(3, 2, {"objective_rollup": False, "attempt_limit": 2})
        by_pk = {node.pk: node for node in (top, middle, leaf)}

        assert rollup.counted_in_rollup(leaf, by_pk) == {
            "progress_rollup": False,
            "objective_rollup": False,
            "attempt_limit": 2,
        }
        assert rollup.counted_in_rollup(Node(4, None, {}), by_pk) == {
            "progress_rollup": True,
            "objective_rollup": True,
        }


class TestTutorReportOfSharedObjectives:
    def test_the_learners_shared_objectives_are_shown_and_exported(self, client):
        enrolment, activity, scos = _course(_package(limited()))
        _commit(enrolment, activity, scos["LESSON"], {"completion_status": "completed"})
        SharedObjective.objects.create(
            enrolment=enrolment,
            activity=activity,
            target="g.lesson",
            satisfied=True,
            measure=Decimal("0.75"),
        )
        SharedObjective.objects.create(enrolment=enrolment, activity=activity, target="g.other")
        tutor = UserFactory()
        enrolment.session.tutors.add(tutor)
        client.force_login(tutor)
        url = f"/scorm/tutorat/{enrolment.session_id}/{activity.pk}/"

        html = client.get(url).content.decode()
        body = client.get(url + "interactions.csv").content.decode("utf-8")

        assert "g.lesson : atteint (0.75)" in html
        assert "g.other : inconnu" in html
        assert body.splitlines()[0].endswith(";Objectifs partagés")
        assert body.splitlines()[1].endswith(';"g.lesson passed 0.75 ; g.other unknown"')


class TestMeasuredTime:
    """A SCO that reports no session time: the player pages beat like the other activities
    and the measured open time is credited, with the same caps; its commits add nothing."""

    def test_heartbeats_credit_a_sco_that_reports_no_time(self, client):
        enrolment, activity, scos = _course(_package(limited()))
        client.force_login(enrolment.user)
        beat = reverse("learning:heartbeat", args=[enrolment.pk, activity.pk])
        for url in (
            f"/apprendre/{enrolment.pk}/{activity.pk}/",
            f"/scorm/lecture/{enrolment.pk}/{activity.pk}/",
        ):
            assert f'data-heartbeat-url="{beat}"' in client.get(url).content.decode()

        assert client.post(beat, {"seconds": "20"}).json() == {"ok": True, "credited": 20}
        _commit(enrolment, activity, scos["LESSON"], {"completion_status": "incomplete"})
        capped = client.post(beat, {"seconds": "100000"}).json()["credited"]

        progress = ActivityProgress.objects.get(activity=activity)
        assert progress.time_spent == 20 + capped
        assert capped <= MAX_HEARTBEAT_SECONDS
