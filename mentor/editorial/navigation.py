"""The editorial committee's links in the site's navigation (``core.navigation``)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from mentor.core.navigation import Link, may, register_link, register_provider

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


@register_provider("organisations.entity", "space")
def space_page(request, *, entity, **context) -> Link:
    """An entity's public space page (offer, news, sub-spaces)."""
    return Link(label=entity.name, url=reverse("editorial:space", args=[entity.slug]), name="space")
