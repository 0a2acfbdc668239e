"""Multi-SCO structure, status rules, data round trip, attempts and grading, and the
designer's and tutor's pages (server side; the browser side is in tests/e2e)."""

import importlib
import json
from decimal import Decimal
from http import HTTPStatus

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mentor.learning.models import Activity, ActivityProgress, Completion
from mentor.scorm import rollup
from mentor.scorm.cmi import CommitData, status_rules
from mentor.scorm.manifest import ScormImportError, manifest_parse
from mentor.scorm.models import (
    ActivityPackage,
    Attempt,
    Options,
    Package,
    Runtime,
    activity_package,
)
from mentor.scorm.selectors import player_context
from mentor.scorm.services import (
    AttemptRefused,
    attempt_for_launch,
    attempt_start_new,
    package_import,
    runtime_commit,
)
from tests.factories import SessionFactory, TrainingFactory, UserFactory
from tests.learning.factories import ActivityFactory
from tests.scorm.factories import (
    EnrolmentFactory,
    PackageFactory,
    ScormActivityFactory,
    SectionFactory,
)
from tests.scorm.multisco import manifest_multi_12, manifest_multi_2004, multi_12, multi_2004
from tests.scorm.packages import build_zip, upload

pytestmark = pytest.mark.django_db

MEMBERS_12 = {"intro.html", "quiz.html", "end/index.html"}


def _course(data: bytes, **activity):
    training = TrainingFactory()
    package = package_import(training=training, uploaded_file=upload(data), actor=None)
    activity = ScormActivityFactory(
        section=SectionFactory(training=training), scorm_package=package, **activity
    )
    enrolment = EnrolmentFactory(session=SessionFactory(training=training))
    return enrolment, activity, {sco.identifier: sco for sco in package.scos.all()}


def _commit(enrolment, activity, sco, cmi, *, attempt=1, terminate=False, nav=""):
    return runtime_commit(
        enrolment_id=enrolment.pk,
        activity=activity,
        sco=sco,
        attempt_number=attempt,
        payload={"cmi": cmi, "terminate": terminate, "nav_request": nav},
    )


