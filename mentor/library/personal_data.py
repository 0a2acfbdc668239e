"""The library's part of a person's data (``accounts.personal_data``): the trainings they
deposited and the copies they asked for; erasure unnames them (the rows stay: they belong
to the entities' offer)."""

from mentor.accounts.models import User
from mentor.accounts.personal_data import register_eraser, register_section
from mentor.library.models import Deposit, TrainingCopy


@register_section("library")
def _library_section(user: User) -> dict:
    return {
        "depots": [
            {"formation": d.training.title, "depose_le": d.created_at.isoformat()}
            for d in Deposit.objects.filter(deposited_by=user).select_related("training")
        ],
        "copies_demandees": [
            {"titre": c.title, "origine": c.origin_title, "demandee_le": c.created_at.isoformat()}
            for c in TrainingCopy.objects.filter(requested_by=user).order_by("pk")
        ],
    }


@register_eraser("library")
def _library_erase(user: User) -> None:
    Deposit.objects.filter(deposited_by=user).update(deposited_by=None)
    TrainingCopy.objects.filter(requested_by=user).update(requested_by=None)
