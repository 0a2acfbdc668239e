"""The Django side of the benchmark (imported after ``django.setup()`` with the stack's
environment): the fixtures Locust reads, the correctness checks after the run, the queries
per request of the main pages, the cost of one password check."""

import math
import random
import statistics
import time
from collections import Counter, defaultdict
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session as StoredSession
from django.db import connection
from django.db.models import Count, F, Q
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import get_random_string

from mentor.accounts.models import User
from mentor.attestations.models import Attestation
from mentor.catalog.models import Collection, PublicationState, Session, Training
from mentor.catalog.selectors import open_sessions_q
from mentor.demo.management.commands.seed_scale import NATIONAL_SLUG, PREFIX
from mentor.enrolments.models import Enrolment, EnrolmentEvent
from mentor.learning.models import Activity, ActivityProgress, Completion
from mentor.paths.models import PathModule, PathPlan, PathSection
from mentor.prescriptions.models import Assignment
from mentor.scorm.models import Attempt, Runtime, SharedObjective

SEARCH_TERMS = [
    "management", "numerique", "laïcité", "ecologique", "budget", "marchés publics",
    "accessibilité", "cyber", "recrutement", "prévention", "europe", "anglais", "concours",
    "immobilier", "données", "formations", "sobriété", "communication", "handicap", "projet",
]  # fmt: skip
TUTOR_PAGE_SIZE = 50
#: The national path: one module linking the national session, followed by the surge.
PATH_SLUG = f"{PREFIX}-national-path"
ROLE_SIZES = {"signed_in": 1000}


def _signed_in(users: list[User]) -> dict[int, str]:
    """Sessions as a sign-in leaves them (the first backend), written in bulk: the people of
    the signed-in pools arrive already signed in (as after ProConnect)."""
    store = SessionStore()
    expire = timezone.now() + timedelta(days=7)
    rows, keys = [], {}
    for user in users:
        key = get_random_string(32, "abcdefghijklmnopqrstuvwxyz0123456789")
        data = {
            SESSION_KEY: str(user.pk),
            BACKEND_SESSION_KEY: settings.AUTHENTICATION_BACKENDS[0],
            HASH_SESSION_KEY: user.get_session_auth_hash(),
        }
        rows.append(
            StoredSession(session_key=key, session_data=store.encode(data), expire_date=expire)
        )
        keys[user.pk] = key
    StoredSession.objects.bulk_create(rows, batch_size=5000)
    return keys


def _person(user: User, enrolment: int, key: str) -> dict:
    return {
        "email": user.email,
        "name": user.get_short_name(),  # what the header shows: the probes check it
        "enrolment": enrolment,
        "cookie": key,
        "csrf": get_random_string(32),
    }


def national() -> tuple[Training, Session, list[Activity]]:
    training = Training.objects.get(slug=NATIONAL_SLUG)
    activities = list(
        Activity.objects.filter(section__training=training).order_by(
            "section__position", "position", "pk"
        )
    )
    return training, training.sessions.get(), activities


def _reset_learning(enrolment_ids: list[int]) -> None:
    """Forget what earlier runs did in these enrolments (benchmark database only)."""
    from mentor.learning.models import QuizAttempt

    for model in (
        Attestation,
        Completion,
        Runtime,
        SharedObjective,
        Attempt,
        QuizAttempt,
        ActivityProgress,
    ):
        model.objects.filter(enrolment_id__in=enrolment_ids).delete()


def campaign_mail_as_sent() -> int:
    """The demo's national campaign assigns every agent, the 200,000 seeded ones included:
    left as seeded, its Celery worker would send their opening e-mails (200 a second) all
    through the run, a third of a core counted in every probe's app CPU and taken from every
    phase. Those e-mails are history of the seeded platform, like its enrolments: recorded
    as sent when assigned. Sending a campaign has a benchmark of its own
    (``bench/campaign_send_rate.py``). Returns how many were marked."""
    return Assignment.objects.filter(opening_sent_at__isnull=True, done_at__isnull=True).update(
        opening_sent_at=F("assigned_at")
    )