class TestManifestTree:
    def test_a_12_organization_becomes_its_items(self):
        manifest = manifest_parse(manifest_multi_12().encode(), members=MEMBERS_12)

        assert [(i.identifier, i.parent, i.depth) for i in manifest.items] == [
            ("ITEM-INTRO", "", 0),
            ("ITEM-QUIZ", "", 0),
            ("ITEM-CH2", "", 0),
            ("ITEM-END", "ITEM-CH2", 1),
            ("ITEM-NOTE", "ITEM-CH2", 1),
        ]
        quiz = manifest.items[1]
        assert quiz.launch_path == "quiz.html?mode=quiz"
        assert (quiz.prerequisites, quiz.mastery_score, quiz.launch_data) == (
            "ITEM-INTRO",
            "70",
            "niveau=2",
        )
        assert manifest.items[4].visible is False
        assert manifest.sco_count == 3
        assert manifest.launch_path == "intro.html"

    def test_2004_sequencing_basics(self):
        manifest = manifest_parse(manifest_multi_2004().encode(), members={"a.html", "b.html"})

        lesson = manifest.items[0]
        assert (lesson.completion_threshold, lesson.scaled_passing_score) == ("0.8", "0.6")
        assert manifest.sequencing["attempt_limit"] == 3
        assert manifest.sequencing["choice"] is True
        assert manifest.sequencing["flow"] is True

    @pytest.mark.parametrize(
        ("manifest", "message"),
        [
            pytest.param(
                manifest_multi_12(prerequisites_end="ITEM-END"),
                "forment un cercle",
                id="self-prerequisite",
            ),
            pytest.param(
                manifest_multi_12(prerequisites_end="ITEM-INCONNU"),
                "qui n’existe pas",
                id="unknown-prerequisite",
            ),
            pytest.param(
                manifest_multi_12().replace(
                    'identifierref="RES-END"', 'identifierref="RES-ABSENTE"'
                ),
                "absente du manifeste",
                id="unknown-identifierref",
            ),
            pytest.param(
                manifest_multi_12(
                    extra_items="".join(
                        f'<item identifier="I{n}" identifierref="RES-INTRO"><title>{n}</title></item>'
                        for n in range(10_000)
                    )
                ),
                "plus de",
                id="ten-thousand-items",
            ),
        ],
    )
    def test_bad_manifests_are_refused_in_french(self, manifest, message):
        with pytest.raises(ScormImportError, match=message):
            manifest_parse(manifest.encode(), members=MEMBERS_12)

    def test_a_cycle_through_two_items_is_refused(self):
        manifest = manifest_multi_12().replace(
            '<adlcp:prerequisites type="aicc_script">ITEM-INTRO</adlcp:prerequisites>',
            '<adlcp:prerequisites type="aicc_script">ITEM-END</adlcp:prerequisites>',
        )
        with pytest.raises(ScormImportError, match="forment un cercle"):
            manifest_parse(manifest.encode(), members=MEMBERS_12)

    def test_a_bad_manifest_uploaded_by_a_designer_is_a_french_message(
        self, client, platform_admin
    ):
        training = TrainingFactory()
        section = SectionFactory(training=training)
        client.force_login(platform_admin)
        data = build_zip(
            {
                "imsmanifest.xml": manifest_multi_12(prerequisites_end="ITEM-END"),
                "intro.html": "x",
                "quiz.html": "x",
                "end/index.html": "x",
            }
        )

        response = client.post(
            f"/apprendre/conception/{training.slug}/sections/{section.pk}/activites/nouvelle/",
            {
                "type": "scorm",
                "title": "Module",
                "required": "on",
                "completion_rule": "scorm_completed",
                "scorm_file": upload(data),
            },
        )

        assert response.status_code == HTTPStatus.OK
        assert "forment un cercle" in response.content.decode()
        assert not Package.objects.exists()


class TestImportStoresTheTree:
    def test_scos_are_stored_with_parents(self):
        _enrolment, activity, scos = _course(multi_12())

        assert scos["ITEM-END"].parent == scos["ITEM-CH2"]
        assert scos["ITEM-QUIZ"].mastery_score == Decimal("70")
        assert not scos["ITEM-CH2"].launchable
        assert activity.scorm_package_link.package.launch_path == "intro.html"

    def test_the_import_report_is_shown_to_authors_only(self, client, platform_admin):
        enrolment, activity, _scos = _course(multi_12())
        client.force_login(platform_admin)

        response = client.get(f"/scorm/conception/{activity.pk}/")

        assert response.status_code == HTTPStatus.OK
        html = response.content.decode()
        assert 'data-testid="scorm-sco-count">3<' in html
        assert "Cours multi-SCO 1.2" in html
        client.force_login(enrolment.user)
        assert client.get(f"/scorm/conception/{activity.pk}/").status_code == HTTPStatus.NOT_FOUND

    def test_authors_save_the_options(self, client, platform_admin):
        _enrolment, activity, _scos = _course(multi_12())
        client.force_login(platform_admin)

        response = client.post(
            f"/scorm/conception/{activity.pk}/",
            {
                "max_attempts": "2",
                "attempt_policy": "complete",
                "grading": "average",
                "completion_attempt": "any",
                "display": "window",
            },
        )

        assert response.status_code == HTTPStatus.FOUND
        options = Options.objects.get(activity=activity)
        assert (options.max_attempts, options.attempt_policy, options.grading, options.display) == (
            2,
            "complete",
            "average",
            "window",
        )
        refused = client.post(
            f"/scorm/conception/{activity.pk}/",
            {
                "max_attempts": "0",
                "attempt_policy": "complete",
                "grading": "average",
                "display": "page",
            },
        )
        assert "au moins une tentative" in refused.content.decode()


