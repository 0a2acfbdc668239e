"""The help centre's links in the site's navigation and on the pages of the apps below it
(``core.navigation``): the header's "Aide" button, the footer's help centre, "Mes fichiers",
and each page's "Aide sur…" link (slots ``help.<topic>``)."""

from django.utils.translation import gettext_lazy as _

from mentor.core.navigation import register_link, signed_in

register_link(
    "header",
    "files",
    order=50,
    label=_("Mes fichiers"),
    url="files:mine",
    when=signed_in,
    match="exact",
)
register_link(
    "tools",
    "help",
    order=10,
    label=_("Aide"),
    url="help:index",
    icon="fr-icon-question-line",
    match="never",
    tour=(
        "agent:3 designer:3",
        _("Besoin d’aide ?"),
        _(
            "Les réponses aux questions fréquentes, le formulaire de contact et ces visites "
            "guidées, à revoir quand vous voulez."
        ),
    ),
)
register_link("footer", "help", order=20, label=_("Centre d’aide"), url="help:index", match="never")

# The "Aide sur…" link of a page: topic, label, anchor in the help centre.
TOPICS = [
    ("connexion", _("Aide à la connexion"), "#aide-connexion"),
    ("inscriptions", _("Aide sur les inscriptions"), "#aide-inscriptions"),
    ("attestations", _("Aide sur les attestations"), "#aide-attestations"),
    ("mine", _("Aide sur les inscriptions et les attestations"), "#aide-attestations"),
    ("rattachement", _("Aide sur le rattachement"), "#aide-rattachement"),
]
for topic, label, fragment in TOPICS:
    register_link(
        f"help.{topic}", "help", label=label, url="help:index", fragment=fragment, match="never"
    )
