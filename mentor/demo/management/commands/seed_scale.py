"""Generate large synthetic data fast, for benchmarks.

    python manage.py seed_scale --agents 200000 --trainings 1000 --enrolments 1000000

What it makes, all named with the ``scale`` prefix so it never touches real rows:

- agents spread over every entity that has an e-mail domain (verified addresses);
- published trainings across the collections (a fifth internal to an entity), each with a
  few sessions (past, current, upcoming) and a small course (page, quiz, synthesis page);
- enrolments of random agents in unlimited sessions, with their "enrolled" events;
- a realistic share of learning rows for sessions that have started: 80 % of those learners
  began (progress rows), 65 % finished (every activity completed + a completion row);
- one national training (``scale-national``) whose open session holds the first
  ``--national-learners`` agents, with a real SCORM 1.2 module and a tutor
  (``scale.tutor@<domain>``): the surge and the tutor's 20,000-learner view use it.

Fast: users and trainings go through ``bulk_create`` in batches, enrolments through
PostgreSQL's COPY (``bulk_create`` elsewhere), progress and completions through
``INSERT … SELECT`` in the database. 200,000 agents and 1,000,000 enrolments take about two
minutes on two cores. Idempotent: each step counts the rows it made earlier and only adds
the missing ones, so a second run with the same numbers adds nothing. Synthetic agents
cannot sign in, except the first ``--password-users`` ones (password ``--password``).
"""

import random
import time
from collections.abc import Iterable
from datetime import timedelta
from decimal import Decimal

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from mentor.accounts.models import User
from mentor.catalog.models import Collection, Modality, PublicationState, Session, Training
from mentor.catalog.search import fold
from mentor.demo.learning import demo_scorm_activity
from mentor.demo.scorm_package import single_sco_package_bytes
from mentor.enrolments.models import Enrolment, EnrolmentEvent
from mentor.learning.models import Activity, ActivityProgress, Choice, Completion, Question, Section
from mentor.organisations.models import Entity
from mentor.reporting.rollups import rollups_refresh

PREFIX = "scale"
#: Agents are numbered on this many digits (``scale.00000042@…``), so that every agent's
#: address starts with ``scale.0`` (how the seed finds them, apart from the tutor) up to
#: 99,999,999 agents. Seven digits missed every agent from the millionth up.
AGENT_DIGITS = 8
NATIONAL_SLUG = f"{PREFIX}-national"
WORDS = (
    "management achat public numérique données laïcité écologie climat sobriété budget "
    "comptabilité recrutement handicap accessibilité sécurité cyber juridique contrat marché "
    "communication usagers accueil santé travail prévention risques égalité diversité europe "
    "anglais concours rédaction administratif immobilier transformation innovation projet"
).split()


def tutor_email(entity: Entity) -> str:
    return f"{PREFIX}.tutor@{entity.domains.all()[0].domain}"


