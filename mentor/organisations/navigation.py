"""The organisations' links in the site's navigation (``core.navigation``)."""

from django.utils.translation import gettext_lazy as _

from mentor.core.navigation import register_link

register_link(
    "header",
    "entities",
    order=140,
    label=_("Ministères et partenaires"),
    url="organisations:list",
)
register_link(
    "footer", "contacts", order=10, label=_("Contacts"), url="organisations:list", match="never"
)
