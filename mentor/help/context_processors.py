from django.conf import settings
from django.urls import reverse

from mentor.core.permissions import can
from mentor.help.selectors import tours_pending

SESSION_KEY = "help_tours_pending"


def tour(request) -> dict:
    """The guided tours still to offer the signed-in person (``data-tours`` on <body>, read
    by ``static/mentor/tour.js``), and where it says a tour was seen (``data-tour-seen-url``:
    the shell names no help URL). Kept in the session once read: no query on most pages;
    ``views.tour_seen`` updates it."""
    user = getattr(request, "user", None)
    seen_url = reverse("help:tour_seen")
    if user is None or not user.is_authenticated or not settings.HELP_TOURS_AUTOSTART:
        return {"TOURS_PENDING": "", "TOUR_SEEN_URL": seen_url}
    pending = request.session.get(SESSION_KEY)
    if pending is None:
        pending = " ".join(tours_pending(user=user, designer=can(user, "catalog.add_training")))
        request.session[SESSION_KEY] = pending
    return {"TOURS_PENDING": pending, "TOUR_SEEN_URL": seen_url}