def national_path(session: Session, user_ids: list[int]) -> dict:
    """A path whose module links the national session, delivering an attestation, created
    once. The surge agents are not enrolled in it: each enrols live (a POST), then
    completes it live, on write, by finishing the national training. Their path enrolments
    of earlier runs are cancelled and its completions and attestations removed (benchmark
    database only), so that every run enrols them and completes the path afresh."""
    training = session.training
    path, _created = Training.objects.get_or_create(
        slug=PATH_SLUG,
        defaults={
            "title": "Parcours national (benchmark)",
            "summary": "Le parcours qui reprend la formation nationale.",
            "duration_hours": training.duration_hours,
            "modality": training.modality,
            "producer": training.producer,
            "is_path": True,
            "delivers_attestation": True,
            "state": PublicationState.PUBLISHED,
            "published_at": timezone.now(),
        },
    )
    if not path.delivers_attestation:  # a bench database seeded before it did
        path.delivers_attestation = True
        path.save(update_fields=["delivers_attestation"])
    path_session = path.sessions.order_by("pk").first() or Session.objects.create(
        training=path,
        title="Parcours national",
        starts_on=session.starts_on,
        ends_on=session.ends_on,
    )
    plan, _created = PathPlan.objects.get_or_create(session=path_session)
    section, _created = PathSection.objects.get_or_create(plan=plan, title="Formation nationale")
    PathModule.objects.get_or_create(section=section, linked_session=session)
    # ``load_demo`` gives every training without content a demo course, paths included;
    # the surge does not follow it: the path's own elements are optional here, so that the
    # national module alone completes the path.
    Activity.objects.filter(section__training=path, required=True).update(required=False)
    enrolments = Enrolment.objects.filter(session=path_session, user_id__in=user_ids)
    Attestation.objects.filter(enrolment__in=enrolments).delete()
    Completion.objects.filter(enrolment__in=enrolments).delete()
    enrolments.update(status=Enrolment.Status.CANCELLED, cancelled_at=timezone.now())
    active = Enrolment.objects.filter(session=path_session, status=Enrolment.Status.ACTIVE)
    Session.objects.filter(pk=path_session.pk).update(seats_taken=active.count())
    return {"slug": PATH_SLUG, "session": path_session.pk}


def prepare(*, password: str, password_users: int, surge_users: int) -> dict:
    """Everything the Locust users need, and a snapshot for the checks afterwards."""
    StoredSession.objects.all().delete()  # a clean slate: only this run's sessions
    training, session, activities = national()
    scorm = next(a for a in activities if a.kind == "scorm")
    quiz = next(a for a in activities if a.kind == "quiz")
    answers = {
        str(q.pk): str(next(c.pk for c in q.choices.all() if c.correct))
        for q in quiz.questions.prefetch_related("choices")
    }
    learners = list(
        Enrolment.objects.filter(session=session, status=Enrolment.Status.ACTIVE)
        .select_related("user")
        .order_by("user__email")
    )
    # The seeder started 30 % of the national learners (``e.id % 20 < 6``); the surge takes
    # the others, and their learning rows from earlier benchmark runs are removed, so every
    # run releases the training to agents who have not opened it yet.
    accounts, rest = learners[:password_users], learners[password_users:]
    signed_in = rest[: ROLE_SIZES["signed_in"]]
    fresh = [e for e in rest[ROLE_SIZES["signed_in"] :] if e.pk % 20 >= 6]
    if len(fresh) < surge_users + 1:
        raise SystemExit(
            f"Only {len(fresh)} national learners for the surge: seed more "
            "(--national-learners) or lower --surge-users"
        )
    _reset_learning([e.pk for e in fresh[: surge_users + 1]])
    surge = fresh[:surge_users]
    racer = fresh[surge_users]
    keys = _signed_in([e.user for e in signed_in + surge] + [racer.user])
    tutor = session.tutors.get()
    tutor_key = _signed_in([tutor])[tutor.pk]
    today = timezone.localdate()
    open_sessions = list(
        Session.objects.filter(
            open_sessions_q(),
            capacity__isnull=True,
            training__slug__startswith=f"{PREFIX}-0",
            training__owner_entity__isnull=True,
            training__state=PublicationState.PUBLISHED,
            starts_on__lte=today + timedelta(days=60),
        ).values("id", "training__slug")[:3000]
    )
    trainings = list(
        Training.objects.filter(
            state=PublicationState.PUBLISHED, owner_entity__isnull=True
        ).values_list("slug", flat=True)
    )
    learners_count = len(learners)
    reporting = _reporting(trainings)
    path = national_path(session, [e.user_id for e in surge])
    return {
        "reporting": reporting,
        "path": path,
        "password": password,
        "accounts": [{"email": e.user.email, "enrolment": e.pk} for e in accounts],
        "signed_in": [_person(e.user, e.pk, keys[e.user.pk]) for e in signed_in],
        "surge": [_person(e.user, e.pk, keys[e.user.pk]) for e in surge],
        "racer": _person(racer.user, racer.pk, keys[racer.user.pk]),
        "tutor": {
            "cookie": tutor_key,
            "csrf": get_random_string(32),
            "session": session.pk,
            "pages": math.ceil(learners_count / TUTOR_PAGE_SIZE),
        },
        "national": {
            "session": session.pk,
            "page_activities": [a.pk for a in activities if a.kind == "page"],
            "scorm_activity": scorm.pk,
            "quiz_activity": quiz.pk,
            "quiz_answers": answers,
            "last_activity": activities[-1].pk,
            "learners": learners_count,
        },
        "open_sessions": [{"id": s["id"], "training": s["training__slug"]} for s in open_sessions],
        "collections": list(Collection.objects.values_list("slug", flat=True)),
        "search_terms": SEARCH_TERMS,
        "trainings": random.sample(trainings, min(500, len(trainings))),
        "snapshot": {
            "commits": {
                str(k): v
                for k, v in Runtime.objects.filter(activity=scorm).values_list(
                    "enrolment_id", "commits"
                )
            }
        },
    }


