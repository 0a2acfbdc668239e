"""Demo course content for every demo training (idempotent: trainings that already have
sections are left alone). One training also gets a real SCORM 1.2 module."""

from datetime import datetime, time

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from mentor.accounts.models import User
from mentor.catalog.models import Training
from mentor.catalog.permissions import tutor_candidates
from mentor.demo.scorm_package import demo_package_bytes
from mentor.enrolments.models import Enrolment
from mentor.learning.authoring import sanitise_html
from mentor.learning.models import Activity, Choice, Question, Section
from mentor.scorm.models import Attempt
from mentor.scorm.services import package_import, runtime_commit

SCORM_TRAINING_SLUGS = ("transition-ecologique-socle-commun",)


def _page_html(training: Training) -> str:
    objectives = "".join(
        f"<li>{line.lstrip('- ').strip()}</li>"
        for line in training.objectives.splitlines()
        if line.strip()
    )
    programme = "".join(
        f"<li>{line.lstrip('- ').strip()}</li>"
        for line in training.content.splitlines()
        if line.strip()
    )
    return sanitise_html(
        f"<p>{training.summary}</p>"
        + (f"<h2>Objectifs</h2><ul>{objectives}</ul>" if objectives else "")
        + (f"<h2>Programme</h2><ul>{programme}</ul>" if programme else "")
    )


def _quiz(section: Section, training: Training, others: list[str]) -> None:
    activity = Activity.objects.create(
        section=section,
        kind="quiz",
        title="Vérifier ses acquis",
        completion_rule="passed",
        passing_score=50,
        max_attempts=3,
        position=1,
        body="<p>Deux questions pour vérifier que vous avez bien lu la présentation.</p>",
    )
    q1 = Question.objects.create(
        activity=activity,
        kind="single",
        text="Qui produit cette formation ?",
        position=1,
        feedback=f"Elle est produite par {training.producer.name_with_article}.",
    )
    for i, name in enumerate([training.producer.name, *others[:2]]):
        Choice.objects.create(question=q1, text=name, correct=i == 0, position=(i * 7) % 3)
    q2 = Question.objects.create(
        activity=activity,
        kind="true_false",
        position=2,
        text=f"Cette formation dure {training.duration_hours.normalize():f} heures.",
    )
    Choice.objects.create(question=q2, text="Vrai", correct=True, position=0)
    Choice.objects.create(question=q2, text="Faux", correct=False, position=1)


@transaction.atomic
def load_demo_courses() -> int:
    producers = list(Training.objects.values_list("producer__name", flat=True).distinct())
    created = 0
    for training in Training.objects.filter(sections__isnull=True).select_related("producer"):
        intro = Section.objects.create(training=training, title="Découvrir", position=0)
        Activity.objects.create(
            section=intro,
            kind="page",
            title="Présentation",
            completion_rule="viewed",
            body=_page_html(training),
            position=0,
        )
        if training.modality in ("virtual_class", "webinar", "hybrid"):
            kind = "in_person" if training.modality == "hybrid" else "virtual_class"
            session = training.sessions.order_by("starts_on").last()
            when = (
                timezone.make_aware(datetime.combine(session.starts_on, time(10)))
                if session
                else None
            )
            Activity.objects.create(
                section=intro,
                kind=kind,
                title="Séance collective",
                completion_rule="attended",
                starts_at=when,
                ends_at=when.replace(hour=12) if when else None,
                place="Paris" if kind == "in_person" else "",
                join_url="https://webconf.numerique.gouv.fr/mentor-demo"
                if kind != "in_person"
                else "",
                position=1,
                required=False,
            )
        practice = Section.objects.create(
            training=training, title="S’exercer et échanger", position=1
        )
        _quiz(practice, training, [p for p in producers if p != training.producer.name])
        Activity.objects.create(
            section=practice,
            kind="forum",
            title="Échanger entre pairs",
            completion_rule="posted",
            body="<p>Partagez une question ou une pratique avec les autres participants de la session.</p>",
            required=False,
            position=2,
        )
        if training.slug in SCORM_TRAINING_SLUGS:
            _scorm(training, practice)
        created += 1
    _demo_tutoring()
    return created


