"""What learning adds to pages of lower apps: "Reprendre" on the home page
(``catalog.home``), one click back to where the person stopped; each training's progress
in "Mes formations" (``enrolments.card_parts``)."""

from mentor.catalog.home import HomePart, register_home_part
from mentor.enrolments.card_parts import CardPart, register_card_part
from mentor.enrolments.models import Enrolment
from mentor.learning.selectors import last_activity, progress_summaries


@register_home_part("learning-resume", order=10)
def resume_part(*, user) -> HomePart | None:
    progress = last_activity(user=user)
    if progress is None:
        return None
    return HomePart("learning/_home_resume.html", {"progress": progress})


@register_card_part("learning-progress", order=0)
def progress_part(enrolments: list[Enrolment]) -> dict[int, CardPart]:
    """Each training's progress bar, last activity and time spent in "Mes formations"."""
    return {
        pk: CardPart("learning/_card_progress.html", {"summary": summary})
        for pk, summary in progress_summaries(enrolments=enrolments).items()
    }
