"""Invitations of "other users" (contractors, partners: not State agents) to one session.

A space admin of the training's scope, or a tutor of the session, invites an address; the
e-mail's link (a random token, stored hashed) lets that person create their account — or
sign in to the one they have — and enrols them in that session. Accepting is what opens the
session, and only it, to them (``hooks.invited_sessions``, a ``catalog.grants`` entry).
Invitations expire, may be revoked while pending, and every step is audited.
"""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage
from django.core.validators import validate_email
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from mentor.accounts.models import User
from mentor.accounts.services import user_create_invited
from mentor.audit.services import audit_record
from mentor.catalog.models import Session
from mentor.core.email import email_enqueue
from mentor.core.permissions import can
from mentor.enrolments.services import EnrolmentError, enrolment_create
from mentor.organisations.selectors import entity_for_email
from mentor.prescriptions.models import Invitation
from mentor.prescriptions.services import PrescriptionError

#: How long an invitation's link stays valid.
INVITATION_DAYS = 14


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _scope_entity(session: Session):
    training = session.training
    return training.owner_entity or training.producer


@dataclass
class NewInvitation:
    invitation: Invitation
    token: str  # only here and in the e-mail; the table keeps its hash

    @property
    def url(self) -> str:
        return settings.SITE_URL + reverse("prescriptions:invitation", args=[self.token])


@transaction.atomic
def invitation_create(
    *, actor: User, session: Session, email: str, message: str = ""
) -> NewInvitation:
    """Invite ``email`` to ``session`` and send the link. Refused (nothing created) for an
    invalid address, a State agent's address (they are reached by campaigns), a session
    already finished, an invitation still pending or already accepted for that address."""
    if not can(actor, "prescriptions.invite", session):
        raise PermissionDenied
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError as exc:
        raise PrescriptionError(
            _("« %(e)s » n'est pas une adresse électronique valide.") % {"e": email[:80]}
        ) from exc
    existing_user = User.objects.filter(email__iexact=email).first()
    if entity_for_email(email) is not None or (existing_user and existing_user.entity_id):
        raise PrescriptionError(
            _(
                "%(e)s est l'adresse d'un agent de l'État : il voit déjà l'offre et peut "
                "s'inscrire, ou recevoir la formation par une campagne."
            )
            % {"e": email}
        )
    if session.ends_on < timezone.localdate():
        raise PrescriptionError(_("Cette session est terminée : on ne peut plus y inviter."))
    current = (
        Invitation.objects.select_for_update()
        .filter(session=session, email=email, revoked_at__isnull=True)
        .order_by("-pk")
    )
    now = timezone.now()
    for previous in current:
        if previous.accepted_at:
            raise PrescriptionError(
                _("%(e)s a déjà accepté une invitation à cette session.") % {"e": email}
            )
        if previous.expires_at > now:
            raise PrescriptionError(
                _("Une invitation à cette session attend déjà la réponse de %(e)s.") % {"e": email}
            )
        # Expired: the new invitation replaces it.
        previous.revoked_at = now
        previous.save(update_fields=["revoked_at", "updated_at"])
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        email=email,
        session=session,
        message=(message or "").strip(),
        token_hash=_hash(token),
        expires_at=now + timedelta(days=INVITATION_DAYS),
        invited_by=actor,
    )
    audit_record(
        actor=actor,
        action="prescriptions.invite",
        target=invitation,
        entity=_scope_entity(session),
        data={"email": email, "session": session.pk},
    )
    new = NewInvitation(invitation, token)
    context = {"invitation": invitation, "session": session, "url": new.url, "actor": actor}
    email_enqueue(
        EmailMessage(
            _("[Mentor] Invitation à la formation « %(t)s »") % {"t": session.training.title},
            render_to_string("prescriptions/email/invitation.txt", context),
            settings.DEFAULT_FROM_EMAIL,
            [email],
        )
    )
    return new


@transaction.atomic
def invitation_revoke(*, actor: User, invitation: Invitation) -> bool:
    """Withdraw a pending invitation: its link stops working. Idempotent (False when it was
    already revoked); an accepted invitation cannot be revoked (the person is enrolled)."""
    if not can(actor, "prescriptions.invite", invitation.session):
        raise PermissionDenied
    locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if locked.accepted_at:
        raise PrescriptionError(
            _("Cette invitation est déjà acceptée : la personne est inscrite à la session.")
        )
    if locked.revoked_at:
        return False
    locked.revoked_at = timezone.now()
    locked.save(update_fields=["revoked_at", "updated_at"])
    invitation.revoked_at = locked.revoked_at
    audit_record(
        actor=actor,
        action="prescriptions.revoke_invitation",
        target=locked,
        entity=_scope_entity(locked.session),
        data={"email": locked.email, "session": locked.session_id},
    )
    return True


def invitation_for_token(token: str) -> Invitation:
    """The invitation a link designates, whatever its state; refused when unknown."""
    invitation = (
        Invitation.objects.select_related("session__training", "invited_by")
        .filter(token_hash=_hash(token or ""))
        .first()
    )
    if invitation is None:
        raise PrescriptionError(_("Ce lien d'invitation n'est pas valide."))
    return invitation


def _check_open(invitation: Invitation) -> None:
    if invitation.revoked_at:
        raise PrescriptionError(
            _("Cette invitation a été retirée par la personne qui l'a envoyée.")
        )
    if invitation.accepted_at:
        raise PrescriptionError(_("Cette invitation a déjà été acceptée."))
    if invitation.expires_at <= timezone.now():
        raise PrescriptionError(
            _("Cette invitation a expiré : demandez-en une nouvelle à la personne qui l'a envoyée.")
        )


@transaction.atomic
def invitation_accept(*, token: str, user: User) -> Invitation:
    """The signed-in person accepts: the invitation must be pending and addressed to their
    account's address. Records the acceptance (which opens the session to them), then
    enrols them; if the session cannot take them (full, closed), nothing is recorded."""
    invitation = invitation_for_token(token)
    invitation = (
        Invitation.objects.select_for_update()
        .select_related("session__training")
        .get(pk=invitation.pk)
    )
    _check_open(invitation)
    if user.email.lower() != invitation.email:
        raise PrescriptionError(
            _(
                "Cette invitation est adressée à %(e)s : connectez-vous avec ce compte "
                "pour l'accepter."
            )
            % {"e": invitation.email}
        )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by", "updated_at"])
    try:
        enrolment_create(user=user, session_id=invitation.session_id)
    except EnrolmentError as error:
        raise PrescriptionError(error.message) from error
    audit_record(
        actor=user,
        action="prescriptions.accept_invitation",
        target=invitation,
        entity=_scope_entity(invitation.session),
        data={"session": invitation.session_id},
    )
    return invitation


@transaction.atomic
def invitation_accept_new_account(
    *, token: str, password: str, first_name: str, last_name: str
) -> tuple[User, Invitation]:
    """Someone without an account accepts: their account is created with the invited
    address (verified by the link itself), then the invitation is accepted as above."""
    invitation = invitation_for_token(token)
    _check_open(invitation)
    try:
        user = user_create_invited(
            email=invitation.email, password=password, first_name=first_name, last_name=last_name
        )
    except ValidationError as error:
        raise PrescriptionError(error.messages[0]) from error
    return user, invitation_accept(token=token, user=user)
