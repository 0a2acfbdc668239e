from django.conf import settings

from mentor.core.permissions import can
from mentor.help.selectors import tours_pending

SESSION_KEY = "help_tours_pending"


def tour(request) -> dict:
    """The guided tours still to offer the signed-in person (``data-tours`` on <body>, read
    by ``static/mentor/tour.js``). Kept in the session once read: no query on most pages;
    ``views.tour_seen`` updates it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not settings.HELP_TOURS_AUTOSTART:
        return {"TOURS_PENDING": ""}
    pending = request.session.get(SESSION_KEY)
    if pending is None:
        pending = " ".join(tours_pending(user=user, designer=can(user, "catalog.add_training")))
        request.session[SESSION_KEY] = pending
    return {"TOURS_PENDING": pending}
