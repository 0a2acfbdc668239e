"""Generate large synthetic data fast, for benchmarks.

    python manage.py seed_scale --agents 200000 --trainings 1000 --enrolments 1000000

Bulk inserts in batches (PostgreSQL COPY-speed is not needed at this size: ~1 M rows/min on
two cores). Idempotent per prefix: rows it created earlier are kept and counted, so a second
run with the same numbers adds nothing. Synthetic users cannot sign in except the first
``--password-users`` ones, which get the password given by ``--password`` (for load tests).
"""

import random
import time
from datetime import timedelta
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from mentor.accounts.models import User
from mentor.catalog.models import Collection, Modality, PublicationState, Session, Training
from mentor.catalog.search import fold
from mentor.enrolments.models import Enrolment
from mentor.organisations.models import Entity

PREFIX = "scale"
WORDS = (
    "management achat public numérique données laïcité écologie climat sobriété budget "
    "comptabilité recrutement handicap accessibilité sécurité cyber juridique contrat marché "
    "communication usagers accueil santé travail prévention risques égalité diversité europe "
    "anglais concours rédaction administratif immobilier transformation innovation projet"
).split()


class Command(BaseCommand):
    help = "Generate synthetic agents, trainings, sessions and enrolments for benchmarks."

    def add_arguments(self, parser):
        parser.add_argument("--agents", type=int, default=1000)
        parser.add_argument("--trainings", type=int, default=100)
        parser.add_argument("--enrolments", type=int, default=5000)
        parser.add_argument("--sessions-per-training", type=int, default=3)
        parser.add_argument("--batch", type=int, default=5000)
        parser.add_argument("--password-users", type=int, default=100)
        parser.add_argument("--password", default="bench-password-2026")
        parser.add_argument("--seed", type=int, default=42)

    def handle(self, *args, **o):
        entities = list(Entity.objects.exclude(domains=None).prefetch_related("domains"))
        if not entities:
            raise CommandError("Load the organisations first: python manage.py load_demo")
        self.rng = random.Random(o["seed"])  # noqa: S311  (synthetic data)
        self.batch = o["batch"]
        started = time.monotonic()
        self._agents(o["agents"], entities, o["password_users"], o["password"])
        self._trainings(o["trainings"], entities, o["sessions_per_training"])
        self._enrolments(o["enrolments"])
        self.stdout.write(f"seed_scale done in {time.monotonic() - started:.0f}s")

    # --- agents ---------------------------------------------------------------------------
    def _agents(self, wanted: int, entities, password_users: int, password: str) -> None:
        have = User.objects.filter(email__startswith=f"{PREFIX}.").count()
        if have >= wanted:
            self.stdout.write(f"agents: {have} already there")
            return
        hashed = make_password(password)
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
                        email=f"{PREFIX}.{i:07d}@{domain}",
                        first_name="Agent",
                        last_name=f"{i:07d}",
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

    def _verified_addresses(self) -> None:
        """Synthetic agents signed up long ago: their address is verified (allauth table)."""
        from allauth.account.models import EmailAddress

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

    # --- trainings and sessions -----------------------------------------------------------
    def _trainings(self, wanted: int, entities, per_training: int) -> None:
        have = Training.objects.filter(slug__startswith=f"{PREFIX}-").count()
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
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "UPDATE catalog_training SET search_vector = to_tsvector('french', search_text) "
                    "WHERE slug LIKE %s",
                    [f"{PREFIX}-%"],
                )
        self.stdout.write(f"trainings: {wanted} (+{len(created)}), sessions: +{len(sessions)}")

    # --- enrolments -----------------------------------------------------------------------
    def _enrolments(self, wanted: int) -> None:
        have = Enrolment.objects.filter(user__email__startswith=f"{PREFIX}.").count()
        if have >= wanted:
            self.stdout.write(f"enrolments: {have} already there")
            return
        users = list(
            User.objects.filter(email__startswith=f"{PREFIX}.").values_list("pk", flat=True)
        )
        sessions = list(
            Session.objects.filter(
                capacity__isnull=True, training__slug__startswith=f"{PREFIX}-"
            ).values_list("pk", "starts_on")
        )
        if not users or not sessions:
            raise CommandError("No synthetic agents or unlimited sessions to enrol into")
        seen = set(
            Enrolment.objects.filter(user__email__startswith=f"{PREFIX}.").values_list(
                "user_id", "session_id"
            )
        )
        now = timezone.now()
        total = have
        per_session: dict[int, int] = {}
        while total < wanted:
            rows = []
            while len(rows) < min(self.batch, wanted - total):
                user_id = self.rng.choice(users)
                session_id, _starts = self.rng.choice(sessions)
                if (user_id, session_id) in seen:
                    continue
                seen.add((user_id, session_id))
                per_session[session_id] = per_session.get(session_id, 0) + 1
                rows.append(
                    Enrolment(
                        user_id=user_id,
                        session_id=session_id,
                        enrolled_at=now - timedelta(days=self.rng.randint(0, 700)),
                    )
                )
            with transaction.atomic():
                Enrolment.objects.bulk_create(rows, batch_size=self.batch)
            total += len(rows)
            if total % (self.batch * 20) < self.batch:
                self.stdout.write(f"enrolments: {total}/{wanted}")
        with transaction.atomic():
            for session_id, n in per_session.items():
                Session.objects.filter(pk=session_id).update(seats_taken=F("seats_taken") + n)
        self.stdout.write(f"enrolments: {total}")