class TestStatusRules:
    def test_12_finish_without_a_status_is_completed(self):
        data = CommitData(cmi={}, terminate=True)
        assert status_rules(version="1.2", data=data).lesson_status == "completed"

    def test_12_a_commit_before_finish_sets_nothing(self):
        assert status_rules(version="1.2", data=CommitData(cmi={})).lesson_status == ""

    def test_12_status_set_earlier_is_kept_at_finish(self):
        data = CommitData(cmi={}, terminate=True)
        assert (
            status_rules(
                version="1.2", data=data, previous_lesson_status="incomplete"
            ).lesson_status
            == "incomplete"
        )

    @pytest.mark.parametrize(("raw", "status"), [("80", "passed"), ("60", "failed")])
    def test_12_mastery_score(self, raw, status):
        data = CommitData(cmi={}, lesson_status="completed", score_raw=Decimal(raw), terminate=True)
        assert (
            status_rules(version="1.2", data=data, mastery_score=Decimal(70)).lesson_status
            == status
        )

    @pytest.mark.parametrize(("measure", "status"), [("0.9", "completed"), ("0.5", "incomplete")])
    def test_2004_completion_threshold(self, measure, status):
        data = CommitData(cmi={}, completion_status="unknown", progress_measure=Decimal(measure))
        result = status_rules(version="2004", data=data, completion_threshold=Decimal("0.8"))
        assert result.completion_status == status

    @pytest.mark.parametrize(("scaled", "status"), [("0.7", "passed"), ("0.5", "failed")])
    def test_2004_scaled_passing_score(self, scaled, status):
        data = CommitData(cmi={}, success_status="unknown", score_scaled=Decimal(scaled))
        result = status_rules(version="2004", data=data, scaled_passing_score=Decimal("0.6"))
        assert result.success_status == status

    def test_force_completed_on_exit(self):
        data = CommitData(cmi={}, lesson_status="incomplete", terminate=True)
        assert (
            status_rules(version="1.2", data=data, force_completed=True).lesson_status
            == "completed"
        )


class TestRollupAndPrerequisites:
    def test_prerequisite_expressions(self):
        done = {"A", "B"}
        assert rollup.prerequisites_met("A & B", done)
        assert not rollup.prerequisites_met("A & C", done)
        assert rollup.prerequisites_met("C | (A & ~C)", done)
        assert rollup.prerequisites_met("", done)

    def test_completion_needs_every_sco(self):
        items = [rollup.Item("A", True), rollup.Item("B", True), rollup.Item("C", False)]
        one = {"A": rollup.ScoState(attempted=True, completed=True, score=Decimal(80))}
        assert not rollup.rollup(items, one).completed
        both = {
            **one,
            "B": rollup.ScoState(attempted=True, completed=True, passed=True, score=Decimal(60)),
        }
        result = rollup.rollup(items, both)
        assert (result.completed, result.passed, result.score) == (True, True, Decimal("70.00"))

    def test_a_sco_left_out_of_the_rollup(self):
        items = [
            rollup.Item("A", True),
            rollup.Item(
                "B", True, sequencing={"progress_rollup": False, "objective_rollup": False}
            ),
        ]
        states = {"A": rollup.ScoState(attempted=True, completed=True)}
        assert rollup.rollup(items, states).completed

    @pytest.mark.parametrize(
        ("method", "expected"),
        [("highest", "90"), ("average", "70.00"), ("first", "50"), ("last", "70")],
    )
    def test_grading_methods(self, method, expected):
        assert rollup.grade([Decimal(50), Decimal(90), None, Decimal(70)], method) == Decimal(
            expected
        )