def _reporting(trainings: list[str]) -> dict:
    """The reporting phase's people: a platform admin (national figures) and the space
    admin of the ministry with the most synthetic agents, each signed in and holding a
    personal API token; the rollups brought up to date and the usual dashboards computed
    into the cache (the Celery beat job does both in production: ``rollups_refresh_task``)."""
    from mentor.accounts.models import Role
    from mentor.accounts.services import role_grant
    from mentor.api.models import ApiToken
    from mentor.api.services import api_token_create
    from mentor.organisations.models import Entity
    from mentor.reporting.rollups import rollups_refresh
    from mentor.reporting.selectors import warm_dashboards

    rollups_refresh()
    ministry = (
        Entity.objects.filter(depth=0).annotate(n=Count("members")).order_by("-n", "slug").first()
    )
    admin, _ = User.objects.get_or_create(
        email=f"{PREFIX}.reporting.admin@bench.invalid",
        defaults={"is_superuser": True, "is_staff": True},
    )
    referent, created = User.objects.get_or_create(
        email=f"{PREFIX}.reporting.referent@bench.invalid", defaults={"entity": ministry}
    )
    if created:
        role_grant(actor=admin, user=referent, role=Role.SPACE_ADMIN, entity=ministry)
    warm_dashboards()  # the national one and each space admin's, the referent's included
    ApiToken.objects.filter(user__in=[admin, referent]).delete()
    keys = _signed_in([admin, referent])
    return {
        "ministry": ministry.slug,
        "training": trainings[0] if trainings else "",
        "admin": {"cookie": keys[admin.pk], "csrf": get_random_string(32)},
        "referent": {"cookie": keys[referent.pk], "csrf": get_random_string(32)},
        "admin_token": api_token_create(user=admin, name="bench")[1],
        "referent_token": api_token_create(user=referent, name="bench")[1],
    }


def data_counts() -> dict:
    return {
        "trainings": Training.objects.count(),
        "sessions": Session.objects.count(),
        "agents": User.objects.filter(entity__isnull=False).count(),
        "enrolments": Enrolment.objects.count(),
        "progress_rows": ActivityProgress.objects.count(),
        "completions": Completion.objects.count(),
    }


# --- correctness after the run ---------------------------------------------------------------


