"""What prescriptions adds to pages of lower apps: the sessions invitations open
(``catalog.grants``); on the home page (``catalog.home``) what is due within a month; on a
training's sheet (``catalog.sheet``) "prescribed by your ministry, to finish before …"; at the top of "Mes formations" (``enrolments.mine_sections``)
the prescribed trainings with their due dates."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from mentor.catalog.grants import register_session_grant
from mentor.catalog.home import SOON_DAYS, HomePart, register_home_part
from mentor.catalog.sheet import SheetNotice, register_sheet_part
from mentor.enrolments.cancellation_notices import register_cancellation_notice
from mentor.enrolments.mine_sections import MineSection, register_mine_section
from mentor.prescriptions.models import Assignment, Invitation
from mentor.prescriptions.selectors import assignments_for_training, due_soon, my_prescriptions


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


@register_session_grant("prescriptions.invitations")
def invited_sessions(user):
    """An accepted invitation opens its session (and only it) to an "other user"."""
    return Invitation.objects.filter(accepted_by=user, revoked_at__isnull=True).values("session_id")


@register_cancellation_notice("prescriptions")
def still_prescribed(*, user, session) -> list[str]:
    """Unenrolling keeps the assignment open: say so, with the due date."""
    return [
        _(
            "« %(t)s » vous reste prescrite (%(k)s) : à terminer avant le %(d)s. Elle demeure "
            "dans « Mes formations » ; inscrivez-vous à une autre session."
        )
        % {
            "t": a.campaign.training.title,
            "k": a.campaign.get_kind_display().lower(),
            "d": a.campaign.due_on.strftime("%d/%m/%Y"),
        }
        for a in assignments_for_training(user=user, training_id=session.training_id)
        if a.done_at is None
    ]


@register_home_part("prescriptions-due", order=20)
def due_soon_part(*, user) -> HomePart | None:
    due = due_soon(user=user, days=SOON_DAYS)
    if not due:
        return None
    return HomePart("prescriptions/_home_due.html", {"assignments": due})