class TestMultiScoRuntime:
    def test_the_activity_completes_when_every_sco_is_done(self):
        enrolment, activity, scos = _course(multi_12())

        _commit(enrolment, activity, scos["ITEM-INTRO"], {"core": {}}, terminate=True)
        intro = Runtime.objects.get(sco=scos["ITEM-INTRO"])
        assert intro.lesson_status == "completed"  # a SCO that set nothing, at LMSFinish
        assert ActivityProgress.objects.get(activity=activity).status == "in_progress"

        _commit(
            enrolment,
            activity,
            scos["ITEM-QUIZ"],
            {"core": {"score": {"raw": "80"}}},
            terminate=True,
        )
        quiz = Runtime.objects.get(sco=scos["ITEM-QUIZ"])
        assert quiz.lesson_status == "passed"  # mastery score 70 from the manifest
        _commit(enrolment, activity, scos["ITEM-END"], {"core": {"lesson_status": "completed"}})

        progress = ActivityProgress.objects.get(activity=activity)
        assert progress.status == "completed"
        assert progress.score == Decimal("80.00")
        assert Completion.objects.filter(enrolment=enrolment).count() == 1

    def test_a_commit_never_erases_what_it_did_not_send(self):
        enrolment, activity, scos = _course(multi_12())
        quiz = scos["ITEM-QUIZ"]
        _commit(
            enrolment,
            activity,
            quiz,
            {
                "core": {"lesson_location": "p2"},
                "interactions": {"0": {"id": "q1", "result": "correct"}},
                "objectives": {"0": {"id": "o1", "status": "passed"}},
                "comments": "Très clair",
                "student_preference": {"language": "fr"},
            },
        )
        _commit(
            enrolment,
            activity,
            quiz,
            {"core": {"lesson_status": "incomplete"}, "interactions": {"1": {"id": "q2"}}},
        )

        stored = Runtime.objects.get(sco=quiz).cmi["cmi"]
        assert [stored["interactions"][k]["id"] for k in ("0", "1")] == ["q1", "q2"]
        assert stored["objectives"]["0"]["id"] == "o1"
        assert stored["comments"] == "Très clair"
        assert stored["student_preference"]["language"] == "fr"

    def test_a_sco_of_another_package_is_refused(self, client):
        enrolment, activity, scos = _course(multi_12())
        _other, _activity, other_scos = _course(multi_2004())
        client.force_login(enrolment.user)

        response = client.post(
            f"/scorm/execution/{enrolment.pk}/{activity.pk}/{other_scos['ITEM-A'].pk}/1/",
            json.dumps({"cmi": {}}),
            content_type="application/json",
        )

        assert response.status_code == HTTPStatus.NOT_FOUND
        assert not Runtime.objects.exists()


class TestAttempts:
    def _finish_all(self, enrolment, activity, scos, attempt, raw):
        for identifier in ("ITEM-INTRO", "ITEM-QUIZ", "ITEM-END"):
            _commit(
                enrolment,
                activity,
                scos[identifier],
                {"core": {"lesson_status": "completed", "score": {"raw": raw}}},
                attempt=attempt,
                terminate=True,
            )

    def test_new_attempt_when_the_last_is_complete(self):
        enrolment, activity, scos = _course(multi_12())
        Options.objects.create(activity=activity, attempt_policy="complete", grading="last")
        first = attempt_for_launch(enrolment=enrolment, activity=activity, entering=True)
        assert attempt_for_launch(enrolment=enrolment, activity=activity, entering=True) == first
        self._finish_all(enrolment, activity, scos, 1, "90")

        second = attempt_for_launch(enrolment=enrolment, activity=activity, entering=True)
        assert second.number == 2
        assert attempt_for_launch(enrolment=enrolment, activity=activity, entering=False) == second
        self._finish_all(enrolment, activity, scos, 2, "72")

        assert ActivityProgress.objects.get(activity=activity).score == Decimal("72.00")  # last
        assert Attempt.objects.filter(enrolment=enrolment).count() == 2

    def test_always_new_and_the_maximum(self):
        enrolment, activity, _scos = _course(multi_12())
        Options.objects.create(activity=activity, attempt_policy="always", max_attempts=2)

        numbers = [
            attempt_for_launch(enrolment=enrolment, activity=activity, entering=True).number
            for _ in range(3)
        ]

        assert numbers == [1, 2, 2]

    def test_learners_choice(self):
        enrolment, activity, scos = _course(multi_12())
        Options.objects.create(activity=activity, max_attempts=2, grading="average")
        attempt_for_launch(enrolment=enrolment, activity=activity, entering=True)
        self._finish_all(enrolment, activity, scos, 1, "90")
        assert attempt_for_launch(enrolment=enrolment, activity=activity, entering=True).number == 1

        assert attempt_start_new(enrolment=enrolment, activity=activity).number == 2
        self._finish_all(enrolment, activity, scos, 2, "70")
        assert ActivityProgress.objects.get(activity=activity).score == Decimal("80.00")  # average
        with pytest.raises(AttemptRefused, match="toutes vos tentatives"):
            attempt_start_new(enrolment=enrolment, activity=activity)

    def test_the_2004_attempt_limit_of_the_organization(self):
        enrolment, activity, _scos = _course(multi_2004())
        Options.objects.create(activity=activity, attempt_policy="always")

        numbers = [
            attempt_for_launch(enrolment=enrolment, activity=activity, entering=True).number
            for _ in range(4)
        ]

        assert numbers == [1, 2, 3, 3]


