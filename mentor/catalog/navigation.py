"""The catalog's links in the site's navigation (``core.navigation``)."""

from django.utils.translation import gettext_lazy as _

from mentor.core.navigation import may, register_link

register_link("home", "catalog", label=_("Accueil"), url="catalog:home")
register_link("header", "home", order=10, label=_("Accueil"), url="catalog:home", match="exact")
register_link("header", "catalog", order=20, label=_("Offre de formation"), url="catalog:list")
register_link(
    "header",
    "designs",
    order=60,
    label=_("Mes conceptions"),
    url="catalog:designs",
    when=may("catalog.add_training"),
    tour=(
        "designer:2",
        _("Vos formations"),
        _(
            "Chaque formation que vous pouvez modifier, avec son état de publication : "
            "ouvrez-en une pour modifier sa fiche, ses sessions ou son contenu."
        ),
    ),
)
