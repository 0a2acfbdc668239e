"""Demo course content for every demo training (idempotent: trainings that already have
sections are left alone). One training also gets a real multi-SCO SCORM 2004 course."""

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
from mentor.scorm.selectors import package_scos
from mentor.scorm.services import (
    activity_package_attach,
    attempt_start_new,
    package_import,
    runtime_commit,
)

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
    activity = Activity.objects.create(
        section=section,
        kind="scorm",
        title="Module interactif",
        completion_rule="scorm_completed",
        position=position,
    )
    activity_package_attach(activity=activity, package=package)
    return activity


def load_demo_scorm_attempts() -> int:
    """A few learners of each demo SCORM module's session (the demo tutor's, else the
    busiest) have played it, through
    the real commit service, so that the tutor's SCORM report shows attempts, interactions
    and objectives (idempotent: a module already played by anyone is left alone, since later
    demo loaders enrol more people and would change which session is the busiest). Only the
    demo's own multi-SCO modules: other SCORM activities in the database (``seed_scale``'s
    single-SCO national module, a course someone uploaded) have no lessons nor quiz to play."""
    created = 0
    for activity in Activity.objects.filter(
        kind="scorm",
        scorm_package_link__isnull=False,
        section__training__slug__in=SCORM_TRAINING_SLUGS,
    ):
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
        ).order_by("pk")[:4]
        # Four learners: one took the course twice (2, then 3 good answers out of 3), one
        # passed it at once, one failed the quiz (the closing part stays locked), one
        # stopped in the middle of the second lesson.
        plans = [[2, 3], [3], [1], [None]]
        for enrolment, plan in zip(enrolments, plans, strict=False):
            for number, right in enumerate(plan, start=1):
                _demo_attempt(enrolment, activity, number=number, right=right)
            created += 1
    return created


def _demo_attempt(enrolment, activity, *, number: int, right: int | None) -> None:
    """One attempt at the demo course through the real commit service: every lesson, then
    the quiz with ``right`` good answers out of 3 and, when passed, the closing SCO; with
    ``right`` None, the learner stopped in the middle of the second lesson."""
    scos = [sco for sco in package_scos(activity=activity) if sco.launchable]
    lessons = [sco for sco in scos if sco.identifier.startswith("lecon-")]
    by_id = {sco.identifier: sco for sco in scos}
    if number > 1:
        attempt_start_new(enrolment=enrolment, activity=activity)

    def commit(sco, cmi: dict, *, terminate: bool = True, nav: str = "continue") -> None:
        runtime_commit(
            enrolment_id=enrolment.pk,
            activity=activity,
            sco=sco,
            attempt_number=number,
            payload={"terminate": terminate, "nav_request": nav if terminate else "", "cmi": cmi},
        )

    done = {
        "completion_status": "completed",
        "exit": "normal",
        "session_time": "PT3M",
        "location": "1",
    }
    if right is None:
        commit(lessons[0], done)
        commit(
            lessons[1],
            {
                "completion_status": "incomplete",
                "exit": "suspend",
                "session_time": "PT1M",
                "location": "0",
            },
            nav="suspendAll",
        )
        return
    for lesson in lessons:
        commit(lesson, done)
    answers = [n < right for n in range(3)]
    scaled = f"{right / 3:.4f}"
    passed = right >= 2
    commit(
        by_id["quiz"],
        {
            "completion_status": "completed",
            "success_status": "passed" if passed else "failed",
            "session_time": "PT2M",
            "score": {"scaled": scaled, "raw": str(right), "min": "0", "max": "3"},
            "interactions": {
                str(n): {
                    "id": f"question-{n + 1}",
                    "type": "choice",
                    "learner_response": "choix-0" if good else "choix-1",
                    "correct_responses": {"0": {"pattern": "choix-0"}},
                    "result": "correct" if good else "incorrect",
                }
                for n, good in enumerate(answers)
            },
            "objectives": {
                "0": {
                    "id": "gestes-sobres",
                    "success_status": "passed" if passed else "failed",
                    "score": {"scaled": scaled},
                }
            },
        },
    )
    if passed and "engagement" in by_id:
        commit(by_id["engagement"], done, nav="exitAll")