class TestTutorReport:
    @pytest.fixture
    def played(self):
        enrolment, activity, scos = _course(multi_12())
        _commit(
            enrolment,
            activity,
            scos["ITEM-QUIZ"],
            {
                "core": {"lesson_status": "completed", "score": {"raw": "80"}},
                "interactions": {
                    "0": {
                        "id": "q1",
                        "type": "choice",
                        "student_response": "=a",
                        "result": "correct",
                    }
                },
                "objectives": {"0": {"id": "obj-quiz", "status": "passed"}},
            },
        )
        tutor = UserFactory()
        enrolment.session.tutors.add(tutor)
        return enrolment, activity, tutor

    def test_the_session_progress_page_links_to_the_report_without_a_query_of_its_own(
        self, client, played
    ):
        """scorm adds the link to learning's page (``learning.tutoring.progress``): the
        course outline already loaded each activity's package."""
        enrolment, activity, tutor = played
        client.force_login(tutor)
        url = reverse("learning:tutor_progress", args=[enrolment.session_id])
        client.get(url)  # the outline is cached
        with CaptureQueriesContext(connection) as counted:
            html = client.get(url).content.decode()
        report = reverse("scorm:tutor_report", args=[enrolment.session_id, activity.pk])
        assert f'href="{report}"' in html
        assert not [q for q in counted.captured_queries if "scorm_activitypackage" in q["sql"]]

    def test_tutor_sees_interactions_and_objectives(
        self, client, played, django_assert_max_num_queries
    ):
        enrolment, activity, tutor = played
        client.force_login(tutor)
        url = f"/scorm/tutorat/{enrolment.session_id}/{activity.pk}/"

        with django_assert_max_num_queries(25):
            response = client.get(url)

        assert response.status_code == HTTPStatus.OK
        html = response.content.decode()
        assert "q1" in html and "obj-quiz" in html and "réussi" in html

    def test_csv_export(self, client, played):
        enrolment, activity, tutor = played
        client.force_login(tutor)

        response = client.get(
            f"/scorm/tutorat/{enrolment.session_id}/{activity.pk}/interactions.csv"
        )

        body = response.content.decode("utf-8")
        assert body.startswith("\ufeffNom;Prénom;Courriel;Tentative;Élément")
        assert ";q1;choice;;'=a;;correct;" in body  # a formula is neutralised

    def test_learners_and_strangers_get_404(self, client, played):
        enrolment, activity, _tutor = played
        for user in (enrolment.user, UserFactory()):
            client.force_login(user)
            for suffix in ("", "interactions.csv"):
                url = f"/scorm/tutorat/{enrolment.session_id}/{activity.pk}/{suffix}"
                assert client.get(url).status_code == HTTPStatus.NOT_FOUND


