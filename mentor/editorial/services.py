"""State changes of the editorial app. The publication itself is the catalog's state
machine (``catalog.publication``): this app records each submission and decision
(``Review``, with an assessment per criterion), notifies by e-mail, and awards labels."""

from collections.abc import Iterable

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from mentor.accounts.models import Role, RoleAssignment, User
from mentor.audit.services import audit_record
from mentor.catalog.models import Training
from mentor.catalog.publication import (
    PublicationEvent,
    needs_committee,
    publication_transition,
)
from mentor.catalog.selectors import ancestor_ids
from mentor.core.email import email_enqueue
from mentor.core.errors import Refusal
from mentor.core.permissions import can
from mentor.editorial.models import (
    Criterion,
    CriterionAssessment,
    EditorImage,
    Label,
    Opinion,
    Review,
    ReviewKind,
    ReviewStatus,
    SpaceNews,
    SpacePage,
    TrainingLabel,
)
from mentor.organisations.models import Entity


class EditorialRefusal(Refusal):
    pass


DECISIONS = {
    "publish": ReviewStatus.PUBLISHED,
    "request_changes": ReviewStatus.CHANGES_REQUESTED,
    "refuse": ReviewStatus.REFUSED,
}


# --- Reviews: follow the publication state machine -----------------------------------------


def record_publication_event(event: PublicationEvent) -> None:
    """Listener of ``catalog.publication``: open a review on submission, close it on a
    decision, and tell the people concerned."""
    training = event.training
    if event.action == "submit":
        review = Review.objects.create(
            training=training,
            kind=ReviewKind.CHANGES if event.changes_only else ReviewKind.PUBLICATION,
            by_committee=needs_committee(training),
            submitted_by=event.actor,
            proposed_changes=dict(training.pending_changes) if event.changes_only else {},
        )
        _notify_deciders(review)
        return
    status = DECISIONS.get(event.action)
    if status is None:
        return
    open_review = Review.objects.filter(training=training, status=ReviewStatus.OPEN).first()
    if open_review is None:
        return  # published directly by an internal offer's space admin
    review = open_review
    review.status = status
    review.decided_by = event.actor
    review.decided_at = timezone.now()
    review.decision_comment = event.comment
    review.save(update_fields=["status", "decided_by", "decided_at", "decision_comment"])
    _notify_designers(review)


def _deciders(training: Training) -> list[str]:
    if training.owner_entity is None:
        # National members, and the members for the lead directions of its collections (or
        # a direction above one of them).
        leads = {
            pk
            for collection in training.collections.select_related("lead_entity")
            if collection.lead_entity is not None
            for pk in ancestor_ids(collection.lead_entity)
        }
        query = RoleAssignment.objects.filter(role=Role.EDITORIAL_COMMITTEE).filter(
            Q(entity__isnull=True) | Q(entity_id__in=leads)
        )
    else:
        query = RoleAssignment.objects.filter(
            role=Role.SPACE_ADMIN, entity_id__in=ancestor_ids(training.owner_entity)
        )
    return sorted(set(query.filter(user__is_active=True).values_list("user__email", flat=True)))


def _send(subject: str, template: str, context: dict, to: Iterable[str]) -> None:
    recipients = sorted({address for address in to if address})
    if not recipients:
        return
    body = render_to_string(template, {**context, "site_url": settings.SITE_URL})
    for address in recipients:  # one message each: nobody sees the other recipients
        email_enqueue(EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [address]))


def _notify_deciders(review: Review) -> None:
    training = review.training
    url = (
        reverse("editorial:review", kwargs={"pk": review.pk})
        if review.by_committee
        else reverse("catalog:training_edit", kwargs={"slug": training.slug})
    )
    _send(
        _("[Mentor] Formation à relire : %(title)s") % {"title": training.title},
        "editorial/email/submitted.txt",
        {"review": review, "training": training, "url": url},
        _deciders(training),
    )


def _notify_designers(review: Review) -> None:
    training = review.training
    people = [review.submitted_by, training.created_by]
    _send(
        _("[Mentor] %(title)s : %(status)s")
        % {"title": training.title, "status": review.get_status_display().lower()},
        "editorial/email/decided.txt",
        {
            "review": review,
            "training": training,
            "assessments": list(review.assessments.order_by("pk")),
            "url": reverse("catalog:training_edit", kwargs={"slug": training.slug}),
        },
        [p.email for p in people if p is not None and p.is_active],
    )


@transaction.atomic
def review_decide(
    *,
    actor: User,
    review: Review,
    decision: str,
    assessments: dict[str, tuple[str, str]],
    comment: str = "",
) -> Review:
    """The committee's decision on a review: an opinion and a comment per criterion, a
    general comment, and publish / ask for changes / refuse (the catalog's transition)."""
    if decision not in DECISIONS:
        raise EditorialRefusal(_("Choisissez une décision."))
    review = Review.objects.select_for_update().select_related("training").get(pk=review.pk)
    if review.status != ReviewStatus.OPEN:
        raise EditorialRefusal(_("Cette relecture est déjà close."))
    if not review.by_committee or not can(actor, "editorial.review", review):
        raise PermissionDenied(_("Cette décision revient au comité éditorial."))
    comment = (comment or "").strip()
    has_comment = bool(comment) or any(text.strip() for _op, text in assessments.values())
    if decision != "publish" and not has_comment:
        raise EditorialRefusal(
            _("Expliquez au concepteur ce qu’il doit changer : un commentaire est nécessaire.")
        )
    for criterion, (opinion, text) in assessments.items():
        if criterion not in Criterion.values or (opinion and opinion not in Opinion.values):
            raise EditorialRefusal(_("Critère ou avis inconnu."))
        CriterionAssessment.objects.update_or_create(
            review=review,
            criterion=criterion,
            defaults={"opinion": opinion, "comment": text.strip()[:5000]},
        )
    publication_transition(
        actor=actor, training=review.training, action=decision, comment=comment[:5000]
    )
    review.refresh_from_db()
    return review


