"""What the editorial app plugs into the catalog: the publication listener (reviews and
e-mails) and the sheet part (labels); and into core's rich-text editor: where it uploads
images."""

from functools import partial

from django.urls import reverse
from django.utils.translation import gettext as _

from mentor.catalog.publication import register_publication_listener
from mentor.catalog.review_panels import ReviewPanel, register_review_panel
from mentor.catalog.sheet import register_sheet_part
from mentor.core.permissions import can
from mentor.core.richtext import register_upload_url
from mentor.editorial.selectors import labels_of, review_history
from mentor.editorial.services import record_publication_event

register_publication_listener("editorial.reviews")(record_publication_event)
register_upload_url(partial(reverse, "editorial:editor_image"))


@register_sheet_part("editorial.labels")
def labels_part(*, user, training, sessions) -> dict:
    return {"training_labels": labels_of(training=training)}


@register_review_panel("editorial.history", order=-10)
def history_panel(*, user, training) -> ReviewPanel | None:
    """The review history (decisions and comments per criterion), for the designers of the
    training and the committee."""
    if not (
        can(user, "catalog.change_training", training) or can(user, "editorial.review", training)
    ):
        return None
    history = review_history(training=training)
    if not history:
        return None
    return ReviewPanel(
        title=_("Historique des relectures"),
        template="editorial/_history_panel.html",
        context={"history": history},
    )
