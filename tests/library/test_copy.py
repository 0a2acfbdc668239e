"""Copy fidelity: a training copied from the library plays the same (pages, documents,
quiz, SCORM, survey questions), carries no learner data, stores no file twice, and is
independent of its original."""

from http import HTTPStatus

import pytest
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from mentor.catalog.copiers import _COPIERS as COPIERS
from mentor.catalog.copiers import Copier, copy_content, register_copier
from mentor.catalog.models import PublicationState, Training
from mentor.learning.models import (
    Activity,
    ActivityImage,
    ActivityProgress,
    Choice,
    Question,
    QuizAttempt,
    Thread,
)
from mentor.learning.services import quiz_grade
from mentor.library import selectors
from mentor.library.models import CopyKind, CopyState, TrainingCopy
from mentor.library.services import copy_request, deposit_save, deposit_withdraw
from mentor.scorm import content
from mentor.scorm.models import Display, GradingMethod, Options, Package, Runtime
from mentor.scorm.services import package_discard, package_import
from mentor.surveys.models import SurveyResponse
from tests.factories import SessionFactory, TrainingFactory, UserFactory
from tests.learning.factories import ActivityFactory, EnrolmentFactory, SectionFactory
from tests.library.conftest import activities_of, stored_files
from tests.scorm.multisco import multi_12
from tests.scorm.packages import SCO_12_HTML, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def deposited(rich_training, agri_designer):
    deposit_save(
        actor=agri_designer,
        training=rich_training,
        description="Formation hybride à adapter.",
        licence="cc-by",
    )
    return rich_training


def _adapt(
    actor,
    source,
    destination,
    django_capture_on_commit_callbacks,
    title="Classe virtuelle (Justice)",
):
    with django_capture_on_commit_callbacks(execute=True):
        copy = copy_request(
            actor=actor,
            source=source,
            kind=CopyKind.ADAPTATION,
            title=title,
            destination=destination,
        )
    copy.refresh_from_db()
    return copy