class TestPreview:
    def test_preview_has_an_api_and_no_commit_url(self, client, platform_admin):
        _enrolment, activity, _scos = _course(multi_12())
        client.force_login(platform_admin)

        response = client.get(
            f"/apprendre/conception/{activity.section.training.slug}/apercu/{activity.pk}/"
        )

        html = response.content.decode()
        assert 'data-commit-url=""' in html
        assert "scorm-again.min.js" in html
        assert not Attempt.objects.exists()


BEFORE_THE_LINK = [("scorm", "0003_structure_data"), ("learning", "0005_merge_paths_quiz_review")]


@pytest.mark.django_db(transaction=True)
class TestDataMigration:
    def test_existing_packages_and_runtime_rows_keep_working(self):
        """What 0003 does to rows stored before the tree (one SCO per package, each runtime
        row the first attempt at it, its data kept), then what 0004 does to the activity's
        package (moved from ``learning.Activity.scorm_package`` to ``scorm.ActivityPackage``):
        the rows keep playing. Run on the schema before 0004, then migrated forward."""
        executor = MigrationExecutor(connection)
        latest = executor.loader.graph.leaf_nodes()
        executor.migrate(BEFORE_THE_LINK)
        old_apps = executor.loader.project_state(BEFORE_THE_LINK).apps
        try:
            training = TrainingFactory()
            activity = ActivityFactory(
                section=SectionFactory(training=training),
                kind="scorm",
                completion_rule="scorm_completed",
            )
            package = PackageFactory(training=training)
            package.scos.all().delete()  # as before 0003
            old_apps.get_model("learning", "Activity").objects.filter(pk=activity.pk).update(
                scorm_package_id=package.pk
            )
            enrolment = EnrolmentFactory(session=SessionFactory(training=training))
            Runtime.objects.create(
                enrolment=enrolment,
                activity=activity,
                cmi={"cmi": {"core": {}}, "mentor": {"total_seconds": 42, "exit": "suspend"}},
                lesson_status="completed",
                suspend_data="page=3",
                score_scaled=Decimal("0.8"),
            )
            importlib.import_module("mentor.scorm.migrations.0003_structure_data").forwards(
                old_apps, None
            )
        finally:
            executor = MigrationExecutor(connection)
            executor.migrate(latest)

        activity = Activity.objects.get(pk=activity.pk)
        assert activity_package(activity) == package
        sco = package.scos.get()
        assert (sco.identifier, sco.launch_path) == ("ITEM-1", "index.html")
        runtime = Runtime.objects.get()
        assert (runtime.sco, runtime.attempt.number, runtime.suspend_data) == (sco, 1, "page=3")
        assert runtime.attempt.completed
        assert runtime.attempt.total_seconds == 42
        cmi = player_context(
            enrolment=enrolment, activity=activity, app_origin="http://testserver"
        )["cmi"]
        assert cmi["suspend_data"] == "page=3"
        assert cmi["core"]["entry"] == "resume"

    def test_0004_moves_every_package_and_back(self):
        """Forward: one ``ActivityPackage`` per packaged activity, the others none.
        Backward: the column is filled again from them."""
        executor = MigrationExecutor(connection)
        latest = executor.loader.graph.leaf_nodes()
        executor.migrate(BEFORE_THE_LINK)
        old_apps = executor.loader.project_state(BEFORE_THE_LINK).apps
        OldActivity = old_apps.get_model("learning", "Activity")
        try:
            training = TrainingFactory()
            section = SectionFactory(training=training)
            packaged = [ActivityFactory(section=section, kind="scorm") for _ in range(3)]
            bare = ActivityFactory(section=section, kind="scorm")
            page = ActivityFactory(section=section)
            packages = [PackageFactory(training=training) for _ in packaged]
            for activity, package in zip(packaged, packages, strict=True):
                OldActivity.objects.filter(pk=activity.pk).update(scorm_package_id=package.pk)
        finally:
            executor = MigrationExecutor(connection)
            executor.migrate(latest)

        links = dict(ActivityPackage.objects.values_list("activity_id", "package_id"))
        assert links == {a.pk: p.pk for a, p in zip(packaged, packages, strict=True)}
        assert bare.pk not in links and page.pk not in links

        executor = MigrationExecutor(connection)
        executor.migrate(BEFORE_THE_LINK)
        try:
            old_apps = executor.loader.project_state(BEFORE_THE_LINK).apps
            back = dict(
                old_apps.get_model("learning", "Activity")
                .objects.filter(scorm_package__isnull=False)
                .values_list("pk", "scorm_package_id")
            )
            assert back == links
        finally:
            executor = MigrationExecutor(connection)
            executor.migrate(latest)


