"""State changes for ProConnect identities: link, unlink, e-mail follow-up, refusals.

Keyword-only and transactional like every service; allauth creates the account itself on a
first sign-in (no usable password), and these functions handle what allauth does not.
"""

from __future__ import annotations

from typing import Any

from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from mentor.accounts.models import AttachmentChange, User
from mentor.accounts.proconnect.provider import PROVIDER_ID
from mentor.accounts.proconnect.selectors import proconnect_unlink_allowed
from mentor.accounts.services import user_attach
from mentor.audit.services import audit_record


@transaction.atomic
def proconnect_link(*, user: User, uid: str, extra_data: dict[str, Any]) -> SocialAccount:
    """Link a ProConnect identity to ``user``, who has just proven their local password.

    Refuses (nothing changed) when the identity already belongs to another account or the
    user already has a ProConnect identity.
    """
    locked = User.objects.select_for_update().get(pk=user.pk)
    if SocialAccount.objects.filter(provider=PROVIDER_ID, uid=uid).exists():
        raise ValidationError(_("Cette identité ProConnect est déjà liée à un compte Mentor."))
    if SocialAccount.objects.filter(provider=PROVIDER_ID, user=locked).exists():
        raise ValidationError(_("Votre compte est déjà lié à une identité ProConnect."))
    account = SocialAccount.objects.create(
        user=locked, provider=PROVIDER_ID, uid=uid, extra_data=extra_data
    )
    audit_record(
        actor=locked,
        action="accounts.proconnect_link",
        target=locked,
        entity=locked.entity,
        data={"uid": uid},
    )
    return account


@transaction.atomic
def proconnect_unlink(*, user: User) -> bool:
    """Remove the user's ProConnect identity; only once they can sign in with a password."""
    locked = User.objects.select_for_update().get(pk=user.pk)
    if not proconnect_unlink_allowed(user=locked):
        raise ValidationError(
            _(
                "Définissez d'abord un mot de passe : sans lui, vous ne pourriez plus vous "
                "connecter à Mentor."
            )
        )
    accounts = list(SocialAccount.objects.filter(user=locked, provider=PROVIDER_ID))
    if not accounts:
        return False
    for account in accounts:
        audit_record(
            actor=locked,
            action="accounts.proconnect_unlink",
            target=locked,
            entity=locked.entity,
            data={"uid": account.uid},
        )
        account.delete()
    return True


@transaction.atomic
def proconnect_email_sync(*, user: User, email: str) -> bool:
    """Follow an address changed at the provider: update the account, then re-attach it.

    Returns True when the address changed. Refuses (nothing changed) when another Mentor
    account already uses the new address.
    """
    email = email.strip().lower()
    locked = User.objects.select_for_update().get(pk=user.pk)
    if locked.email == email:
        return False
    if User.objects.filter(email__iexact=email).exclude(pk=locked.pk).exists():
        raise ValidationError(
            _(
                "ProConnect indique une nouvelle adresse électronique, %(email)s, déjà "
                "utilisée par un autre compte Mentor. Contactez l'assistance."
            )
            % {"email": email}
        )
    locked.email = email
    locked.save(update_fields=["email"])
    # The old address belonged to the previous post: the provider's one replaces it.
    EmailAddress.objects.filter(user=locked).delete()
    EmailAddress.objects.create(user=locked, email=email, verified=True, primary=True)
    user_attach(user=locked, trigger=AttachmentChange.Trigger.EMAIL_CHANGE)
    user.email, user.entity_id = locked.email, locked.entity_id
    user.attachment_source = locked.attachment_source
    return True


@transaction.atomic
def proconnect_signin_refused(*, code: str, detail: str = "") -> None:
    """Keep a trace of a refused ProConnect sign-in (tampered or unexpected response)."""
    audit_record(
        actor=None,
        action="accounts.proconnect_refused",
        target=None,
        data={"code": code, "detail": detail[:500]},
    )
