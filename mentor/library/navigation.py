"""The library's links in the site's navigation (``core.navigation``)."""

from django.utils.translation import gettext_lazy as _

from mentor.core.navigation import may, register_link

register_link(
    "header",
    "library",
    order=70,
    label=_("Bibliothèque"),
    url="library:index",
    when=may("library.use"),
)
register_link(
    "catalog.designs",
    "library",
    order=10,
    label=_("Bibliothèque de formations"),
    url="library:index",
    match="never",
)
