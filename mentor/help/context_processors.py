from django.conf import settings
from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from mentor.core.permissions import can
from mentor.help.selectors import tours_pending

SESSION_KEY = "help_tours_pending"


def tour(request) -> dict:
    """The guided tours still to offer the signed-in person (``data-tours`` on <body>, read
    by ``static/mentor/tour.js``), and where it says a tour was seen (``data-tour-seen-url``:
    the shell names no help URL). Read when a template shows it, then kept in the session:
    no query on most pages; ``views.tour_seen`` updates it."""
    user = getattr(request, "user", None)
    seen_url = reverse("help:tour_seen")
    if user is None or not user.is_authenticated or not settings.HELP_TOURS_AUTOSTART:
        return {"TOURS_PENDING": "", "TOUR_SEEN_URL": seen_url}

    def pending() -> str:
        value = request.session.get(SESSION_KEY)
        if value is None:
            value = " ".join(tours_pending(user=user, designer=can(user, "catalog.add_training")))
            request.session[SESSION_KEY] = value
        return value

    # Read only by the pages' shell: a text rendered with the request's context (allauth's
    # "signed in" message, right after the sign-in) costs no query.
    return {"TOURS_PENDING": SimpleLazyObject(pending), "TOUR_SEEN_URL": seen_url}
