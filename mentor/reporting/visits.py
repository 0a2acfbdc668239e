"""Pages viewed per visit, logged cheaply.

A visit is a run of pages a signed-in person views without a pause longer than
``VISIT_GAP``. The log holds one row per visit, never one per page:

- when a visit starts: one INSERT, and its id and time noted in the session;
- on each later page: a counter in the cache is incremented (no database query);
- at most every ``FLUSH_EVERY`` (and when the next visit starts), the pages counted in the
  cache are added to the row by one UPDATE, and the session's time is refreshed.

So the pause is measured to within ``FLUSH_EVERY``, and the last few minutes of a visit
reach the row when the person comes back (or stay in the cache until it expires: a visit
then counts a little short, never double).

Counted: full-page GETs answered 200 with HTML. Not counted: static files, the API,
htmx partial updates, SCORM content, the admin, redirects, errors, visitors not signed in.
"""

from datetime import datetime, timedelta

from django.core.cache import cache
from django.db.models import F
from django.utils import timezone

from mentor.reporting.models import Visit
from mentor.scorm.content import is_content_request

VISIT_GAP = timedelta(minutes=30)
FLUSH_EVERY = timedelta(minutes=5)
PENDING_TTL = 30 * 24 * 3600  # pages not yet written wait at most a month in the cache
SKIPPED_PREFIXES = ("/static/", "/media/", "/api/", "/scorm/", "/admin/", "/healthz")


def _counted(request, response) -> bool:
    return (
        request.method == "GET"
        and response.status_code == 200
        and response.get("Content-Type", "").startswith("text/html")
        and "HX-Request" not in request.headers
        and not request.path.startswith(SKIPPED_PREFIXES)
        # The SCORM content origin serves package files without any session: reading the
        # user here would load one (and add "Vary: Cookie" to the package's pages).
        and not is_content_request(request)
        and getattr(request, "user", None) is not None
        and request.user.is_authenticated
        and hasattr(request, "session")
    )


def _key(visit_id: int) -> str:
    return f"reporting:visit:{visit_id}"


def _take_pending(visit_id: int) -> int:
    """The pages counted in the cache since the last write, reset to zero."""
    pending = cache.get(_key(visit_id)) or 0
    if pending:
        cache.delete(_key(visit_id))
    return int(pending)


def _flush(visit_id: int, now: datetime) -> None:
    pending = _take_pending(visit_id)
    if pending:
        Visit.objects.filter(pk=visit_id).update(pages=F("pages") + pending, last_seen_at=now)


def visit_record(request) -> None:
    now = timezone.now()
    session = request.session
    visit_id, seen = session.get("visit_id"), session.get("visit_seen")
    last = datetime.fromisoformat(seen) if seen else None
    if visit_id and last and now - last <= VISIT_GAP:
        try:
            cache.incr(_key(visit_id))
        except ValueError:  # no counter yet (or the cache lost it)
            cache.set(_key(visit_id), 1, PENDING_TTL)
        if now - last >= FLUSH_EVERY:
            _flush(visit_id, now)
            session["visit_seen"] = now.isoformat()
        return
    if visit_id:
        _flush(visit_id, last or now)  # the end of the previous visit
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
