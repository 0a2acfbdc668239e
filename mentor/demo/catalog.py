"""Load the demo offer from ``trainings_data`` (idempotent: keyed by slug) into the reference
collections."""

import random
from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from mentor.catalog.models import (
    Collection,
    PublicationState,
    Session,
    SessionMeeting,
    Training,
)
from mentor.catalog.search import index_fields, update_vector
from mentor.demo.trainings_data import TRAININGS
from mentor.organisations.models import Entity


@transaction.atomic
def load_demo_catalog() -> tuple[int, int]:
    """Create the demo trainings and their sessions; return (collections, trainings)."""
    entities = {e.slug: e for e in Entity.objects.all()}
    collections = {c.slug: c for c in Collection.objects.all()}

    today = timezone.localdate()
    now = timezone.now()
    rng = random.Random(2026)  # noqa: S311  (stable demo dates, not security)
    touched = []
    for index, data in enumerate(TRAININGS):
        producer = entities[data["producer"]]
        training, created = Training.objects.get_or_create(
            slug=data["slug"],
            defaults={
                "title": data["title"],
                "summary": data["summary"],
                "objectives": data["objectives"],
                "content": data["content"],
                "prerequisites": data["prerequisites"],
                "audience": data["audience"],
                "jobs": data["jobs"],
                "duration_hours": data["duration_hours"],
                "modality": data["modality"],
                "certifying": data["certifying"],
                "licence": data["licence"],
                "producer": producer,
                "owner_entity": entities.get(data.get("internal_to") or ""),
                "keywords": data["keywords"],
                "featured": data["featured"],
                "state": PublicationState.PUBLISHED,
                # Spread publication dates so "newest" means something.
                "published_at": now - timedelta(days=3 * (len(TRAININGS) - index)),
            },
        )
        if not created:
            continue
        training.collections.set([collections[slug] for slug in data["collections"]])
        for field, value in index_fields(training).items():
            setattr(training, field, value)
        training.save(update_fields=["search_text"])
        touched.append(training.pk)
        for s in data["sessions"]:
            starts_on = today + timedelta(days=s["offset_days"])
            window = s.get("enrol_window_days")
            session = Session.objects.create(
                training=training,
                title=s["title"],
                starts_on=starts_on,
                ends_on=starts_on + timedelta(days=max(s["length_days"], 0)),
                enrol_opens_at=(
                    timezone.make_aware(
                        datetime.combine(starts_on - timedelta(days=window), time(8))
                    )
                    if window
                    else None
                ),
                capacity=s["capacity"],
                tutored=s["tutored"],
                meeting_url=(
                    "https://webconf.numerique.gouv.fr/" + training.slug[:40]
                    if training.modality in {"virtual_class", "webinar"}
                    else ""
                ),
                place=rng.choice(["Paris", "Lyon", "Nantes", "Lille", "Metz"])
                if training.modality in {"hybrid", "enriched"}
                else "",
            )
            _demo_meetings(session, training.modality)
    update_vector(touched)
    return Collection.objects.count(), Training.objects.count()


def _demo_meetings(session: Session, modality: str) -> None:
    """Dated synchronous parts: two virtual classes or webinars, or one in-person day."""
    kind = {
        "virtual_class": SessionMeeting.Kind.VIRTUAL_CLASS,
        "webinar": SessionMeeting.Kind.WEBINAR,
        "hybrid": SessionMeeting.Kind.IN_PERSON,
        "enriched": SessionMeeting.Kind.IN_PERSON,
    }.get(modality)
    if kind is None:
        return
    days = (session.ends_on - session.starts_on).days
    offsets = [0] if kind == SessionMeeting.Kind.IN_PERSON else sorted({0, days // 2})
    for offset in offsets:
        day = session.starts_on + timedelta(days=offset)
        in_person = kind == SessionMeeting.Kind.IN_PERSON
        starts_at = timezone.make_aware(datetime.combine(day, time(9 if in_person else 14)))
        SessionMeeting.objects.create(
            session=session,
            kind=kind,
            starts_at=starts_at,
            ends_at=starts_at + timedelta(hours=7 if in_person else 2),
            place=session.place if in_person else "",
            url="" if in_person else session.meeting_url,
        )
