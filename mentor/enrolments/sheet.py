"""What enrolments adds to a training's sheet (see ``catalog.sheet``): the sessions the
person is enrolled in, so the sheet offers "Me désinscrire" there and "M'inscrire" elsewhere."""

from mentor.catalog.sheet import register_sheet_part
from mentor.enrolments.selectors import enrolled_session_ids


@register_sheet_part("enrolments")
def enrolment_state(*, user, training, sessions) -> dict:
    return {"enrolled_ids": enrolled_session_ids(user=user, session_ids=[s.pk for s in sessions])}
