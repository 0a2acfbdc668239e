"""Who may read a training's satisfaction results (answering is the enrolled agent's own
business: see ``selectors.enrolment_of_owner``)."""

from mentor.catalog.models import Training
from mentor.core.permissions import can, rule


@rule("surveys.view_report")
def can_view_report(user, training: Training) -> bool:
    """Those who edit the training: its designers and space admins, and platform admins."""
    return can(user, "catalog.change_training", training)


@rule("surveys.edit_questions")
def can_edit_questions(user, training: Training) -> bool:
    """The training's extra questions: whoever edits the training."""
    return can(user, "catalog.change_training", training)