class Command(BaseCommand):
    help = "Generate synthetic agents, trainings, sessions, enrolments and progress for benchmarks."

    def add_arguments(self, parser):
        parser.add_argument("--agents", type=int, default=1000)
        parser.add_argument("--trainings", type=int, default=100)
        parser.add_argument("--enrolments", type=int, default=5000)
        parser.add_argument("--sessions-per-training", type=int, default=3)
        parser.add_argument("--national-learners", type=int, default=0)
        parser.add_argument("--batch", type=int, default=5000)
        parser.add_argument("--password-users", type=int, default=100)
        parser.add_argument("--password", default="bench-password-2026")
        parser.add_argument("--seed", type=int, default=42)
        parser.add_argument(
            "--set-based",
            action="store_true",
            help=(
                "PostgreSQL only: agents and enrolments written by INSERT … SELECT over "
                "generate_series (no Python row per agent or enrolment), enrolments and "
                "learning spread over the last 12 months at office hours, then the reporting "
                "rollups refreshed. For --agents 2500000 --enrolments 10000000."
            ),
        )

    def handle(self, *args, **o):
        entities = list(Entity.objects.exclude(domains=None).prefetch_related("domains"))
        if not entities:
            raise CommandError("Load the organisations first: python manage.py load_demo")
        if o["national_learners"] > o["agents"]:
            raise CommandError("--national-learners cannot exceed --agents")
        self.rng = random.Random(o["seed"])  # noqa: S311  (synthetic data)
        self.batch = o["batch"]
        self.set_based = o["set_based"]
        if self.set_based and connection.vendor != "postgresql":
            raise CommandError("--set-based needs PostgreSQL")
        started = time.monotonic()
        if self.set_based:
            self._agents_set_based(o["agents"], entities, o["password_users"], o["password"])
        else:
            self._agents(o["agents"], entities, o["password_users"], o["password"])
        self._trainings(o["trainings"], entities, o["sessions_per_training"])
        self._courses()
        if self.set_based:
            self._enrolments_set_based(o["enrolments"])
        else:
            self._enrolments(o["enrolments"])
        if o["national_learners"]:
            self._national(o["national_learners"], entities, o["password"])
        self._learning_rows()
        if connection.vendor == "postgresql":
            # Fresh statistics: bulk loads leave the planner guessing (16 rows for a session
            # of 20,000) until autovacuum comes by.
            self._sql("ANALYZE", [])
        if self.set_based:
            rolled = time.monotonic()
            rollups_refresh()
            self.stdout.write(f"reporting rollups refreshed in {time.monotonic() - rolled:.0f}s")
        self.stdout.write(f"seed_scale done in {time.monotonic() - started:.0f}s")

    # --- writing fast -----------------------------------------------------------------
    def _copy(self, model, columns: list[str], rows: Iterable[tuple]) -> int:
        """Insert plain rows: COPY on PostgreSQL, bulk_create elsewhere."""
        rows = list(rows)
        if connection.vendor == "postgresql":
            table = model._meta.db_table
            with connection.cursor() as cursor:
                with cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
        else:
            model.objects.bulk_create(
                [model(**dict(zip(columns, row, strict=True))) for row in rows],
                batch_size=self.batch,
            )
        return len(rows)

    def _sql(self, sql: str, params: list) -> int:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.rowcount

    # --- agents -----------------------------------------------------------------------
    def _agents(self, wanted: int, entities, password_users: int, password: str) -> None:
        have = User.objects.filter(email__startswith=f"{PREFIX}.0").count()
        if have >= wanted:
            self.stdout.write(f"agents: {have} already there")
            return
        hashed = make_password(password)  # one hash for all: a benchmark, not real accounts
        unusable = make_password(None)
        now = timezone.now()
        categories = ["A+", "A", "A", "B", "B", "B", "C", "C", ""]
        for start in range(have, wanted, self.batch):
            rows = []
            for i in range(start, min(start + self.batch, wanted)):
                entity = entities[i % len(entities)]
                domain = entity.domains.all()[0].domain
                rows.append(
                    User(
                        email=f"{PREFIX}.{i:0{AGENT_DIGITS}d}@{domain}",
                        # A first name of its own: the header shows it, and the bench
                        # checks each signed-in page names its person.
                        first_name=f"Agent{i:0{AGENT_DIGITS}d}",
                        last_name=f"{i:0{AGENT_DIGITS}d}",
                        entity=entity,
                        password=hashed if i < password_users else unusable,
                        category=self.rng.choice(categories),
                        employment_status=self.rng.choice(["titulaire", "contractuel", ""]),
                        date_joined=now - timedelta(days=self.rng.randint(0, 1500)),
                    )
                )
            with transaction.atomic():
                User.objects.bulk_create(rows, batch_size=self.batch)
            self.stdout.write(f"agents: {min(start + self.batch, wanted)}/{wanted}")
        self._verified_addresses()

    def _agents_set_based(self, wanted: int, entities, password_users: int, password: str):
        """Agents ``have`` … ``wanted - 1`` in one INSERT … SELECT over generate_series:
        entity, category, status, gender and sign-up date drawn from the number itself
        (deterministic), addresses verified in a second statement."""
        have = User.objects.filter(email__startswith=f"{PREFIX}.0").count()
        if have >= wanted:
            self.stdout.write(f"agents: {have} already there")
            return
        ids = [e.pk for e in entities]
        domains = [e.domains.all()[0].domain for e in entities]
        user, address = User._meta.db_table, EmailAddress._meta.db_table
        with transaction.atomic():
            added = self._sql(
                f"INSERT INTO {user} (email, first_name, last_name, entity_id, password, "  # noqa: S608
                "attachment_source, category, employment_status, gender, agent_id, is_staff, "
                "is_superuser, is_active, session_epoch, date_joined) "
                "SELECT format('scale.%%s@%%s', lpad(g::text, %s, '0'), "
                "(%s::text[])[1 + g %% %s]), 'Agent' || lpad(g::text, %s, '0'), lpad(g::text, %s, '0'), "
                "(%s::int[])[1 + g %% %s], %s, 'automatic', "
                "(ARRAY['A+','A','A','B','B','B','C','C',''])[1 + (g * 7) %% 9], "
                "(ARRAY['titulaire','titulaire','contractuel',''])[1 + (g * 11) %% 4], "
                "(ARRAY['female','female','male','male','other',''])[1 + (g * 13) %% 6], "
                "'', false, false, true, 0, "
                "now() - make_interval(days => ((g * 7919) %% 1500)::int, "
                "secs => ((g * 31) %% 86400)::int) "
                "FROM generate_series(%s::bigint, %s::bigint) AS g",
                [AGENT_DIGITS, domains, len(domains), AGENT_DIGITS, AGENT_DIGITS]
                + [ids, len(ids), make_password(None), have, wanted - 1],
            )
            self._sql(
                f'INSERT INTO {address} (user_id, email, verified, "primary") '  # noqa: S608
                f"SELECT u.id, u.email, true, true FROM {user} u "
                "WHERE u.email LIKE 'scale.%%' AND NOT EXISTS "
                f"(SELECT 1 FROM {address} a WHERE a.user_id = u.id)",
                [],
            )
            User.objects.filter(
                email__in=[
                    f"{PREFIX}.{i:0{AGENT_DIGITS}d}@{domains[i % len(domains)]}"
                    for i in range(min(password_users, wanted))
                ]
            ).update(password=make_password(password))
        self.stdout.write(f"agents: {have + added}/{wanted} (set-based)")

    def _enrolments_set_based(self, wanted: int) -> None:
        """Enrolments ``have`` … ``wanted - 1`` in one INSERT … SELECT: number ``k`` enrols
        agent ``k mod U`` in session ``(k mod U) * 7919 + k div U`` (mod S), so a pair never
        repeats while ``wanted <= U * S``; dated over the last 365 days, at office hours
        mostly (a weighted table of hours, weekends quieter)."""
        scale = Enrolment.objects.filter(
            user__email__startswith=f"{PREFIX}.", session__training__slug__startswith=f"{PREFIX}-0"
        )
        have = scale.count()
        if have >= wanted:
            self.stdout.write(f"enrolments: {have} already there")
            return
        users = User.objects.filter(email__startswith=f"{PREFIX}.0").count()
        sessions = Session.objects.filter(
            capacity__isnull=True, training__slug__startswith=f"{PREFIX}-0"
        ).count()
        if not users or not sessions or wanted > users * sessions:
            raise CommandError("Too many enrolments for so few agents and unlimited sessions")
        # Hours of the day, weighted like an office week (9–12 h and 14–17 h busiest).
        hours = [8, 9, 9, 10, 10, 10, 11, 11, 12, 13, 14, 14, 15, 15, 15, 16, 16, 17, 18, 21]
        enrolment, session, training = (
            Enrolment._meta.db_table,
            Session._meta.db_table,
            Training._meta.db_table,
        )
        with transaction.atomic():
            added = self._sql(
                f"WITH u AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS i "  # noqa: S608
                f"FROM {User._meta.db_table} WHERE email LIKE 'scale.0%%'), "
                f"s AS (SELECT s.id, row_number() OVER (ORDER BY s.id) - 1 AS i "
                f"FROM {session} s JOIN {training} t ON t.id = s.training_id "
                f"WHERE s.capacity IS NULL AND t.slug LIKE 'scale-0%%') "
                f"INSERT INTO {enrolment} (user_id, session_id, status, enrolled_at) "
                f"SELECT u.id, s.id, 'active', (date_trunc('day', now() AT TIME ZONE 'Europe/Paris') "
                f"AT TIME ZONE 'Europe/Paris') "
                f"- make_interval(days => ((k * 104729) %% 365)::int) "
                f"+ make_interval(hours => (%s::int[])[1 + (k * 37) %% %s], "
                f"mins => ((k * 13) %% 60)::int) "
                f"FROM generate_series(%s::bigint, %s::bigint) AS k "
                f"JOIN u ON u.i = k %% %s "
                f"JOIN s ON s.i = ((k %% %s) * 7919 + k / %s) %% %s "
                f"ON CONFLICT DO NOTHING",
                [hours, len(hours), have, wanted - 1, users, users, users, sessions],
            )
            # Enrolments dated today at an hour still to come go back a week.
            self._sql(
                f"UPDATE {enrolment} SET enrolled_at = enrolled_at - interval '7 days' "  # noqa: S608
                f"WHERE enrolled_at > now()",
                [],
            )
            self._sql(
                f"UPDATE {session} s SET seats_taken = c.n FROM (SELECT session_id, count(*) n "  # noqa: S608
                f"FROM {enrolment} GROUP BY session_id) c WHERE c.session_id = s.id "
                f"AND s.id IN (SELECT s2.id FROM {session} s2 JOIN {training} t "
                f"ON t.id = s2.training_id WHERE t.slug LIKE 'scale-0%%')",
                [],
            )
        self.stdout.write(f"enrolments: {have + added}/{wanted} (set-based)")

    def _verified_addresses(self) -> None:
        """Synthetic agents signed up long ago: their address is verified (allauth table)."""
        missing = User.objects.filter(email__startswith=f"{PREFIX}.").exclude(
            pk__in=EmailAddress.objects.values("user_id")
        )
        ids = list(missing.values_list("pk", "email"))
        for start in range(0, len(ids), self.batch):
            EmailAddress.objects.bulk_create(
                [
                    EmailAddress(user_id=pk, email=email, verified=True, primary=True)
                    for pk, email in ids[start : start + self.batch]
                ]
            )

    # --- trainings and sessions -------------------------------------------------------
    def _trainings(self, wanted: int, entities, per_training: int) -> None:
        have = Training.objects.filter(slug__startswith=f"{PREFIX}-0").count()
        if have >= wanted:
            self.stdout.write(f"trainings: {have} already there")
            return
        collections = list(Collection.objects.all()) or [
            Collection.objects.create(name="Collection synthétique", slug=f"{PREFIX}-collection")
        ]
        now = timezone.now()
        today = timezone.localdate()
        modalities = Modality.values
        created = []
        for i in range(have, wanted):
            words = self.rng.sample(WORDS, 5)
            title = f"{words[0].capitalize()} et {words[1]} : {words[2]} ({i})"
            summary = f"Formation sur {words[2]}, {words[3]} et {words[4]} pour les agents."
            internal = self.rng.random() < 0.2
            producer = self.rng.choice(entities)
            created.append(
                Training(
                    title=title,
                    slug=f"{PREFIX}-{i:05d}",
                    summary=summary,
                    objectives=f"- Comprendre {words[2]}\n- Appliquer {words[3]}",
                    duration_hours=Decimal(self.rng.choice([1, 2, 3.5, 7, 14, 21, 35])),
                    modality=self.rng.choice(modalities),
                    certifying=self.rng.random() < 0.15,
                    producer=producer,
                    owner_entity=producer if internal else None,
                    keywords=", ".join(words[:3]),
                    state=PublicationState.PUBLISHED,
                    featured=self.rng.random() < 0.02,
                    published_at=now - timedelta(days=self.rng.randint(0, 900)),
                    search_text=fold(f"{title} {', '.join(words[:3])} {summary}"),
                )
            )
        with transaction.atomic():
            trainings = Training.objects.bulk_create(created, batch_size=self.batch)
            through = Training.collections.through
            through.objects.bulk_create(
                [
                    through(training_id=t.pk, collection_id=self.rng.choice(collections).pk)
                    for t in trainings
                ],
                batch_size=self.batch,
            )
            sessions = []
            for t in trainings:
                for k in range(per_training):
                    start = today + timedelta(days=self.rng.randint(-400, 200) + 30 * k)
                    sessions.append(
                        Session(
                            training=t,
                            title=f"Session {k + 1}",
                            starts_on=start,
                            ends_on=start + timedelta(days=self.rng.choice([1, 14, 30, 60, 90])),
                            capacity=self.rng.choice([None, None, 30, 200, 100000]),
                        )
                    )
            Session.objects.bulk_create(sessions, batch_size=self.batch)
        self._search_vectors()
        self.stdout.write(f"trainings: {wanted} (+{len(created)}), sessions: +{len(sessions)}")

    def _search_vectors(self) -> None:
        if connection.vendor == "postgresql":
            self._sql(
                "UPDATE catalog_training SET search_vector = to_tsvector('french', search_text) "
                "WHERE slug LIKE %s AND search_vector IS NULL",
                [f"{PREFIX}-%"],
            )

    # --- course content ---------------------------------------------------------------
    def _courses(self) -> None:
        """A small course for every synthetic training that has none (bulk)."""
        bare = list(
            Training.objects.filter(slug__startswith=f"{PREFIX}-0", sections__isnull=True)
            .select_related("producer")
            .order_by("pk")
        )
        if not bare:
            return
        with transaction.atomic():
            sections = Section.objects.bulk_create(
                [Section(training=t, title="Les essentiels", position=0) for t in bare],
                batch_size=self.batch,
            )
            activities = []
            for training, section in zip(bare, sections, strict=True):
                activities += self._course_activities(training, section)
            Activity.objects.bulk_create(activities, batch_size=self.batch)
            quizzes = [a for a in activities if a.kind == "quiz"]
            questions = Question.objects.bulk_create(
                [
                    Question(activity=quiz, kind="true_false", text=text, position=k)
                    for quiz in quizzes
                    for k, text in enumerate(
                        [
                            "Cette formation s’adresse aux agents de l’État.",
                            "Elle ne comporte aucune activité.",
                        ]
                    )
                ],
                batch_size=self.batch,
            )
            Choice.objects.bulk_create(
                [
                    Choice(question=q, text=text, correct=(text == "Vrai") == (q.position == 0))
                    for q in questions
                    for text in ("Vrai", "Faux")
                ],
                batch_size=self.batch,
            )
        self.stdout.write(f"courses: +{len(bare)} ({len(activities)} activities)")

    @staticmethod
    def _course_activities(training: Training, section: Section) -> list[Activity]:
        return [
            Activity(
                section=section,
                kind="page",
                title="Présentation",
                completion_rule="viewed",
                body=f"<p>{training.summary}</p><h2>Objectifs</h2><p>{training.objectives}</p>",
                position=0,
            ),
            Activity(
                section=section,
                kind="quiz",
                title="Vérifier ses acquis",
                completion_rule="passed",
                passing_score=50,
                max_attempts=3,
                position=1,
            ),
            Activity(
                section=section,
                kind="page",
                title="Synthèse",
                completion_rule="viewed",
                body=f"<p>Vous avez terminé « {training.title} ».</p>",
                position=2,
            ),
        ]

    # --- enrolments -------------------------------------------------------------------
    def _enrolments(self, wanted: int) -> None:
        scale = Enrolment.objects.filter(
            user__email__startswith=f"{PREFIX}.", session__training__slug__startswith=f"{PREFIX}-0"
        )
        have = scale.count()
        if have >= wanted:
            self.stdout.write(f"enrolments: {have} already there")
            return
        users = list(
            User.objects.filter(email__startswith=f"{PREFIX}.0").values_list("pk", flat=True)
        )
        sessions = list(
            Session.objects.filter(
                capacity__isnull=True, training__slug__startswith=f"{PREFIX}-0"
            ).values_list("pk", flat=True)
        )
        if not users or not sessions:
            raise CommandError("No synthetic agents or unlimited sessions to enrol into")
        if wanted > len(users) * len(sessions) // 2:
            raise CommandError("Too many enrolments for so few agents and sessions")
        seen = set(scale.values_list("user_id", "session_id"))
        now = timezone.now()
        total = have
        per_session: dict[int, int] = {}
        while total < wanted:
            rows = []
            while len(rows) < min(self.batch * 10, wanted - total):
                user_id, session_id = self.rng.choice(users), self.rng.choice(sessions)
                if (user_id, session_id) in seen:
                    continue
                seen.add((user_id, session_id))
                per_session[session_id] = per_session.get(session_id, 0) + 1
                enrolled_at = now - timedelta(days=self.rng.randint(0, 700))
                rows.append((user_id, session_id, "active", enrolled_at))
            with transaction.atomic():
                total += self._copy(
                    Enrolment, ["user_id", "session_id", "status", "enrolled_at"], rows
                )
            self.stdout.write(f"enrolments: {total}/{wanted}")
        with transaction.atomic():
            for session_id, n in per_session.items():
                Session.objects.filter(pk=session_id).update(seats_taken=F("seats_taken") + n)

    # --- the national training ------------------------------------------------------------
    def _national(self, learners: int, entities, password: str) -> None:
        """One open, tutored, interministerial session holding ``learners`` agents: the
        mandatory training everyone opens on release day."""
        training = Training.objects.filter(slug=NATIONAL_SLUG).first()
        if training is None:
            training = self._national_training(entities)
        session = training.sessions.get()
        tutor = User.objects.filter(email=tutor_email(entities[0])).first()
        if tutor is None:
            tutor = User.objects.create_user(
                email=tutor_email(entities[0]),
                password=password,
                first_name="Tuteur",
                last_name="National",
                entity=entities[0],
            )

            EmailAddress.objects.create(user=tutor, email=tutor.email, verified=True, primary=True)
            session.tutors.add(tutor)
        have = session.enrolments.count()
        if have >= learners:
            self.stdout.write(f"national session: {have} learners already there")
            return
        users = (
            User.objects.filter(email__startswith=f"{PREFIX}.0")
            .exclude(enrolments__session=session)
            .order_by("email")
            .values_list("pk", flat=True)[: learners - have]
        )
        now = timezone.now()
        with transaction.atomic():
            added = self._copy(
                Enrolment,
                ["user_id", "session_id", "status", "enrolled_at"],
                ((pk, session.pk, "active", now - timedelta(days=3)) for pk in users),
            )
            Session.objects.filter(pk=session.pk).update(seats_taken=F("seats_taken") + added)
        self.stdout.write(f"national session: {have + added} learners")

    def _national_training(self, entities) -> Training:
        producer = next((e for e in entities if e.slug == "dgafp"), entities[0])
        title = "Transition écologique : les essentiels (déploiement national)"
        summary = (
            "La formation obligatoire de tous les agents de l’État sur la transition écologique."
        )
        today = timezone.localdate()
        with transaction.atomic():
            training = Training.objects.create(
                title=title,
                slug=NATIONAL_SLUG,
                summary=summary,
                objectives="- Comprendre les enjeux\n- Agir dans son service",
                duration_hours=Decimal(2),
                modality=Modality.SELF_PACED,
                producer=producer,
                keywords="transition écologique, sobriété, climat",
                state=PublicationState.PUBLISHED,
                featured=True,
                published_at=timezone.now(),
                search_text=fold(f"{title} transition écologique sobriété climat {summary}"),
            )
            collection = Collection.objects.filter(slug__contains="transition-ecologique").first()
            if collection:
                training.collections.add(collection)
            Session.objects.create(
                training=training,
                title="Déploiement national",
                starts_on=today - timedelta(days=3),
                ends_on=today + timedelta(days=365),
                tutored=True,
            )
            section = Section.objects.create(training=training, title="Les essentiels")
            page, quiz, synthesis = self._course_activities(training, section)
            page.save()
            quiz.position = 2
            quiz.save()
            for k, (text, answer) in enumerate(
                [("La sobriété énergétique concerne chaque service.", True)]
            ):
                question = Question.objects.create(
                    activity=quiz, kind="true_false", text=text, position=k
                )
                Choice.objects.create(question=question, text="Vrai", correct=answer, position=0)
                Choice.objects.create(question=question, text="Faux", correct=not answer)
            synthesis.position = 3
            synthesis.save()
        self._search_vectors()
        data = single_sco_package_bytes(
            slug=NATIONAL_SLUG,
            title="Les gestes sobres au bureau",
            screens=[
                ("Pourquoi agir ?", "Le numérique et les bâtiments pèsent dans l’empreinte."),
                ("Trois gestes", "Éteindre, mutualiser, réparer."),
            ],
        )
        demo_scorm_activity(training=training, section=section, data=data, position=1)
        return training

    # --- progress and completions -----------------------------------------------------
    def _learning_rows(self) -> None:
        """Learning rows for enrolments in sessions that have started, written by the
        database. Synthetic catalogue: 65 % finished (every activity completed, one
        completion row), 15 % more began (first activity completed). National session,
        released days ago: 10 % finished, 20 % more began. Deterministic shares on the
        enrolment id; enrolments that already have rows are skipped, so a rerun adds none."""
        with transaction.atomic():
            events = self._sql(
                f"INSERT INTO {EnrolmentEvent._meta.db_table} (enrolment_id, kind, created_at) "  # noqa: S608
                f"SELECT e.id, 'enrolled', e.enrolled_at {self._scale_enrolments()} "
                f"AND NOT EXISTS (SELECT 1 FROM {EnrolmentEvent._meta.db_table} v "
                f"WHERE v.enrolment_id = e.id)",
                [f"{PREFIX}-%"],
            )
            rows, completions = self._progress(f"{PREFIX}-0%", finished=13, began=16)
            national = self._progress(NATIONAL_SLUG, finished=2, began=6)
        self.stdout.write(
            f"learning rows: +{events} events, +{rows + national[0]} progress, "
            f"+{completions + national[1]} completions"
        )

    @staticmethod
    def _scale_enrolments(*, activities: bool = False) -> str:
        joins = (
            f"JOIN {Section._meta.db_table} sec ON sec.training_id = t.id "
            f"JOIN {Activity._meta.db_table} a ON a.section_id = sec.id "
            if activities
            else ""
        )
        return (
            f"FROM {Enrolment._meta.db_table} e "
            f"JOIN {Session._meta.db_table} s ON s.id = e.session_id "
            f"JOIN {Training._meta.db_table} t ON t.id = s.training_id {joins}"
            f"WHERE t.slug LIKE %s AND e.status = 'active'"
        )

    def _later(self, moment: str, step: str) -> str:
        """When learning happened after enrolling: the same instant without --set-based
        (portable SQL); with it, some days later (capped at now), so that activity and
        completions spread over the months and hours like real ones."""
        if not self.set_based:
            return moment
        return (
            f"LEAST(now(), {moment} + make_interval(days => (e.id %% 9)::int, "
            f"mins => (({step}) * 7 + (e.id %% 5) * 60)::int))"
        )

    def _progress(self, slug_like: str, *, finished: int, began: int) -> tuple[int, int]:
        """``e.id % 20 < finished``: the whole course; ``< began``: the first activity."""
        today = connection.ops.adapt_datefield_value(timezone.localdate())
        progress, completion = ActivityProgress._meta.db_table, Completion._meta.db_table
        rows = self._sql(
            f"INSERT INTO {progress} (enrolment_id, activity_id, status, score, "  # noqa: S608
            f"first_seen_at, last_seen_at, completed_at, time_spent) "
            f"SELECT e.id, a.id, 'completed', CASE WHEN a.kind = 'quiz' THEN 100 END, "
            f"{self._later('e.enrolled_at', 'a.position')}, "
            f"{self._later('e.enrolled_at', 'a.position')}, "
            f"{self._later('e.enrolled_at', 'a.position')}, 60 + (e.id %% 17) * 60 "
            f"{self._scale_enrolments(activities=True)} AND s.starts_on <= %s "
            f"AND (e.id %% 20 < %s OR (e.id %% 20 < %s AND sec.position = 0 AND a.position = 0)) "
            f"AND NOT EXISTS (SELECT 1 FROM {progress} p WHERE p.enrolment_id = e.id)",
            [slug_like, today, finished, began],
        )
        completions = self._sql(
            f"INSERT INTO {completion} (enrolment_id, completed_at) "  # noqa: S608
            f"SELECT e.id, {self._later('e.enrolled_at', '3')} {self._scale_enrolments()} "
            f"AND s.starts_on <= %s AND e.id %% 20 < %s "
            f"AND NOT EXISTS (SELECT 1 FROM {completion} c WHERE c.enrolment_id = e.id)",
            [slug_like, today, finished],
        )
        return rows, completions
