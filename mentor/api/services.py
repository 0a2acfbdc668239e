"""Personal API tokens: created and revoked by their owner, audited."""

import hashlib
import secrets
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mentor.accounts.personal_data import register_eraser
from mentor.api.models import ApiToken
from mentor.audit.services import audit_record
from mentor.core.errors import Refusal

TOKEN_PREFIX = "mentor_"  # noqa: S105 (a public marker, not a secret)
MAX_ACTIVE_TOKENS = 10
#: ``last_used_at`` is written at most this often (one UPDATE per token per minute).
USE_RESOLUTION = timedelta(minutes=1)


def token_digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def api_token_create(*, user, name: str) -> tuple[ApiToken, str]:
    """A new token for ``user``; returns it with its secret, which is never stored and
    cannot be shown again."""
    name = name.strip()
    if not name:
        raise Refusal(_("Donnez un nom au jeton (par exemple, le système qui l’utilisera)."))
    if ApiToken.objects.filter(user=user, revoked_at__isnull=True).count() >= MAX_ACTIVE_TOKENS:
        raise Refusal(
            _("Vous avez déjà %(n)s jetons actifs : révoquez-en un avant d’en créer un autre.")
            % {"n": MAX_ACTIVE_TOKENS}
        )
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name[:100], prefix=secret[:12], digest=token_digest(secret)
    )
    audit_record(actor=user, action="api.token_create", target=token, data={"name": token.name})
    return token, secret


@transaction.atomic
def api_token_revoke(*, user, token_id: int) -> ApiToken:
    """Revoke one of ``user``'s tokens (someone else's is not found)."""
    token = ApiToken.objects.select_for_update().filter(user=user, pk=token_id).first()
    if token is None:
        raise Refusal(_("Ce jeton n’existe pas."))
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_record(actor=user, action="api.token_revoke", target=token, data={"name": token.name})
    return token


def api_token_authenticate(secret: str):
    """The active owner of an active token, or None; notes when the token was used."""
    if not secret.startswith(TOKEN_PREFIX) or len(secret) > 100:
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(digest=token_digest(secret), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > USE_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


@register_eraser("api_tokens")
def _revoke_all(user) -> None:
    """An erased account keeps no working token."""
    ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