# --- Labels and "mise en avant" -------------------------------------------------------------


@transaction.atomic
def label_award(*, actor: User, training: Training, label: Label) -> TrainingLabel:
    if not can(actor, "editorial.label", training):
        raise PermissionDenied(_("Seul le comité éditorial attribue les labels."))
    award, created = TrainingLabel.objects.get_or_create(
        training=training, label=label, defaults={"granted_by": actor}
    )
    if created:
        audit_record(
            actor=actor,
            action="editorial.label_award",
            target=training,
            entity=training.owner_entity or training.producer,
            data={"label": label.name},
        )
    return award


@transaction.atomic
def label_withdraw(*, actor: User, training: Training, label: Label) -> None:
    if not can(actor, "editorial.label", training):
        raise PermissionDenied(_("Seul le comité éditorial retire les labels."))
    deleted, _rows = TrainingLabel.objects.filter(training=training, label=label).delete()
    if deleted:
        audit_record(
            actor=actor,
            action="editorial.label_withdraw",
            target=training,
            entity=training.owner_entity or training.producer,
            data={"label": label.name},
        )


# --- Space pages ----------------------------------------------------------------------------


@transaction.atomic
def space_page_save(
    *, actor: User, entity: Entity, intro: str, featured: Iterable[Training]
) -> SpacePage:
    if not can(actor, "editorial.edit_space", entity):
        raise PermissionDenied(_("Seuls les administrateurs de l’espace modifient sa page."))
    featured = list(featured)
    for training in featured:
        inside = training.owner_entity or training.producer
        if not inside.is_within(entity):
            raise EditorialRefusal(
                _("« %(title)s » n’appartient pas à cet espace.") % {"title": training.title}
            )
    page, _created = SpacePage.objects.update_or_create(entity=entity, defaults={"intro": intro})
    page.featured.set(featured)
    audit_record(actor=actor, action="editorial.space_page", target=page, entity=entity)
    return page


@transaction.atomic
def space_news_add(*, actor: User, entity: Entity, title: str, body: str) -> SpaceNews:
    if not can(actor, "editorial.edit_space", entity):
        raise PermissionDenied(_("Seuls les administrateurs de l’espace publient ses actualités."))
    news = SpaceNews.objects.create(
        entity=entity, title=title, body=body, published_on=timezone.localdate()
    )
    audit_record(actor=actor, action="editorial.space_news", target=news, entity=entity)
    return news


@transaction.atomic
def space_news_delete(*, actor: User, news: SpaceNews) -> None:
    if not can(actor, "editorial.edit_space", news.entity):
        raise PermissionDenied(_("Seuls les administrateurs de l’espace retirent ses actualités."))
    audit_record(
        actor=actor,
        action="editorial.space_news_delete",
        target=news,
        entity=news.entity,
    )
    news.delete()


# --- Images of the rich-text editor ---------------------------------------------------------

IMAGE_FORMATS = {"png", "jpeg", "gif", "webp"}


@transaction.atomic
def editor_image_upload(*, actor: User, upload, alt: str) -> EditorImage:
    if not can(actor, "editorial.upload_image"):
        raise PermissionDenied(_("Vous ne pouvez pas déposer d’image."))
    alt = (alt or "").strip()
    if not alt:
        raise EditorialRefusal(_("Le texte alternatif est obligatoire."))
    if upload is None:
        raise EditorialRefusal(_("Choisissez une image."))
    if upload.size > settings.CATALOG_MAX_IMAGE_BYTES:
        raise EditorialRefusal(
            _("L’image ne doit pas dépasser %(max)s Mo.")
            % {"max": settings.CATALOG_MAX_IMAGE_BYTES // (1024 * 1024)}
        )
    try:
        # The form field opens the file with Pillow: anything but a real image is refused.
        upload = forms.ImageField().clean(upload)
    except ValidationError as exc:
        raise EditorialRefusal(_("Ce fichier n’est pas une image lisible.")) from exc
    if getattr(upload, "image", None) is None or upload.image.format.lower() not in IMAGE_FORMATS:
        raise EditorialRefusal(_("Formats acceptés : PNG, JPEG, GIF ou WebP."))
    image = EditorImage(file=upload, alt=alt[:255], uploaded_by=actor)
    image.save()
    return image


@transaction.atomic
def resource_save(*, actor: User, resource):
    """Create or update a Kit Mentor page (and its file): the committee's."""
    if not can(actor, "editorial.manage_resources"):
        raise PermissionDenied(_("Seul le comité éditorial publie les ressources."))
    resource.full_clean()
    resource.save()
    audit_record(
        actor=actor,
        action="editorial.resource",
        target=resource,
        data={"published": resource.published},
    )
    return resource
