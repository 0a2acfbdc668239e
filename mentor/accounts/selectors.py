"""Read queries on accounts."""

from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.db.models import QuerySet

from mentor.accounts.models import AttachmentChange, RoleAssignment, User
from mentor.accounts.personal_data import register_section


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
