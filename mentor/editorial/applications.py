"""Calls for projects and their applications: the committee creates and manages the calls
in the front office, and decides on each application through one small state machine.

    (form) ──submit──▶ submitted ──shortlist──▶ shortlisted ──accept──▶ accepted
                           │                         │
                           └────────decline──────────┴────decline────▶ declined

Every transition is checked (who, from which state), recorded in the application's history
(``ApplicationEvent``, with its comment), audited, and e-mailed to the applicant. Comments
may also be added alone; the committee's internal notes are never shown to the applicant
nor sent. The decisions, the calls and the notes are the national committee's
(``editorial.manage_resources``): the DGAFP co-funds the projects.
"""

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mentor.accounts.models import User
from mentor.audit.services import audit_record
from mentor.core.permissions import can
from mentor.editorial.models import (
    Application,
    ApplicationEvent,
    ApplicationStatus,
    CallForProjects,
)
from mentor.editorial.services import EditorialRefusal, _send

A = ApplicationStatus
COMMENT_MAX = 5000


@dataclass(frozen=True)
class ApplicationTransition:
    action: str
    label: Any
    sources: frozenset[str]
    target: str
    #: A comment is required (the applicant must learn why).
    needs_comment: bool = False


TRANSITIONS: dict[str, ApplicationTransition] = {
    t.action: t
    for t in (
        ApplicationTransition(
            "shortlist", gettext_lazy("Présélectionner"), frozenset({A.SUBMITTED}), A.SHORTLISTED
        ),
        ApplicationTransition(
            "accept", gettext_lazy("Retenir le projet"), frozenset({A.SHORTLISTED}), A.ACCEPTED
        ),
        ApplicationTransition(
            "decline",
            gettext_lazy("Ne pas retenir le projet"),
            frozenset({A.SUBMITTED, A.SHORTLISTED}),
            A.DECLINED,
            needs_comment=True,
        ),
    )
}


def available_transitions(user, application: Application) -> list[ApplicationTransition]:
    """The decisions this person may take on the application now (buttons to show)."""
    if not can(user, "editorial.manage_resources"):
        return []
    return [t for t in TRANSITIONS.values() if application.status in t.sources]


def can_see_application(user, application: Application) -> bool:
    return application.applicant_id == user.pk or can(user, "editorial.manage_resources")


def _event(
    *,
    application: Application,
    actor: User,
    action: str,
    source: str = "",
    target: str = "",
    comment: str = "",
    internal: bool = False,
) -> ApplicationEvent:
    event = ApplicationEvent.objects.create(
        application=application,
        actor=actor,
        action=action,
        from_status=source,
        to_status=target,
        comment=comment,
        internal=internal,
    )
    audit_record(
        actor=actor,
        action=f"editorial.application_{action}",
        target=application,
        entity=application.entity,
        data={"from": source, "to": target, "internal": internal},
    )
    return event


def _tell_applicant(application: Application, event: ApplicationEvent) -> None:
    applicant = application.applicant
    if applicant is None or not applicant.is_active or event.internal:
        return
    _send(
        _("[Mentor] Votre candidature « %(title)s » : %(status)s")
        % {
            "title": application.project_title,
            "status": application.get_status_display().lower(),
        },
        "editorial/email/application_update.txt",
        {
            "application": application,
            "event": event,
            "url": reverse("editorial:application", kwargs={"pk": application.pk}),
        },
        [applicant.email],
    )


# --- Calls ---------------------------------------------------------------------------------


