"""The reporting's links in the site's navigation (``core.navigation``)."""

from django.utils.translation import gettext_lazy as _

from mentor.core.navigation import may, register_link

register_link(
    "header",
    "reporting",
    order=110,
    label=_("Pilotage"),
    url="reporting:dashboard",
    when=may("reporting.view"),
)