class TestLearnerPages:
    def test_display_in_a_new_window(self, client):
        enrolment, activity, _scos = _course(multi_12())
        Options.objects.create(activity=activity, display="window")
        client.force_login(enrolment.user)

        html = client.get(f"/apprendre/{enrolment.pk}/{activity.pk}/").content.decode()

        assert 'data-testid="scorm-open-window"' in html
        assert "data-scorm-frame" not in html
        window = client.get(f"/scorm/lecture/{enrolment.pk}/{activity.pk}/").content.decode()
        assert "data-scorm-frame" in window

    def test_a_locked_item_is_not_launched(self, client):
        enrolment, activity, scos = _course(multi_12())
        client.force_login(enrolment.user)

        html = client.get(
            f"/apprendre/{enrolment.pk}/{activity.pk}/?sco={scos['ITEM-END'].pk}&tentative=1"
        ).content.decode()

        assert "terminez d’abord ses prérequis" in html

    def test_only_the_learner_starts_a_new_attempt(self, client):
        enrolment, activity, _scos = _course(multi_12())
        client.force_login(UserFactory())

        response = client.post(f"/scorm/tentative/{enrolment.pk}/{activity.pk}/")

        assert response.status_code == HTTPStatus.NOT_FOUND
        assert not Attempt.objects.exists()

    def test_the_plan_view_launches_nothing(self, client):
        enrolment, activity, _scos = _course(multi_12())
        client.force_login(enrolment.user)

        html = client.get(f"/apprendre/{enrolment.pk}/{activity.pk}/?vue=plan").content.decode()

        assert 'data-testid="scorm-ended"' in html
        assert "Retour à la formation" in html
        assert "data-scorm-frame" not in html


class TestControlModes:
    def test_choice_off_and_forward_only(self, client):
        manifest = manifest_multi_2004().replace(
            '<imsss:controlMode choice="true" flow="true"/>',
            '<imsss:controlMode choice="false" flow="true" forwardOnly="true"/>',
        )
        data = build_zip({"imsmanifest.xml": manifest, "a.html": "a", "b.html": "b"})
        enrolment, activity, scos = _course(data)
        client.force_login(enrolment.user)
        base = f"/apprendre/{enrolment.pk}/{activity.pk}/"

        chosen = client.get(f"{base}?sco={scos['ITEM-B'].pk}&tentative=1").content.decode()
        backwards = client.get(f"{base}?nav=previous&from={scos['ITEM-B'].pk}&tentative=1")
        forwards = client.get(f"{base}?nav=continue&from={scos['ITEM-A'].pk}&tentative=1")

        assert "terminez d’abord ses prérequis" in chosen  # not chosen from the contents
        assert 'data-testid="scorm-ended"' in backwards.content.decode()  # no way back
        assert "/lanceur/" in forwards.content.decode()
        assert 'data-sco="ITEM-B" data-status' in forwards.content.decode()
