"""The learning paths' links in the site's navigation (``core.navigation``)."""

from django.utils.translation import gettext_lazy as _

from mentor.core.navigation import register_link

register_link("header", "paths", order=30, label=_("Parcours"), url="paths:index", match="exact")
