"""The demo learning path: the DGAFP's "Laïcité et valeurs de la République 2025".

It links the interministerial Laïcité session, the DGAFP's ethics module and two modules
produced by the Ministry of the Interior, and adds its own elements (a work-situation
activity, an experience feedback and a peer forum). ``agent@justice.gouv.fr`` completed
Laïcité in a 2023 session and sees it credited; ``agente@interieur.gouv.fr`` has not, follows
the current Laïcité session, and her work situation waits in the tutor's queue.
Idempotent: keyed by the path's slug.
"""

import datetime as dt

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from mentor.accounts.models import AttachmentChange, User
from mentor.accounts.services import user_attach
from mentor.attestations.models import Attestation
from mentor.attestations.services import attestation_issue
from mentor.catalog.models import Collection, PublicationState, Session, SessionState, Training
from mentor.catalog.search import index_fields, update_vector
from mentor.demo.enrolments import _demo_enrol
from mentor.demo.learning import DEMO_TUTOR
from mentor.enrolments.models import Enrolment
from mentor.learning.models import (
    Activity,
    ActivityProgress,
    Choice,
    Completion,
    ProgressStatus,
    Question,
    Section,
)
from mentor.organisations.models import Entity
from mentor.paths.models import (
    PathModule,
    PathPlan,
    PathSection,
    PlacementOutcome,
    PlacementRule,
    Submission,
)
from mentor.paths.selectors import path_plan, plan_modules

PATH_SLUG = "parcours-laicite-valeurs-republique-2025"
LAICITE = "laicite-et-fait-religieux"
#: (section, training slug, session title, required, validity in years)
MODULES = [
    ("Les fondamentaux", LAICITE, "Laïcité, édition en cours", True, 5),
    ("Les fondamentaux", "deontologie-prevenir-conflits-d-interets", "Accès permanent", True, None),
    ("Dans votre service", "gerer-situations-conflictuelles-accueil", "Groupe 2", False, None),
    ("Dans votre service", "organisation-territoriale-de-l-etat", "Accès permanent", False, None),
]

#: A minimal PDF: the demo deliverable of the Interior agent.
DEMO_DELIVERABLE = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)

PLACEMENT_QUESTIONS = [
    ("Un agent public peut porter un signe religieux dans l'exercice de ses fonctions.", False),
    ("Un usager peut porter un signe religieux dans un service public.", True),
    ("Un agent doit signaler un conflit d'intérêts à sa hiérarchie.", True),
    ("Un cadeau de faible valeur d'un usager est toujours acceptable.", False),
]


