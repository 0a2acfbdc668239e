"""What prescriptions adds to pages of lower apps: on a training's sheet (``catalog.sheet``) "prescribed by
your ministry, to finish before …"; at the top of "Mes formations" (``enrolments.mine_sections``)
the prescribed trainings with their due dates."""

from dataclasses import dataclass

from mentor.catalog.sheet import SheetNotice, register_sheet_part
from mentor.enrolments.mine_sections import MineSection, register_mine_section
from mentor.prescriptions.models import Assignment
from mentor.prescriptions.selectors import assignments_for_training, my_prescriptions


@dataclass(frozen=True)
class PrescriptionNotice(SheetNotice):
    assignment: Assignment
    template: str = "prescriptions/_sheet_notice.html"


@register_sheet_part("prescriptions")
def prescription_notices(*, user, training, sessions) -> dict:
    return {
        "sheet_notices": [
            PrescriptionNotice(a)
            for a in assignments_for_training(user=user, training_id=training.pk)
        ]
    }


@register_mine_section("prescriptions", order=0)
def prescribed_section(*, user) -> MineSection | None:
    assignments = my_prescriptions(user=user)
    if not assignments:
        return None
    return MineSection("prescriptions/_mine_section.html", {"assignments": assignments})
