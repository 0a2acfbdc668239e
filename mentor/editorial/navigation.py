"""The editorial committee's links in the site's navigation (``core.navigation``)."""

from django.utils.translation import gettext_lazy as _

from mentor.core.navigation import may, register_link

register_link(
    "header",
    "committee",
    order=120,
    label=_("Comité éditorial"),
    url="editorial:queue",
    when=may("editorial.review"),
)
register_link(
    "header",
    "resources",
    order=130,
    label=_("Ressources"),
    url="editorial:resources",
    when=may("editorial.use_resources"),
)