def check_acks(fixtures: dict, acks: dict) -> dict:
    """Every acknowledged enrolment, SCORM commit and completion is in the database exactly
    once; seat counters match the enrolments."""
    problems: list[str] = []
    pairs = {(email, session) for email, session in acks["enrolments"]}
    users = dict(User.objects.filter(email__in={e for e, _s in pairs}).values_list("email", "pk"))
    found = Counter(
        Enrolment.objects.filter(
            user_id__in=users.values(), session_id__in={s for _e, s in pairs}, status="active"
        ).values_list("user_id", "session_id")
    )
    missing = [p for p in pairs if found[(users.get(p[0]), p[1])] != 1]
    if missing:
        problems.append(f"{len(missing)} acknowledged enrolments not found exactly once")
    touched = {s for _e, s in pairs}
    drift = list(
        Session.objects.filter(pk__in=touched)
        .annotate(active=Count("enrolments", filter=Q(enrolments__status="active")))
        .exclude(seats_taken=F("active"))
        .values_list("pk", flat=True)
    )
    if drift:
        problems.append(f"{len(drift)} sessions whose seat counter differs from their enrolments")

    scorm = fixtures["national"]["scorm_activity"]
    sent: dict[int, set] = defaultdict(set)
    acked: dict[int, set] = defaultdict(set)
    for enrolment, _activity, attempt, sequence in acks["sent"]:
        sent[enrolment].add((attempt, sequence))
    for enrolment, _activity, attempt, sequence in acks["commits"]:
        acked[enrolment].add((attempt, sequence))
    after = dict(
        Runtime.objects.filter(activity_id=scorm, enrolment_id__in=sent).values_list(
            "enrolment_id", "commits"
        )
    )
    before = fixtures["snapshot"]["commits"]
    # Stored once each: every acknowledged commit is there, and no more than were sent
    # (retries of the same commit, sent on purpose, never count twice). A commit the
    # client gave up on (the run ended) may or may not have been stored.
    wrong = [
        e
        for e in sent
        if not len(acked[e]) <= after.get(e, 0) - before.get(str(e), 0) <= len(sent[e])
    ]
    if wrong:
        problems.append(
            f"{len(wrong)} learners whose stored commits are not their acknowledged ones"
        )

    completed = set(acks["completions"])
    completions = Counter(
        Completion.objects.filter(enrolment_id__in=completed).values_list("enrolment_id", flat=True)
    )
    attestations = Counter(
        Attestation.objects.filter(enrolment_id__in=completed).values_list(
            "enrolment_id", flat=True
        )
    )
    not_once = [e for e in completed if completions[e] != 1]
    no_attestation = [e for e in completed if attestations[e] != 1]
    if not_once:
        problems.append(f"{len(not_once)} finished learners without exactly one completion")
    if no_attestation:
        problems.append(f"{len(no_attestation)} finished learners without exactly one attestation")
    # The national path, enrolled in live and completed live by the same write: exactly
    # one path completion and one path attestation per finished agent who enrolled in it.
    path_session = fixtures["path"]["session"]
    path_users = User.objects.filter(email__in={e for e, s in pairs if s == path_session})
    finishers = set(
        Enrolment.objects.filter(pk__in=completed, user__in=path_users).values_list(
            "user_id", flat=True
        )
    )
    path_enrolments = Enrolment.objects.filter(session_id=path_session, user_id__in=finishers)
    path_completions = Counter(
        Completion.objects.filter(enrolment__in=path_enrolments).values_list(
            "enrolment__user_id", flat=True
        )
    )
    path_attestations = Counter(
        Attestation.objects.filter(enrolment__in=path_enrolments).values_list(
            "enrolment__user_id", flat=True
        )
    )
    path_not_once = [u for u in finishers if path_completions[u] != 1]
    if path_not_once:
        problems.append(
            f"{len(path_not_once)} finished path learners without exactly one path completion"
        )
    path_no_attestation = [u for u in finishers if path_attestations[u] != 1]
    if path_no_attestation:
        problems.append(
            f"{len(path_no_attestation)} finished path learners without exactly one "
            "path attestation"
        )
    return {
        "acknowledged_enrolments": len(pairs),
        "acknowledged_commits": sum(len(c) for c in acked.values()),
        "commits_sent_twice": len(acks["retried"]),
        "learners_committing": len(sent),
        "acknowledged_completions": len(completed),
        "attestations_issued": sum(attestations.values()),
        "path_enrolments": len(path_users),
        "path_finishers": len(finishers),
        "path_completions": sum(path_completions.values()),
        "path_attestations": sum(path_attestations.values()),
        "problems": problems,
        "ok": not problems,
    }