DEMO_TUTOR = "tuteur@finances.gouv.fr"


def _demo_tutoring() -> None:
    """Name the demo tutor on the busiest session of each training they may tutor, so that
    signing in as them shows learners to follow (idempotent: adding a tutor twice is a
    no-op)."""

    tutor = User.objects.filter(email=DEMO_TUTOR).first()
    if tutor is None:
        return
    for training in Training.objects.order_by("pk"):
        if not tutor_candidates(training).filter(pk=tutor.pk).exists():
            continue
        session = (
            training.sessions.annotate(learners=Count("enrolments"))
            .filter(learners__gt=0)
            .order_by("-learners", "pk")
            .first()
        )
        if session is not None:
            session.tutors.add(tutor)


def _scorm(training: Training, section: Section) -> None:
    data = demo_package_bytes(
        slug=training.slug,
        title="Les gestes sobres au bureau",
        screens=[
            (
                "Pourquoi agir ?",
                "Le numérique et les bâtiments pèsent lourd dans l’empreinte de l’État.",
            ),
            (
                "Trois gestes",
                "Éteindre, mutualiser, réparer : des gestes simples aux effets mesurables.",
            ),
            (
                "À vous de jouer",
                "Choisissez un geste à adopter cette semaine et parlez-en à votre équipe.",
            ),
        ],
    )
    demo_scorm_activity(training=training, section=section, data=data, position=0)


def demo_scorm_activity(*, training: Training, section: Section, data: bytes, position: int):
    """Import a demo SCORM zip through the real import service and add it to the course
    (used by the demo data and by ``seed_scale``'s national training)."""
    package = package_import(
        training=training,
        uploaded_file=SimpleUploadedFile("module.zip", data, content_type="application/zip"),
        actor=None,
    )
    return Activity.objects.create(
        section=section,
        kind="scorm",
        title="Module interactif",
        completion_rule="scorm_completed",
        scorm_package=package,
        position=position,
    )


def load_demo_scorm_attempts() -> int:
    """A few learners of each demo SCORM module's session (the demo tutor's, else the
    busiest) have played it, through
    the real commit service, so that the tutor's SCORM report shows attempts, interactions
    and objectives (idempotent: a module already played by anyone is left alone, since later
    demo loaders enrol more people and would change which session is the busiest)."""
    created = 0
    for activity in Activity.objects.filter(kind="scorm", scorm_package__isnull=False):
        if Attempt.objects.filter(activity=activity).exists():
            continue
        sessions = activity.section.training.sessions.annotate(learners=Count("enrolments")).filter(
            learners__gt=0
        )
        session = (
            sessions.filter(tutors__email=DEMO_TUTOR).order_by("pk").first()
            or sessions.order_by("-learners", "pk").first()
        )
        if session is None:
            continue
        enrolments = Enrolment.objects.filter(
            session=session, status=Enrolment.Status.ACTIVE
        ).order_by("pk")[:3]
        for number, enrolment in enumerate(enrolments):
            finished = number < 2
            runtime_commit(
                enrolment=enrolment,
                activity=activity,
                payload={
                    "terminate": finished,
                    "cmi": {
                        "core": {
                            "lesson_status": "completed" if finished else "incomplete",
                            "score": {"raw": str(60 + 15 * number), "min": "0", "max": "100"},
                            "session_time": "00:04:30",
                            "lesson_location": "3",
                        },
                        "suspend_data": "page=3",
                        "interactions": {
                            "0": {
                                "id": "geste-sobre",
                                "type": "choice",
                                "student_response": "eteindre" if number else "imprimer",
                                "result": "correct" if number else "wrong",
                            }
                        },
                        "objectives": {
                            "0": {"id": "gestes", "status": "passed" if number else "failed"}
                        },
                    },
                },
            )
            created += 1
    return created
