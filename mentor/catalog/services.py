"""State changes on the offer: trainings (with their search index) and sessions."""

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from mentor.accounts.models import User
from mentor.audit.services import audit_record
from mentor.catalog.models import PublicationState, Session, SessionMeeting, Training
from mentor.catalog.publication import (
    REVIEWED_FIELDS,
    PublicationRefusal,
    publication_transition,
    transition_to_state,
)
from mentor.catalog.search import index_fields, update_vector
from mentor.core.permissions import can


def training_reindex(training: Training) -> None:
    """Refresh the stored search text (and the PostgreSQL vector) of one training."""
    Training.objects.filter(pk=training.pk).update(**index_fields(training))
    update_vector([training.pk])


@transaction.atomic
def training_save(*, actor: User, training: Training, collections=None) -> Training:
    """Create or update a training from a validated form instance.

    Checks the actor may edit it and put it in its publication state; stamps the first
    publication; keeps the search index in step; audits publication changes.
    """
    creating = training.pk is None
    if creating and not can(actor, "catalog.add_training"):
        raise PermissionDenied(_("Vous ne pouvez pas créer de formation."))
    stored = (
        None
        if creating
        else Training.objects.select_for_update(of=("self",))
        .select_related("producer", "owner_entity")
        .filter(pk=training.pk)
        .first()
    )
    # Both the training as stored (whose scope it leaves) and as submitted (whose scope it
    # enters) must be the actor's: nobody moves another entity's training into their own.
    for version in (stored, training):
        if version is not None and not can(actor, "catalog.change_training", version):
            raise PermissionDenied(_("Vous ne pouvez pas modifier cette formation."))
    previous_state = stored.state if stored else None
    wanted_state = training.state
    if creating:
        training.state = PublicationState.DRAFT
        action = None if wanted_state == PublicationState.DRAFT else "pending"
    else:
        assert stored is not None  # noqa: S101 - an existing training was read above
        training.state = stored.state
        action = None
        if wanted_state != previous_state:
            action = transition_to_state(actor, stored, wanted_state)
            if action is None:
                raise PermissionDenied(
                    _("Vous ne pouvez pas donner cet état de publication à la formation.")
                )
    diverted = {}
    if stored is not None and _reviewed_by_committee(actor, stored):
        diverted = _divert_reviewed_changes(stored, training, collections)
        if "collections" in diverted:
            collections = None
    if creating:
        training.created_by = actor
    training.full_clean()
    training.save()
    if diverted:
        pending = {**(stored.pending_changes if stored else {}), **diverted}
        Training.objects.filter(pk=training.pk).update(pending_changes=pending)
        training.pending_changes = pending
    if collections is not None:
        training.collections.set(collections)
    training_reindex(training)
    if action == "pending":
        action = transition_to_state(actor, training, wanted_state)
        if action is None:
            raise PermissionDenied(
                _("Vous ne pouvez pas donner cet état de publication à la formation.")
            )
    if action:
        try:
            training = publication_transition(actor=actor, training=training, action=action)
        except PublicationRefusal as exc:
            raise PermissionDenied(str(exc)) from exc
    return training


def _reviewed_by_committee(actor: User, stored: Training) -> bool:
    """Audience and scope changes of a published interministerial training wait for the
    committee, unless the person editing is the one who decides."""
    return (
        stored.state == PublicationState.PUBLISHED
        and stored.owner_entity_id is None
        and not can(actor, "catalog.publish_training", stored)
    )


def _divert_reviewed_changes(stored: Training, training: Training, collections) -> dict:
    """Keep the stored audience/scope on the training and return the changed values
    (JSON-ready) to put aside for the committee."""
    diverted: dict = {}
    for name in REVIEWED_FIELDS:
        if name == "collections":
            if collections is None:
                continue
            new = sorted(c.pk for c in collections)
            if new != sorted(stored.collections.values_list("pk", flat=True)):
                diverted["collections"] = new
            continue
        if name == "owner_entity":
            if training.owner_entity_id != stored.owner_entity_id:
                diverted["owner_entity"] = training.owner_entity_id
                training.owner_entity = stored.owner_entity
            continue
        if getattr(training, name) != getattr(stored, name):
            diverted[name] = getattr(training, name)
            setattr(training, name, getattr(stored, name))
    return diverted


