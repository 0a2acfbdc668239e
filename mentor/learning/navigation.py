"""The tutoring's links in the site's navigation (``core.navigation``)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from mentor.core.navigation import Link, may, register_link, register_provider

register_link(
    "header",
    "tutoring",
    order=90,
    label=_("Mes sessions"),
    url="learning:tutor_sessions",
    when=may("learning.tutor_any"),
)


@register_provider("catalog.training", "content")
def training_content(request, *, training, **context) -> Link:
    """The training form's way to its course content."""
    return Link(
        label=_("Contenu de la formation"),
        url=reverse("learning:authoring", args=[training.slug]),
        name="content",
    )


@register_provider("enrolments.card", "course")
def course(request, *, enrolment, **context) -> Link:
    """ "Mes formations": each enrolment's way into its course."""
    return Link(
        label=_("Suivre la formation"),
        url=reverse("learning:course", args=[enrolment.pk]),
        name="course",
    )
