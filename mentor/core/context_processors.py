from django.utils.translation import gettext_lazy as _

from mentor.core.middleware import site_url

_SITE = {
    "site_title": "Mentor",
    "site_tagline": _("La plateforme interministérielle de formation des agents de l'État"),
    "footer_description": _(
        "Mentor est la plateforme de formation en ligne de la fonction publique de l'État, "
        "portée par la direction générale de l'administration et de la fonction publique."
    ),
    "mourning": False,
    "beta_tag": True,
}


def site(request) -> dict:
    """Site-wide constants for the DSFR shell (no database query, unlike dsfr's processor)."""
    return {"SITE_CONFIG": _SITE, "SITE_URL": site_url()}