@transaction.atomic
def load_demo_paths() -> int:
    """Create the demo path once; return the number of paths."""
    if Training.objects.filter(slug=PATH_SLUG).exists():
        _demo_completed_path()
        return Training.objects.filter(is_path=True).count()
    slugs = {slug for _s, slug, *_rest in MODULES}
    sessions = {
        (s.training.slug, s.title): s
        for s in Session.objects.select_related("training").filter(training__slug__in=slugs)
    }
    if len(slugs) != len({slug for slug, _title in sessions}):
        return 0  # the demo offer is not loaded
    today = timezone.localdate()
    dgafp = Entity.objects.get(slug="dgafp")
    path = Training.objects.create(
        slug=PATH_SLUG,
        title="Laïcité et valeurs de la République 2025",
        summary=(
            "Le parcours national de la DGAFP sur la laïcité et les valeurs de la République : "
            "des modules existants de plusieurs ministères, une mise en situation de travail "
            "et un forum entre pairs. Les formations déjà suivies sont reprises."
        ),
        objectives=(
            "- Appliquer le principe de laïcité et l'obligation de neutralité\n"
            "- Prévenir les conflits d'intérêts\n"
            "- Réagir aux situations tendues avec les usagers"
        ),
        audience="Tous les agents de l'État.",
        duration_hours=14,
        modality="hybrid",
        producer=dgafp,
        is_path=True,
        state=PublicationState.PUBLISHED,
        published_at=timezone.now(),
        featured=True,
        keywords="parcours, laïcité, valeurs de la République, déontologie",
    )
    path.collections.set(Collection.objects.filter(slug="valeurs-republique"))
    for field, value in index_fields(path).items():
        setattr(path, field, value)
    path.save(update_fields=["search_text"])
    update_vector([path.pk])
    path_session = Session.objects.create(
        training=path,
        title="Parcours 2025",
        starts_on=today - dt.timedelta(days=60),
        ends_on=today + dt.timedelta(days=300),
        tutored=True,
    )
    tutor = User.objects.filter(email=DEMO_TUTOR).first()
    if tutor is not None:
        path_session.tutors.add(tutor)

    plan = PathPlan.objects.create(session=path_session, optional_minimum=1)
    sections: dict[str, PathSection] = {}
    for position, (section_title, slug, session_title, required, validity) in enumerate(MODULES):
        if section_title not in sections:
            sections[section_title] = PathSection.objects.create(
                plan=plan, title=section_title, position=len(sections)
            )
        PathModule.objects.create(
            section=sections[section_title],
            linked_session=sessions[(slug, session_title)],
            required=required,
            validity_years=validity,
            position=position,
        )

    # The placement quiz: a perfect score exempts from the ethics module, a low one
    # recommends the module on tense situations at the front desk.
    placement = Section.objects.create(training=path, title="Se positionner", position=0)
    quiz = Activity.objects.create(
        section=placement,
        kind="quiz",
        title="Questionnaire de prépositionnement",
        completion_rule="submitted",
        body="<p>Quelques questions pour adapter le parcours à ce que vous savez déjà.</p>",
        passing_score=50,
        position=0,
    )
    for number, (text, true) in enumerate(PLACEMENT_QUESTIONS, start=1):
        question = Question.objects.create(
            activity=quiz, kind="true_false", text=text, position=number
        )
        Choice.objects.create(question=question, text="Vrai", correct=true, position=0)
        Choice.objects.create(question=question, text="Faux", correct=not true, position=1)
    modules = {
        m.linked_session.training.slug: m
        for m in PathModule.objects.filter(section__plan=plan).select_related(
            "linked_session__training"
        )
    }
    PlacementRule.objects.create(
        module=modules["deontologie-prevenir-conflits-d-interets"],
        quiz=quiz,
        min_score=100,
        max_score=100,
        outcome=PlacementOutcome.EXEMPTED,
    )
    PlacementRule.objects.create(
        module=modules["gerer-situations-conflictuelles-accueil"],
        quiz=quiz,
        min_score=0,
        max_score=50,
        outcome=PlacementOutcome.RECOMMENDED,
    )

    # The path's own elements (its learners' space in the player).
    own = Section.objects.create(training=path, title="Mettre en pratique", position=1)
    work = Activity.objects.create(
        section=own,
        kind="work_situation",
        title="Mise en situation de travail",
        completion_rule="validated",
        body=(
            "<p>Dans votre service, repérez une situation où le principe de laïcité ou "
            "l'obligation de neutralité s'applique. Décrivez-la, puis la réponse apportée, "
            "dans un document que vous déposez ici : votre tuteur le valide.</p>"
        ),
        position=0,
    )
    Activity.objects.create(
        section=own,
        kind="feedback",
        title="Retour d'expérience",
        completion_rule="submitted",
        body="<p>Qu'allez-vous changer dans votre pratique ? Quelques lignes suffisent.</p>",
        required=False,
        position=2,
    )
    Activity.objects.create(
        section=own,
        kind="forum",
        title="Forum entre pairs du parcours",
        completion_rule="posted",
        body="<p>Partagez vos situations et vos questions avec les autres agents du parcours.</p>",
        required=False,
        position=1,
    )

    # The Justice agent completed Laïcité in 2023: a session of that year, finished.
    laicite = sessions[(LAICITE, "Laïcité, édition en cours")].training
    session_2023 = Session.objects.create(
        training=laicite,
        title="Laïcité, session 2023",
        starts_on=dt.date(2023, 1, 9),
        ends_on=dt.date(2023, 6, 30),
        tutored=True,
        state=SessionState.CLOSED,
    )
    justice = User.objects.filter(email="agent@justice.gouv.fr").first()
    interior = User.objects.filter(email="agente@interieur.gouv.fr").first()
    if justice is not None:
        done_at = dt.datetime(2023, 3, 12, 10, 30, tzinfo=dt.UTC)
        _demo_enrol(justice, session_2023.pk, at=done_at - dt.timedelta(days=40))
        enrolment = Enrolment.objects.get(user=justice, session=session_2023)
        Completion.objects.get_or_create(enrolment=enrolment, defaults={"completed_at": done_at})
        _enrol_once(justice, path_session)
    if interior is not None:
        _enrol_once(interior, path_session)
        _enrol_once(interior, sessions[(LAICITE, "Laïcité, édition en cours")])
        # Her work situation waits in the tutor's queue ("Travaux à valider").
        Submission.objects.create(
            enrolment=Enrolment.objects.get(user=interior, session=path_session),
            activity=work,
            text="Accueil d'une usagère portant un signe religieux au guichet.",
            file=ContentFile(DEMO_DELIVERABLE, name="mise-en-situation.pdf"),
            submitted_at=timezone.now() - dt.timedelta(days=2),
        )
    _demo_completed_path()
    return Training.objects.filter(is_path=True).count()


