"""Pages viewed per visit, logged cheaply.

A visit is a run of pages a signed-in person views without a pause longer than
``VISIT_GAP``. Per page viewed: one UPDATE of the visit's row (``pages + 1``) by primary
key; an INSERT only when a visit starts. The session learns the visit's id and when it
was last seen at most every ``SESSION_RESOLUTION`` (a session write is dearer than the
UPDATE), so the pause is measured to within that.

Counted: full-page GETs answered 200 with HTML. Not counted: static files, the API,
htmx partial updates, SCORM content, redirects, errors, visitors who are not signed in.
"""

from datetime import datetime, timedelta

from django.db.models import F
from django.utils import timezone

from mentor.reporting.models import Visit

VISIT_GAP = timedelta(minutes=30)
SESSION_RESOLUTION = timedelta(minutes=5)
SKIPPED_PREFIXES = ("/static/", "/media/", "/api/", "/scorm/", "/admin/jsi18n/", "/healthz")


def _counted(request, response) -> bool:
    return (
        request.method == "GET"
        and response.status_code == 200
        and response.get("Content-Type", "").startswith("text/html")
        and "HX-Request" not in request.headers
        and not request.path.startswith(SKIPPED_PREFIXES)
        and getattr(request, "user", None) is not None
        and request.user.is_authenticated
        and hasattr(request, "session")
    )


def visit_record(request) -> None:
    now = timezone.now()
    session = request.session
    visit_id, seen = session.get("visit_id"), session.get("visit_seen")
    last = datetime.fromisoformat(seen) if seen else None
    if visit_id and last and now - last <= VISIT_GAP:
        Visit.objects.filter(pk=visit_id).update(pages=F("pages") + 1, last_seen_at=now)
        if now - last >= SESSION_RESOLUTION:
            session["visit_seen"] = now.isoformat()
        return
    visit = Visit.objects.create(user=request.user, started_at=now, last_seen_at=now)
    session["visit_id"], session["visit_seen"] = visit.pk, now.isoformat()


class VisitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if _counted(request, response):
            visit_record(request)
        return response
