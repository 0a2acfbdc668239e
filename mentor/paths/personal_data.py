"""A person's data in paths: decisions on their credits and the work they handed in, in
their export; reasons and texts blanked, deliverables deleted on erasure."""

from typing import Any

from mentor.accounts.models import User
from mentor.accounts.personal_data import register_eraser, register_section
from mentor.paths.models import ManualCredit, Submission


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


@register_section("travaux_remis")
def _submissions_section(user: User) -> list[dict[str, Any]]:
    rows = Submission.objects.filter(enrolment__user=user).select_related(
        "activity", "enrolment__session__training"
    )
    return [
        {
            "formation": s.enrolment.session.training.title,
            "activite": s.activity.title,
            "texte": s.text,
            "livrable": bool(s.file),
            "etat": s.get_status_display(),
            "commentaire_du_tuteur": s.comment,
            "remis_le": s.submitted_at.isoformat(),
        }
        for s in rows.order_by("submitted_at", "pk")
    ]


@register_eraser("paths.submissions")
def _submissions_erase(user: User) -> None:
    """What the person wrote and handed in describes them: texts blanked and deliverables
    deleted; the review (validated or not) stays, as their progress does."""
    for submission in Submission.objects.filter(enrolment__user=user).exclude(file=""):
        submission.file.delete(save=False)
    Submission.objects.filter(enrolment__user=user).update(text="", file="", comment="")
