"""The satisfaction survey's link on the training's form (``core.navigation``)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from mentor.core.navigation import Link, register_provider


@register_provider("catalog.training", "survey_report")
def survey_report(request, *, training, **context) -> Link:
    return Link(
        label=_("Résultats du questionnaire de satisfaction"),
        url=reverse("surveys:report", args=[training.slug]),
        name="survey_report",
    )
