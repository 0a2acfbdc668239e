"""What learning adds to pages of lower apps: "Reprendre" on the home page
(``catalog.home``), one click back to where the person stopped."""

from mentor.catalog.home import HomePart, register_home_part
from mentor.learning.selectors import last_activity


@register_home_part("learning-resume", order=10)
def resume_part(*, user) -> HomePart | None:
    progress = last_activity(user=user)
    if progress is None:
        return None
    return HomePart("learning/_home_resume.html", {"progress": progress})
