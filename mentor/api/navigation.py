"""The API's link in the profile's menu (``core.navigation``): the person's API tokens."""

from django.utils.translation import gettext_lazy as _

from mentor.core.navigation import register_link

register_link(
    "accounts.menu", "tokens", label=_("Jetons d’API"), url="api_tokens:list", match="exact"
)
