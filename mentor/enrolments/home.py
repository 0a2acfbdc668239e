"""What enrolments adds to the home page (``catalog.home``): the person's sessions that
start soon."""

from mentor.catalog.home import SOON_DAYS, HomePart, register_home_part
from mentor.enrolments.selectors import enrolments_starting_soon


@register_home_part("enrolments-soon", order=30)
def starting_soon_part(*, user) -> HomePart | None:
    enrolments = enrolments_starting_soon(user=user, days=SOON_DAYS)
    if not enrolments:
        return None
    return HomePart("enrolments/_home_soon.html", {"enrolments": enrolments})
