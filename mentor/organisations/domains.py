"""Pure functions on e-mail domains: normalisation and the candidate suffixes to match.

Kept free of the ORM so they can be checked exhaustively with property-based tests.
"""

from collections.abc import Iterable

from django.utils.translation import gettext as _


class InvalidDomain(ValueError):
    pass


def normalise_domain(value: str) -> str:
    """Lower-case, strip spaces, a leading "@" and trailing dots; IDNA-encode unicode labels.

    Raises InvalidDomain for anything that cannot be an e-mail domain.
    """
    domain = (value or "").strip().lstrip("@").rstrip(".").lower()
    if not domain:
        raise InvalidDomain(_("Le domaine est vide."))
    try:
        domain = domain.encode("idna").decode("ascii")
    except UnicodeError as exc:
        raise InvalidDomain(
            _("« %(domain)s » n'est pas un domaine valide.") % {"domain": value}
        ) from exc
    labels = domain.split(".")
    if len(domain) > 253 or any(not label or len(label) > 63 for label in labels):
        raise InvalidDomain(_("« %(domain)s » n'est pas un domaine valide.") % {"domain": value})
    allowed = set("abcdefghijklmnopqrstuvwxyz0123456789-")
    if any(
        set(label) - allowed or label.startswith("-") or label.endswith("-") for label in labels
    ):
        raise InvalidDomain(_("« %(domain)s » n'est pas un domaine valide.") % {"domain": value})
    return domain


def email_domain(email: str) -> str:
    """The normalised domain of an e-mail address (the part after the last "@")."""
    if "@" not in (email or ""):
        raise InvalidDomain(_("L'adresse électronique n'a pas de domaine."))
    return normalise_domain(email.rsplit("@", 1)[1])


def domain_suffixes(domain: str) -> list[str]:
    """Every suffix of a normalised domain on a label boundary, longest first.

    ``"a.justice.gouv.fr"`` → ``["a.justice.gouv.fr", "justice.gouv.fr", "gouv.fr", "fr"]``.
    """
    labels = domain.split(".")
    return [".".join(labels[i:]) for i in range(len(labels))]


def longest_suffix_match(domain: str, registered: Iterable[str]) -> str | None:
    """The longest registered domain that ``domain`` equals or is a subdomain of."""
    suffixes = set(domain_suffixes(domain))
    return max((d for d in registered if d in suffixes), key=len, default=None)
