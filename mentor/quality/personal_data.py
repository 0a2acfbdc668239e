"""The self-assessment's part of a person's data (``accounts.personal_data``): the
assessments they made; erasure unnames them (the assessment stays with its training)."""

from mentor.accounts.models import User
from mentor.accounts.personal_data import register_eraser, register_section
from mentor.quality.models import Assessment


@register_section("quality")
def _quality_section(user: User) -> list[dict]:
    return [
        {
            "formation": a.training.title,
            "phase": a.get_phase_display(),
            "faite_le": a.created_at.isoformat(),
            "commentaire": a.comment,
        }
        for a in Assessment.objects.filter(made_by=user).select_related("training").order_by("pk")
    ]


@register_eraser("quality")
def _quality_erase(user: User) -> None:
    Assessment.objects.filter(made_by=user).update(made_by=None)
