from django.db.models import QuerySet

from mentor.api.models import ApiToken


def api_tokens_of(user) -> QuerySet[ApiToken]:
    """The user's tokens, newest first (the secrets are not there: only digests)."""
    return ApiToken.objects.filter(user=user).order_by("revoked_at", "-created_at")
