"""The accounts' links in the site's navigation (``core.navigation``): "Mon espace" for a
referent, "Mon profil", and the header's button with the person's name."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from mentor.accounts.models import Role
from mentor.accounts.permissions import role_assignments, scope_roots
from mentor.core.navigation import (
    Link,
    register_audience,
    register_link,
    register_provider,
    signed_in,
)


@register_audience("roles")
def _roles(request) -> tuple:
    """The links shown depend on the person's roles, their scope and (for "Mon espace")
    the slug of the entity they administer: everything ``core.permissions`` reads of a
    person besides their flags, from the cached roles (no query on most pages)."""
    return tuple(
        sorted(
            (ra.role, ra.entity_id or 0, ra.entity.slug if ra.entity_id else "")
            for ra in role_assignments(request.user)
        )
    )


def _my_space_url(request) -> str | None:
    """The entity a referent (space admin) administers; None for everyone else. Read from
    the cached roles: no query on most pages."""
    roots = scope_roots(request.user, Role.SPACE_ADMIN)
    return reverse("organisations:detail", args=[roots[0].slug]) if roots else None


register_link(
    "header",
    "space",
    order=100,
    label=_("Mon espace"),
    url=_my_space_url,
    when=signed_in,
    match="exact",
)
register_link(
    "header", "profile", order=150, label=_("Mon profil"), url="accounts:profile", when=signed_in
)


@register_provider("account_tools", "profile", order=10)
def _profile_button(request, **context) -> Link | None:
    if not signed_in(request):
        return None
    return Link(
        label=request.user.get_short_name(),
        url=reverse("accounts:profile"),
        icon="fr-icon-account-circle-line",
        name="profile",
    )


register_link(
    "core.privacy",
    "personal_data",
    label=_("Mes données personnelles"),
    url="accounts:personal_data",
    match="never",
)
