"""Reads on attestations: the holder's download, public verification, personal data."""

from django.db.models import Q
from django.urls import reverse

from mentor.accounts.models import AnyUser, User
from mentor.accounts.personal_data import register_section
from mentor.attestations.models import Attestation, number_normalise
from mentor.core.middleware import site_url


def attestation_of_owner(*, user: AnyUser, enrolment_id: int) -> Attestation | None:
    """The valid attestation of one of the user's own enrolments; None for anyone else's,
    for a revoked one and when none was issued (the caller answers 404 to all three)."""
    if not user.is_authenticated:
        return None
    return Attestation.objects.filter(
        enrolment_id=enrolment_id, enrolment__user=user, revoked_at__isnull=True
    ).first()


def attestation_by_number(raw: str) -> Attestation | None:
    """The attestation a typed number designates, or None (malformed input included)."""
    number = number_normalise(raw)
    if number is None:
        return None
    return Attestation.objects.filter(number=number).first()


def verification_url(number: str) -> str:
    """Absolute address printed on the document and in its QR code."""
    path = reverse("attestations:verify_number", kwargs={"number": number})
    return f"{site_url()}{path}"


def attestations_of(*, user: User) -> list[Attestation]:
    """The person's attestations, newest first, revoked ones included (they say so). One
    query."""
    return list(Attestation.objects.filter(_held_by(user)).order_by("-issued_at", "-pk").distinct())


def _held_by(user: User) -> Q:
    """The person's attestations, those whose completion was withdrawn included."""
    return Q(enrolment__user=user) | Q(former_enrolment__user=user)


@register_section("attestations")
def _attestations_section(user: User) -> list[dict]:
    rows = Attestation.objects.filter(_held_by(user)).order_by("issued_at", "pk").distinct()
    return [
        {
            "numero": a.number,
            "formation": a.training_title,
            "producteur": a.producer_name,
            "duree_heures": str(a.duration_hours),
            "terminee_le": a.completed_at.isoformat(),
            "delivree_le": a.issued_at.isoformat(),
            "revoquee_le": a.revoked_at.isoformat() if a.revoked_at else None,
        }
        for a in rows
    ]
