from django import template

from mentor.accounts.models import Role
from mentor.accounts.permissions import scope_roots

register = template.Library()


@register.simple_tag(takes_context=True)
def my_space(context):
    """The entity a referent (space admin) administers, for the header's "Mon espace" link;
    None for everyone else. Read from the cached roles: no query on most pages."""
    user = context.get("user")
    if user is None or not user.is_authenticated:
        return None
    roots = scope_roots(user, Role.SPACE_ADMIN)
    return roots[0] if roots else None
