"""The tutoring's links in the site's navigation (``core.navigation``)."""

from django.utils.translation import gettext_lazy as _

from mentor.core.navigation import may, register_link

register_link(
    "header",
    "tutoring",
    order=90,
    label=_("Mes sessions"),
    url="learning:tutor_sessions",
    when=may("learning.tutor_any"),
)
