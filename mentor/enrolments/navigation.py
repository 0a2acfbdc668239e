"""The enrolments' links in the site's navigation (``core.navigation``)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from mentor.core.navigation import Link, register_link, register_provider, signed_in

register_link(
    "header",
    "mine",
    order=40,
    label=_("Mes formations"),
    url="enrolments:mine",
    when=signed_in,
    match="exact",
    tour=(
        "agent:2",
        _("Mes formations"),
        _(
            "Vos inscriptions, votre progression et vos attestations ; « Reprendre » sur "
            "l’accueil vous ramène là où vous vous êtes arrêté."
        ),
    ),
)
register_link(
    "catalog.no_offer", "mine", label=_("Mes formations"), url="enrolments:mine", match="never"
)


@register_provider("catalog.session", "enrolment")
def session_actions(request, *, session, **context) -> list[Link]:
    """Where the training sheet's buttons enrol in and leave a session."""
    return [
        Link(
            label=_("M’inscrire"), url=reverse("enrolments:enrol", args=[session.pk]), name="enrol"
        ),
        Link(
            label=_("Me désinscrire"),
            url=reverse("enrolments:unenrol", args=[session.pk]),
            name="unenrol",
        ),
    ]