@transaction.atomic
def training_set_featured(*, actor: User, training: Training, featured: bool) -> Training:
    """Put a training on the home page (or take it off): the committee's decision."""
    if not can(actor, "catalog.feature_training", training):
        raise PermissionDenied(_("Seul le comité éditorial choisit les formations mises en avant."))
    if training.featured != featured:
        training.featured = featured
        training.save(update_fields=["featured", "updated_at"])
        audit_record(
            actor=actor,
            action="catalog.training_featured",
            target=training,
            entity=training.owner_entity or training.producer,
            data={"featured": featured},
        )
    return training


#: The sheet fields a copy takes over (not its state, dates, featuring, search columns).
_CLONED_FIELDS = (
    "summary",
    "objectives",
    "content",
    "prerequisites",
    "audience",
    "jobs",
    "duration_hours",
    "modality",
    "certifying",
    "is_path",
    "licence",
    "keywords",
    "image",
    "image_alt",
    "delivers_attestation",
)


def _free_slug(title: str) -> str:
    base = (slugify(title) or "formation")[:100].strip("-") or "formation"
    slug, n = base, 1
    while Training.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base[:100]}-{n}"
    return slug


@transaction.atomic
def training_clone(
    *,
    actor: User | None,
    source: Training,
    title: str,
    owner_entity,
    producer,
    licence: str | None = None,
) -> Training:
    """A new draft training whose sheet repeats ``source``'s (collections included; not its
    sessions, state or featuring; ``licence`` replaces the sheet's, e.g. by the licence the
    training was shared under). The illustration's stored file is shared, not stored
    again. Content is the copiers' business (``catalog.copiers``); the caller checks who
    may copy what where (``library.permissions``)."""
    title = " ".join((title or "").split())[:255]
    if not title:
        raise ValidationError({"title": _("Donnez un titre à la copie.")})
    clone = Training(
        title=title,
        slug=_free_slug(title),
        producer=producer,
        owner_entity=owner_entity,
        state=PublicationState.DRAFT,
        created_by=actor,
        **{name: getattr(source, name) for name in _CLONED_FIELDS},
    )
    if licence:
        clone.licence = licence
    clone.full_clean()
    clone.save()
    clone.collections.set(source.collections.all())
    training_reindex(clone)
    return clone


# Everything a session edit may write: not its seat counter, not its creation date.
_SESSION_EDITABLE_FIELDS = [
    f.name
    for f in Session._meta.concrete_fields
    if not f.primary_key and f.name not in {"seats_taken", "created_at"}
]


@transaction.atomic
def session_save(
    *,
    actor,
    session: Session,
    tutors=None,
    meetings: Iterable[SessionMeeting] = (),
    deleted_meetings: Iterable[SessionMeeting] = (),
) -> Session:
    """Create or update a session, its tutors (when given) and its dated meetings (virtual
    classes, webinars, in-person days) from validated forms.

    The seat counter belongs to enrolments: the row is locked and its current count is
    re-read before validation, so an edit never writes back a stale ``seats_taken`` nor
    lowers the capacity under the agents who enrolled meanwhile.
    """
    if not can(actor, "catalog.change_training", session.training):
        raise PermissionDenied(_("Vous ne pouvez pas modifier les sessions de cette formation."))
    if session.pk is not None:
        stored = Session.objects.select_for_update().filter(pk=session.pk).first()
        if stored is None or stored.training_id != session.training_id:
            raise PermissionDenied(
                _("Vous ne pouvez pas modifier les sessions de cette formation.")
            )
        session.seats_taken = stored.seats_taken
    session.full_clean()
    if session._state.adding:
        session.save()
    else:
        session.save(update_fields=_SESSION_EDITABLE_FIELDS)
    if tutors is not None:
        session.tutors.set(tutors)
    for meeting in deleted_meetings:
        SessionMeeting.objects.filter(pk=meeting.pk, session=session).delete()
    for meeting in meetings:
        if meeting.pk is not None and meeting.session_id != session.pk:
            raise PermissionDenied(
                _("Vous ne pouvez pas modifier les sessions de cette formation.")
            )
        meeting.session = session
        meeting.full_clean()
        meeting.save()
    return session
