"""Writes of the help centre: FAQ votes, contact requests (routed, numbered, acknowledged,
rate limited, attachments checked like every upload)."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from mentor.accounts.models import User
from mentor.core.email import email_enqueue
from mentor.core.errors import Refusal
from mentor.core.middleware import site_url
from mentor.help.models import ContactRequest, ContactTopic, FaqEntry, TourView
from mentor.help.selectors import contact_route
from mentor.learning.files import validate_document

MAX_MESSAGE = 5000


class HelpError(Refusal):
    """A contact request refused (too many, bad attachment…): shown as is."""


def faq_vote(*, entry_id: int, helpful: bool) -> bool:
    """Count one answer to "Cette réponse vous a-t-elle aidé ?" (an atomic increment);
    False for an unknown or unpublished entry."""
    field = "helpful_yes" if helpful else "helpful_no"
    return bool(
        FaqEntry.objects.filter(pk=entry_id, published=True).update(**{field: F(field) + 1})
    )


def validate_attachment(upload) -> None:
    """As the course documents are checked (type from the content, not the name; no web
    page, script or executable), with the help centre's own, smaller size limit."""
    if upload.size > settings.HELP_MAX_ATTACHMENT_BYTES:
        raise ValidationError(
            _("La pièce jointe dépasse la taille maximale autorisée (%(max)s Mo).")
            % {"max": settings.HELP_MAX_ATTACHMENT_BYTES // (1024 * 1024)}
        )
    validate_document(upload)


@transaction.atomic
def contact_request_create(
    *, user: User, topic: str, message: str, attachment=None
) -> ContactRequest:
    """Record the request, route it (``selectors.contact_route``), e-mail the people who
    answer it and acknowledge it to the agent with its ticket number. At most
    ``HELP_CONTACT_PER_HOUR`` requests per person per hour."""
    if topic not in ContactTopic.values:
        raise HelpError(_("Choisissez le sujet de votre demande."))
    message = (message or "").strip()
    if not message:
        raise HelpError(_("Décrivez votre demande."))
    if len(message) > MAX_MESSAGE:
        raise HelpError(_("Votre message est trop long (5 000 caractères au plus)."))
    User.objects.select_for_update().filter(pk=user.pk).first()  # one request at a time
    since = timezone.now() - timedelta(hours=1)
    if (
        ContactRequest.objects.filter(user=user, created_at__gte=since).count()
        >= settings.HELP_CONTACT_PER_HOUR
    ):
        raise HelpError(
            _("Vous avez envoyé plusieurs demandes en peu de temps : réessayez dans une heure.")
        )
    if attachment is not None:
        try:
            validate_attachment(attachment)
        except ValidationError as exc:
            raise HelpError(" ".join(exc.messages)) from exc
    route = contact_route(user=user, topic=topic)
    request = ContactRequest.objects.create(
        user=user,
        topic=topic,
        message=message,
        attachment=attachment or "",
        routed_to=route.routed_to,
        routed_entity=route.entity,
        recipients=route.recipients,
    )
    context = {"request": request, "user": user, "site_url": site_url()}
    if route.recipients:
        email_enqueue(
            EmailMessage(
                _("[Mentor] Demande %(ticket)s : %(topic)s")
                % {"ticket": request.ticket, "topic": request.get_topic_display()},
                render_to_string("help/email/request.txt", context),
                settings.DEFAULT_FROM_EMAIL,
                route.recipients,
                reply_to=[user.email],
            )
        )
    email_enqueue(
        EmailMessage(
            _("[Mentor] Votre demande %(ticket)s a bien été reçue") % {"ticket": request.ticket},
            render_to_string("help/email/acknowledgement.txt", context),
            settings.DEFAULT_FROM_EMAIL,
            [user.email],
        )
    )
    return request


def tour_seen(*, user: User, tour: str) -> None:
    """Remember that the person went through (or closed) a guided tour; idempotent."""
    if tour in TourView.Tour.values:
        TourView.objects.get_or_create(user=user, tour=tour)