#: A Justice colleague who completed the path (Laïcité credited from 2023): her attestation
#: lists the modules on its public page, /attestations/verifier/<DEMO_PATH_ATTESTATION>/.
DEMO_PATH_GRADUATE = ("sophie.bernard@justice.gouv.fr", "Sophie", "Bernard")
DEMO_PATH_ATTESTATION = "MNT-2026-PARCRS25"


def _demo_completed_path() -> None:
    email, first_name, last_name = DEMO_PATH_GRADUATE
    path_session = Session.objects.filter(training__slug=PATH_SLUG, path_plan__isnull=False).first()
    if path_session is None or User.objects.filter(email=email).exists():
        return
    user = User.objects.create_user(email, None, first_name=first_name, last_name=last_name)
    user_attach(user=user, trigger=AttachmentChange.Trigger.SIGNUP)
    now = timezone.now()
    session_2023 = Session.objects.filter(
        training__slug=LAICITE, title="Laïcité, session 2023"
    ).first()
    if session_2023 is not None:
        done_at = dt.datetime(2023, 5, 22, 14, 0, tzinfo=dt.UTC)
        _demo_enrol(user, session_2023.pk, at=done_at - dt.timedelta(days=30))
        _demo_complete(user, session_2023, at=done_at)
    plan = path_plan(session_id=path_session.pk)
    for module in plan_modules(plan) if plan else []:
        slug = module.linked_session.training.slug
        if slug in (LAICITE, "gerer-situations-conflictuelles-accueil"):
            continue  # credited from 2023; the optional one left aside
        _demo_enrol(user, module.linked_session_id, at=now - dt.timedelta(days=50))
        _demo_complete(user, module.linked_session, at=now - dt.timedelta(days=20))
    _demo_enrol(user, path_session.pk, at=now - dt.timedelta(days=55))
    enrolment = Enrolment.objects.filter(user=user, session=path_session).first()
    if enrolment is None:
        return
    for activity in Activity.objects.filter(section__training=path_session.training, required=True):
        ActivityProgress.objects.create(
            enrolment=enrolment,
            activity=activity,
            status=ProgressStatus.COMPLETED,
            completed_at=now - dt.timedelta(days=10),
        )
    completion = Completion.objects.create(
        enrolment=enrolment, completed_at=now - dt.timedelta(days=10)
    )
    attestation = attestation_issue(completion=completion)
    if (
        attestation is not None
        and not Attestation.objects.filter(number=DEMO_PATH_ATTESTATION).exists()
    ):
        attestation.number = DEMO_PATH_ATTESTATION
        attestation.save(update_fields=["number"])


def _demo_complete(user: User, session: Session, *, at) -> None:
    enrolment = Enrolment.objects.filter(user=user, session=session).first()
    if enrolment is not None:
        Completion.objects.get_or_create(enrolment=enrolment, defaults={"completed_at": at})


def _enrol_once(user: User, session: Session) -> None:
    if not Enrolment.objects.filter(user=user, session=session).exists():
        _demo_enrol(user, session.pk, at=timezone.now())