class TestCopyFidelity:
    def test_the_copy_has_the_same_content_in_the_same_order(
        self, deposited, justice_designer, justice, django_capture_on_commit_callbacks
    ):
        copy = _adapt(justice_designer, deposited, justice, django_capture_on_commit_callbacks)

        assert copy.state == CopyState.DONE
        target = copy.target
        assert target.owner_entity == justice and target.producer == justice
        assert target.state == PublicationState.DRAFT
        assert target.title == "Classe virtuelle (Justice)"
        assert (target.modality, target.summary) == (deposited.modality, deposited.summary)
        assert target.licence == deposited.library_deposit.licence  # as shared
        original, copied = activities_of(deposited), activities_of(target)
        assert [(a.section.title, a.kind, a.title, a.completion_rule) for a in copied] == [
            (a.section.title, a.kind, a.title, a.completion_rule) for a in original
        ]
        assert {a.pk for a in copied}.isdisjoint({a.pk for a in original})
        assert target.survey_questions.get().text == "Prêt à animer ?"

    def test_the_copied_quiz_grades_the_same_answers_the_same(
        self, deposited, justice_designer, justice, django_capture_on_commit_callbacks
    ):
        copy = _adapt(justice_designer, deposited, justice, django_capture_on_commit_callbacks)
        original = next(a for a in activities_of(deposited) if a.kind == "quiz")
        copied = next(a for a in activities_of(copy.target) if a.kind == "quiz")

        def answers(activity, pick):
            result = {}
            for question in Question.objects.filter(activity=activity).order_by("position"):
                choices = list(Choice.objects.filter(question=question).order_by("position", "pk"))
                if question.kind == "short":
                    result[str(question.pk)] = "liberté égalité fraternité"
                elif question.kind == "multiple":
                    result[str(question.pk)] = [str(c.pk) for c in choices[:pick]]
                else:
                    result[str(question.pk)] = str(choices[pick - 1].pk)
            return result

        for pick in (1, 2):
            assert (
                quiz_grade(copied, answers(copied, pick))[0]
                == quiz_grade(original, answers(original, pick))[0]
            )
        assert (copied.passing_score, copied.max_attempts) == (
            original.passing_score,
            original.max_attempts,
        )

    def test_the_copied_scorm_module_plays_the_same_files_stored_once(
        self, deposited, justice_designer, justice, media, django_capture_on_commit_callbacks
    ):
        before = stored_files(media)
        copy = _adapt(justice_designer, deposited, justice, django_capture_on_commit_callbacks)

        assert stored_files(media) == before  # not one byte stored again
        scorm = next(a for a in activities_of(copy.target) if a.kind == "scorm")
        original = Package.objects.get(training=deposited)
        assert scorm.scorm_package_link.package.training == copy.target
        assert scorm.scorm_package_link.package.pk != original.pk
        assert scorm.scorm_package_link.package.storage_prefix == original.storage_prefix
        # A learner of the copy plays the module from the content origin.
        learner = EnrolmentFactory(
            session=SessionFactory(training=copy.target), user=UserFactory()
        ).user
        token = content.grant_token(
            package_id=scorm.scorm_package_link.package.pk,
            user_id=learner.pk,
            app_origin="http://testserver",
        )
        response = Client().get(f"/paquet/{token}/index.html", headers={"host": "localhost:8000"})
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert response.status_code == HTTPStatus.OK
        assert body.decode() == SCO_12_HTML

    def test_pages_point_to_their_own_image_rows_on_the_same_files(
        self, deposited, justice_designer, justice, django_capture_on_commit_callbacks
    ):
        copy = _adapt(justice_designer, deposited, justice, django_capture_on_commit_callbacks)
        original = ActivityImage.objects.get(activity__section__training=deposited)
        copied = ActivityImage.objects.get(activity__section__training=copy.target)

        assert copied.pk != original.pk
        assert copied.image.name == original.image.name
        assert copied.alt == original.alt
        assert f"/apprendre/images/{copied.pk}/" in copied.activity.body
        assert f"/apprendre/images/{original.pk}/" not in copied.activity.body
        document = next(a for a in activities_of(copy.target) if a.kind == "file")
        with document.file.open("rb") as stored:
            assert stored.read() == b"%PDF-1.4 guide"

    def test_no_learner_data_is_copied(
        self, deposited, justice_designer, justice, django_capture_on_commit_callbacks
    ):
        copy = _adapt(justice_designer, deposited, justice, django_capture_on_commit_callbacks)
        target = copy.target

        assert not target.sessions.exists()
        assert not ActivityProgress.objects.filter(activity__section__training=target).exists()
        assert not QuizAttempt.objects.filter(activity__section__training=target).exists()
        assert not Runtime.objects.filter(activity__section__training=target).exists()
        assert not Thread.objects.filter(activity__section__training=target).exists()
        assert not SurveyResponse.objects.filter(training=target).exists()

    def test_the_copy_is_independent_of_its_original(
        self, deposited, justice_designer, justice, media, django_capture_on_commit_callbacks
    ):
        copy = _adapt(justice_designer, deposited, justice, django_capture_on_commit_callbacks)
        copied_page = activities_of(copy.target)[0]
        copied_page.title = "Présentation adaptée"
        copied_page.save()

        assert activities_of(deposited)[0].title == "Présentation"
        # Discarding the original's package (no activity uses it any more) keeps the files
        # the copy shares.
        original_package = Package.objects.get(training=deposited)
        scorm = next(a for a in activities_of(deposited) if a.kind == "scorm")
        Runtime.objects.filter(activity=scorm).delete()
        scorm.delete()
        files = stored_files(media)
        package_discard(package=original_package)
        assert not Package.objects.filter(pk=original_package.pk).exists()
        assert stored_files(media) == files

    def test_a_failing_copier_leaves_nothing_and_says_so(
        self, deposited, justice_designer, justice, django_capture_on_commit_callbacks
    ):
        def explode(context):
            raise RuntimeError("disk full")

        register_copier("explode", Copier(count=lambda t: 1, copy=explode), order=99)
        trainings = Training.objects.count()
        try:
            copy = _adapt(justice_designer, deposited, justice, django_capture_on_commit_callbacks)
        finally:
            COPIERS._entries.pop("explode")

        assert copy.state == CopyState.FAILED
        assert copy.target is None
        assert "rien n’a été créé" in copy.error
        assert Training.objects.count() == trainings

    def test_progress_is_reported_while_the_copy_runs(
        self, deposited, justice_designer, justice, django_capture_on_commit_callbacks
    ):
        seen = []

        def watch(context):
            copy = TrainingCopy.objects.get(source=context.source)
            seen.append(selectors.copy_progress(copy=copy))

        register_copier("watch", Copier(count=lambda t: 1, copy=watch), order=99)
        try:
            copy = _adapt(justice_designer, deposited, justice, django_capture_on_commit_callbacks)
        finally:
            COPIERS._entries.pop("watch")

        total = copy.units_total
        assert total == len(activities_of(deposited)) + 1 + 1 + 1 + 1  # + scorm, survey, watch
        assert 0 < seen[0].done < total
        assert 0 < seen[0].percent < 100
        assert selectors.copy_progress(copy=copy).percent == 100
        assert cache.get(selectors.progress_key(copy.pk)) is None