def _free_slug(title: str, exclude: int | None = None) -> str:
    base = slugify(title)[:90] or "appel-a-projets"
    slug, n = base, 2
    while CallForProjects.objects.filter(slug=slug).exclude(pk=exclude).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def call_save(*, actor: User, call: CallForProjects) -> CallForProjects:
    """Create or update a call for projects (the national committee's). A new call gets a
    free slug from its title; the dates must be in order."""
    if not can(actor, "editorial.manage_resources"):
        raise PermissionDenied(_("Seul le comité éditorial gère les appels à projets."))
    if call.opens_on and call.closes_on and call.closes_on < call.opens_on:
        raise ValidationError({"closes_on": _("La clôture doit suivre l’ouverture.")})
    created = call.pk is None
    if created or not call.slug:
        call.slug = _free_slug(call.title, exclude=call.pk)
    call.full_clean()
    call.save()
    audit_record(
        actor=actor,
        action="editorial.call_create" if created else "editorial.call_update",
        target=call,
        data={"published": call.published, "opens_on": str(call.opens_on)},
    )
    return call


# --- Applications --------------------------------------------------------------------------


@transaction.atomic
def application_submit(
    *, actor: User, call: CallForProjects, application: Application
) -> Application:
    """Apply to an open call, for the applicant's own administration."""
    if not can(actor, "editorial.use_resources"):
        raise PermissionDenied(
            _("Les candidatures sont réservées aux concepteurs et administrateurs.")
        )
    today = timezone.localdate()
    if not call.published or not (call.opens_on <= today <= call.closes_on):
        raise EditorialRefusal(_("Cet appel à projets n’est pas ouvert aux candidatures."))
    entity = actor.entity
    if entity is None:
        raise EditorialRefusal(_("Seuls les agents d’une administration peuvent candidater."))
    if application.training_id and not can(actor, "catalog.change_training", application.training):
        raise EditorialRefusal(_("Vous ne pouvez rattacher que l’une de vos formations."))
    application.call = call
    application.applicant = actor
    application.entity = entity
    application.status = A.SUBMITTED
    application.full_clean()
    application.save()
    _event(application=application, actor=actor, action="submit", target=A.SUBMITTED)
    _send(
        _("[Mentor] Candidature reçue : %(title)s") % {"title": application.project_title},
        "editorial/email/application.txt",
        {"application": application, "call": call},
        [actor.email],
    )
    return application


@transaction.atomic
def application_transition(
    *, actor: User, application: Application, action: str, comment: str = ""
) -> Application:
    """Move an application on (shortlist, accept, decline): checked, recorded, audited and
    e-mailed to the applicant."""
    transition = TRANSITIONS.get(action)
    if transition is None:
        raise EditorialRefusal(_("Décision inconnue."))
    if not can(actor, "editorial.manage_resources"):
        raise PermissionDenied(_("Seul le comité éditorial décide des candidatures."))
    application = (
        Application.objects.select_for_update(of=("self",))
        .select_related("applicant", "call", "entity")
        .get(pk=application.pk)
    )
    if application.status not in transition.sources:
        raise EditorialRefusal(
            _("Décision « %(action)s » impossible : la candidature est « %(status)s ».")
            % {"action": transition.label, "status": application.get_status_display()}
        )
    comment = (comment or "").strip()[:COMMENT_MAX]
    if transition.needs_comment and not comment:
        raise EditorialRefusal(_("Expliquez votre décision au porteur du projet."))
    source = application.status
    application.status = transition.target
    application.save(update_fields=["status", "updated_at"])
    event = _event(
        application=application,
        actor=actor,
        action=action,
        source=source,
        target=transition.target,
        comment=comment,
    )
    _tell_applicant(application, event)
    return application


@transaction.atomic
def application_comment(
    *, actor: User, application: Application, text: str, internal: bool = False
) -> ApplicationEvent:
    """A comment on an application: by the committee (an internal note, or a message the
    applicant receives), or by the applicant (an answer the committee reads)."""
    if not can_see_application(actor, application):
        raise PermissionDenied(_("Vous ne pouvez pas commenter cette candidature."))
    text = (text or "").strip()[:COMMENT_MAX]
    if not text:
        raise EditorialRefusal(_("Écrivez un commentaire."))
    committee = can(actor, "editorial.manage_resources")
    event = _event(
        application=application,
        actor=actor,
        action="comment",
        comment=text,
        internal=internal and committee,
    )
    if committee and actor.pk != application.applicant_id:
        _tell_applicant(application, event)
    return event
