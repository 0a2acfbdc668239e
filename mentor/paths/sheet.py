"""What paths add to a training's sheet: the way to the path page."""

from django.urls import reverse
from django.utils.translation import gettext as _

from mentor.catalog.sheet import LinkNotice, register_sheet_part


@register_sheet_part("paths")
def path_callout(*, user, training, sessions) -> dict:
    if not training.is_path:
        return {}
    return {
        "sheet_notices": [
            LinkNotice(
                key="path",
                text=_(
                    "Ce parcours assemble des modules de plusieurs formations. Les formations "
                    "que vous avez déjà suivies sont reprises : voyez lesquelles sur la page "
                    "du parcours."
                ),
                url=reverse("paths:detail", kwargs={"slug": training.slug}),
                label=_("Voir les modules du parcours"),
            )
        ]
    }