def race_state(*, email: str, session_id: int) -> dict:
    user = User.objects.get(email=email)
    enrolments = Enrolment.objects.filter(user=user, session_id=session_id)
    return {
        "enrolments": enrolments.count(),
        "active": enrolments.filter(status="active").count(),
        "events": EnrolmentEvent.objects.filter(enrolment__in=enrolments, kind="enrolled").count(),
        "seats_taken": Session.objects.get(pk=session_id).seats_taken,
    }


def race_session(*, email: str, open_sessions: list[dict]) -> int:
    user = User.objects.get(email=email)
    mine = set(Enrolment.objects.filter(user=user).values_list("session_id", flat=True))
    return next(s["id"] for s in open_sessions if s["id"] not in mine)


def vacuum_analyze() -> dict:
    """Every run resets what the earlier one did (enrolments cancelled, progress, sessions,
    daily figures rewritten): dead rows that production's autovacuum clears as it goes. A
    machine may run PostgreSQL without it (``autovacuum = off``, as CI machines here do):
    then each run would start slower than the one before. So the run starts from the state
    a maintained database is in: dead rows cleared, statistics fresh."""
    started = time.monotonic()
    with connection.cursor() as cursor:
        cursor.execute("SHOW autovacuum")
        autovacuum = cursor.fetchone()[0]
        cursor.execute("VACUUM (ANALYZE)")
    return {"autovacuum": autovacuum, "seconds": round(time.monotonic() - started, 1)}


# --- queries per request ---------------------------------------------------------------------


def queries_per_request(fixtures: dict) -> dict:
    """Database queries of one request to each main page, cache warm (the second call), as
    the production settings run them, measured in-process with Django's test client."""
    national_ = fixtures["national"]
    person = fixtures["signed_in"][0]
    learner = User.objects.get(email=person["email"])
    tutor = Session.objects.get(pk=national_["session"]).tutors.get()
    surge_learner = User.objects.get(email=fixtures["surge"][0]["email"])
    enrolment = person["enrolment"]
    pages = [
        ("home (visitor)", None, reverse("catalog:home")),
        (
            "catalogue listing (visitor)",
            None,
            reverse("catalog:list") + f"?collection={fixtures['collections'][0]}",
        ),
        ("search (visitor)", None, reverse("catalog:list") + "?q=ecologique"),
        (
            "training sheet (visitor)",
            None,
            reverse("catalog:training", args=[fixtures["trainings"][0]]),
        ),
        ("home (signed-in agent)", learner, reverse("catalog:home")),
        ("mes formations (agent)", learner, reverse("enrolments:mine")),
        (
            "player page (agent)",
            learner,
            f"/apprendre/{enrolment}/{national_['page_activities'][0]}/",
        ),
        ("player SCORM (agent)", learner, f"/apprendre/{enrolment}/{national_['scorm_activity']}/"),
        ("path page (surge agent)", surge_learner, f"/parcours/{fixtures['path']['slug']}/"),
        (
            "tutor progress page (20,000 learners)",
            tutor,
            f"/apprendre/tutorat/{national_['session']}/?page=7",
        ),
    ]
    result = {}
    for name, user, url in pages:
        client = Client(HTTP_X_FORWARDED_FOR="10.9.9.9")
        if user is not None:
            client.force_login(user)
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        result[name] = {"queries": len(queries), "status": response.status_code}
    return result


def password_check_seconds(samples: int = 10) -> float:
    """Median time of one password check with the production hasher (Argon2id)."""
    from django.contrib.auth.hashers import check_password, make_password

    encoded = make_password("un mot de passe de test assez long")
    times = []
    for _ in range(samples):
        started = time.perf_counter()
        check_password("un mot de passe de test assez long", encoded)
        times.append(time.perf_counter() - started)
    return statistics.median(times)
