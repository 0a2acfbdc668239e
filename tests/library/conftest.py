import pytest
from django.core.files.base import ContentFile

from mentor.accounts.models import Role
from mentor.learning.authoring import activity_image_add
from mentor.learning.models import Activity, ActivityProgress, QuizAttempt, Thread
from mentor.scorm.models import Runtime
from mentor.scorm.services import package_import
from mentor.surveys.models import SurveyQuestion, SurveyResponse
from tests.factories import SessionFactory, TrainingFactory, UserFactory, role_holder
from tests.learning.factories import ActivityFactory, EnrolmentFactory, SectionFactory, quiz
from tests.scorm.packages import upload, valid_12

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"
    b"\x90wS\xde\x00\x00\x00\x0cIDATx\x9cc\xf8\xcf\xc0\x00\x00\x03\x01\x01\x00\xc9\xfe\x92\xef"
    b"\x00\x00\x00\x00IEND\xaeB`\x82"
)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Files of each test in a fresh folder, so that "nothing stored twice" is checkable."""
    root = tmp_path / "media"
    root.mkdir()
    settings.MEDIA_ROOT = str(root)
    return root


def stored_files(root) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def _designer(entity, platform_admin, email):
    user = role_holder(Role.DESIGNER, entity, actor=platform_admin, email=email)
    user.refresh_from_db()
    return user


@pytest.fixture
def agri_designer(agriculture, platform_admin):
    return _designer(agriculture, platform_admin, "conceptrice@agriculture.gouv.fr")


@pytest.fixture
def justice_designer(justice, platform_admin):
    return _designer(justice, platform_admin, "concepteur@justice.gouv.fr")


@pytest.fixture
def rich_training(agriculture, agri_designer):
    """An Agriculture training with every kind of content — page with an image, document,
    quiz, SCORM module, extra survey question — and learner data on all of it."""
    training = TrainingFactory(
        title="Concevoir et animer une classe virtuelle",
        slug="classe-virtuelle",
        producer=agriculture,
        modality="hybrid",
        licence="cc-by-sa",
    )
    intro = SectionFactory(training=training, title="Introduction", position=1)
    practice = SectionFactory(training=training, title="Mise en pratique", position=2)
    page = ActivityFactory(section=intro, kind="page", title="Présentation", position=1)
    activity_image_add(
        actor=agri_designer,
        activity=page,
        upload=ContentFile(PNG, name="schema.png"),
        alt="Schéma d’une classe virtuelle",
    )
    document = ActivityFactory(section=intro, kind="file", title="Guide", position=2)
    document.file.save("guide.pdf", ContentFile(b"%PDF-1.4 guide"), save=True)
    quiz_activity, questions = quiz(practice)
    package = package_import(training=training, uploaded_file=upload(valid_12()), actor=None)
    scorm = ActivityFactory(
        section=practice,
        kind="scorm",
        title="Module interactif",
        completion_rule="scorm_completed",
        scorm_package=package,
        body="",
    )
    SurveyQuestion.objects.create(
        training=training, text="Prêt à animer ?", kind="yes_no", position=1
    )
    # Learner data, which must never travel.
    session = SessionFactory(training=training, title="Printemps")
    enrolment = EnrolmentFactory(session=session, user=UserFactory(entity=agriculture))
    ActivityProgress.objects.create(enrolment=enrolment, activity=page, status="completed")
    QuizAttempt.objects.create(
        enrolment=enrolment, activity=quiz_activity, number=1, score=50, passed=True
    )
    Runtime.objects.create(enrolment=enrolment, activity=scorm, lesson_status="completed")
    SurveyResponse.objects.create(
        user=enrolment.user,
        training=training,
        session=session,
        satisfaction=4,
        adapted=True,
        reuse=True,
    )
    Thread.objects.create(activity=page, session=session, author=enrolment.user, title="Question")
    return training


def activities_of(training) -> list[Activity]:
    return list(
        Activity.objects.filter(section__training=training).order_by(
            "section__position", "position", "pk"
        )
    )
