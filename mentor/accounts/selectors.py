"""Read queries on accounts."""

from dataclasses import dataclass
from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.db import connection
from django.db.models import QuerySet

from mentor.accounts.models import AttachmentChange, RoleAssignment, User
from mentor.accounts.personal_data import register_section
from mentor.core.prepared import Prepared, is_key
from mentor.organisations.domains import InvalidDomain, domain_suffixes, email_domain
from mentor.organisations.models import EmailDomain

#: The second factors that make allauth ask for a code at sign-in (its ``AuthenticateStage``).
SIGN_IN_FACTORS = (Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN)


@dataclass(frozen=True)
class SignInFacts:
    """What a password sign-in asks about the account after checking the password, read
    with the account's row (``user_for_sign_in``) rather than by a query each: whether the
    address signed in with is verified (allauth's e-mail stage), whether a second factor is
    set (its MFA stage), and the entity the address designates (the automatic attachment,
    ``services.user_attach``). Valid for this request only, and only for ``email``."""

    email: str  # lower-cased, the address the facts were read for
    email_verified: bool | None  # None: the account has no such address
    second_factor: bool
    entity_id: int | None  # None: not a State address

    def about(self, email: str | None) -> bool:
        return email is not None and email.lower() == self.email


def _sign_in_sql(suffixes: int) -> str:
    """The account and its facts in one statement (see ``user_for_sign_in``), for an address
    whose domain has ``suffixes`` candidate suffixes (none: not a valid domain)."""
    q = connection.ops.quote_name
    user, address = q(User._meta.db_table), q(EmailAddress._meta.db_table)
    factor, domain = q(Authenticator._meta.db_table), q(EmailDomain._meta.db_table)
    entity = (
        f"(SELECT d.entity_id FROM {domain} d WHERE d.domain IN "  # noqa: S608
        f"({', '.join(['%s'] * suffixes)}) ORDER BY LENGTH(d.domain) DESC LIMIT 1)"
        if suffixes
        else "NULL"
    )
    return (
        f"SELECT u.*, "  # noqa: S608  (table names from the models, values as parameters)
        f"(SELECT a.verified FROM {address} a WHERE a.user_id = u.id AND a.email = %s LIMIT 1) "
        f"AS sign_in_email_verified, "
        f"EXISTS (SELECT 1 FROM {factor} f WHERE f.user_id = u.id AND f.type IN (%s, %s)) "
        f"AS sign_in_second_factor, "
        f"{entity} AS sign_in_entity_id "
        f"FROM {user} u WHERE u.email = %s"
    )


_USER_BY_KEY = Prepared(lambda *, key: User.objects.filter(pk=key))


def user_by_key(*, key: int) -> User | None:
    """The account whose primary key is ``key``, or None: what the session's
    authentication reads on every request of a signed-in person (``accounts.backends``),
    with SQL built once (``core.prepared``)."""
    if not is_key(key):
        return None
    return _USER_BY_KEY.first(key=key)


def user_for_sign_in(*, email: str) -> User:
    """The account whose e-mail is exactly ``email`` (as Django's ``ModelBackend`` looks it
    up), with its ``sign_in_facts``: one query for what a sign-in used to read in four.
    Raises ``User.DoesNotExist``.

    Written in SQL: it runs at every sign-in, and building it with the ORM (three
    subqueries) cost more CPU than the four queries it replaces. The address is unique per
    account (allauth), a domain is registered once (``EmailDomain.domain``)."""
    address = email.lower()
    try:
        suffixes = domain_suffixes(email_domain(email))
    except InvalidDomain:
        suffixes = []
    params = [address, *SIGN_IN_FACTORS, *suffixes, email]
    rows = list(User.objects.raw(_sign_in_sql(len(suffixes)), params))
    if len(rows) != 1:  # the e-mail is unique: none, or a second one is impossible
        raise User.DoesNotExist
    user: Any = rows[0]  # a User, with the three columns of the facts as attributes
    verified = user.sign_in_email_verified
    user.sign_in_facts = SignInFacts(
        email=address,
        email_verified=None if verified is None else bool(verified),
        second_factor=bool(user.sign_in_second_factor),
        entity_id=user.sign_in_entity_id,
    )
    return user


def sign_in_facts(user: Any, *, email: str | None) -> SignInFacts | None:
    """The facts read with ``user`` at this sign-in about ``email``, or None (the account
    came another way: allauth's own backend, a ProConnect sign-in...)."""
    facts = getattr(user, "sign_in_facts", None)
    return facts if facts is not None and facts.about(email) else None


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def members_count(*, entities) -> int:
    """How many people are attached to any of ``entities`` (an iterable or a queryset)."""
    return User.objects.filter(entity__in=entities).count()


def user_attachment_history(*, user: User) -> QuerySet[AttachmentChange]:
    return user.attachment_history.select_related("from_entity", "to_entity", "changed_by")


@register_section("compte")
def _account_section(user: User) -> dict[str, Any]:
    return {
        "adresse_electronique": user.email,
        "prenom": user.first_name,
        "nom": user.last_name,
        "date_inscription": _iso(user.date_joined),
        "derniere_connexion": _iso(user.last_login),
        "categorie": user.category,
        "statut": user.employment_status,
        "genre": user.gender,
        "identifiant_agent": user.agent_id,
        "entite": user.entity.name if user.entity else None,
        "origine_rattachement": user.attachment_source,
        "adresses": [
            {"adresse": e.email, "verifiee": e.verified, "principale": e.primary}
            for e in EmailAddress.objects.filter(user=user).order_by("email")
        ],
        "second_facteur": sorted(
            Authenticator.objects.filter(user=user).values_list("type", flat=True)
        ),
    }


@register_section("historique_rattachement")
def _attachment_section(user: User) -> list[dict[str, Any]]:
    return [
        {
            "date": _iso(change.created_at),
            "ancienne_entite": change.from_entity.name if change.from_entity else None,
            "nouvelle_entite": change.to_entity.name if change.to_entity else None,
            "declencheur": change.trigger,
            "motif": change.reason,
        }
        for change in user_attachment_history(user=user)
    ]


@register_section("roles")
def _roles_section(user: User) -> list[dict[str, Any]]:
    return [
        {"role": ra.role, "perimetre": ra.entity.name if ra.entity else None}
        for ra in RoleAssignment.objects.filter(user=user).select_related("entity")
    ]