class TestRules:
    def test_only_a_deposited_training_can_be_adapted(
        self, rich_training, justice_designer, justice
    ):
        with pytest.raises(PermissionDenied):
            copy_request(
                actor=justice_designer,
                source=rich_training,
                kind=CopyKind.ADAPTATION,
                title="Copie",
                destination=justice,
            )

    def test_a_withdrawn_training_cannot_be_adapted(
        self, deposited, agri_designer, justice_designer, justice
    ):
        deposit_withdraw(actor=agri_designer, deposit=deposited.library_deposit)
        with pytest.raises(PermissionDenied):
            copy_request(
                actor=justice_designer,
                source=deposited,
                kind=CopyKind.ADAPTATION,
                title="Copie",
                destination=justice,
            )

    def test_a_copy_goes_only_into_the_actors_own_scope(
        self, deposited, justice_designer, agriculture
    ):
        with pytest.raises(ValidationError):
            copy_request(
                actor=justice_designer,
                source=deposited,
                kind=CopyKind.ADAPTATION,
                title="Copie",
                destination=agriculture,
            )
        assert not TrainingCopy.objects.exists()

    def test_an_empty_title_is_refused_and_nothing_is_asked(
        self, deposited, justice_designer, justice
    ):
        with pytest.raises(ValidationError):
            copy_request(
                actor=justice_designer,
                source=deposited,
                kind=CopyKind.ADAPTATION,
                title="   ",
                destination=justice,
            )
        assert not TrainingCopy.objects.exists()

    def test_only_its_editors_deposit_a_training(self, rich_training, justice_designer):
        with pytest.raises(PermissionDenied):
            deposit_save(
                actor=justice_designer,
                training=rich_training,
                description="Pas à moi",
                licence="cc-by",
            )

    def test_duplicate_stays_in_the_same_scope_and_names_its_origin(
        self, rich_training, agri_designer, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            copy = copy_request(
                actor=agri_designer,
                source=rich_training,
                kind=CopyKind.DUPLICATE,
                title="Classe virtuelle 2027",
            )
        copy.refresh_from_db()

        assert copy.target.producer == rich_training.producer
        assert copy.target.owner_entity == rich_training.owner_entity
        assert copy.target.slug != rich_training.slug
        assert selectors.origin_of(training=copy.target).source == rich_training

    def test_another_ministrys_designer_cannot_duplicate(self, rich_training, justice_designer):
        with pytest.raises(PermissionDenied):
            copy_request(
                actor=justice_designer,
                source=rich_training,
                kind=CopyKind.DUPLICATE,
                title="Copie",
            )


@pytest.mark.django_db
def test_a_multi_sco_package_is_copied_with_its_tree_and_the_activity_keeps_its_options():
    """The copy of a SCORM activity plays the same structure (every SCO, parents, rules)
    with the designer's options (attempts, grading, display)."""
    source, target = TrainingFactory(), TrainingFactory()
    package = package_import(training=source, uploaded_file=upload(multi_12()), actor=None)
    activity = ActivityFactory(
        section=SectionFactory(training=source),
        kind="scorm",
        scorm_package=package,
        completion_rule="scorm_completed",
    )
    Options.objects.create(
        activity=activity, max_attempts=3, grading=GradingMethod.AVERAGE, display=Display.WINDOW
    )

    copy_content(source=source, target=target)

    copied = Activity.objects.get(section__training=target, kind="scorm")
    assert copied.scorm_package_link.package.pk != package.pk

    def tree(p):
        return [
            (s.identifier, s.parent.identifier if s.parent else None, s.launch_path,
             s.prerequisites, s.mastery_score, s.visible)
            for s in p.scos.order_by("position")
        ]  # fmt: skip

    assert len(tree(package)) > 2
    assert tree(copied.scorm_package_link.package) == tree(package)
    assert not copied.scorm_package_link.package.scos.filter(parent__package=package).exists()
    options = Options.objects.get(activity=copied)
    assert (options.max_attempts, options.grading, options.display) == (
        3,
        GradingMethod.AVERAGE,
        Display.WINDOW,
    )
