"""The decisions on a person's credits: in their data export, reasons blanked on erasure."""

from typing import Any

from mentor.accounts.models import User
from mentor.accounts.personal_data import register_eraser, register_section
from mentor.paths.models import ManualCredit


@register_section("parcours")
def _paths_section(user: User) -> list[dict[str, Any]]:
    rows = ManualCredit.objects.filter(user=user).select_related(
        "module__linked_session__training", "module__section__plan__session__training"
    )
    return [
        {
            "parcours": c.module.section.plan.session.training.title,
            "module": c.module.linked_session.training.title,
            "acquis_accorde": c.granted,
            "motif": c.reason,
            "date": c.updated_at.isoformat(),
        }
        for c in rows.order_by("created_at", "pk")
    ]


@register_eraser("paths")
def _paths_erase(user: User) -> None:
    """The reason may describe the person: blanked; the decision itself stays."""
    ManualCredit.objects.filter(user=user).exclude(reason="").update(reason="")
