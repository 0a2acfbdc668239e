"""The player's course outline, rendered once per version of the cached outline and
language, then filled per request with the learner's own values."""

from django import template
from django.template.loader import get_template
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from mentor.core.page_cache import Holes
from mentor.learning.models import ProgressStatus

register = template.Library()

#: Per process: (outline version, language) -> (holes, outline HTML, status HTML by status).
_CACHE_SIZE = 1024
_skeletons: dict[tuple[str, str], tuple[Holes, str, dict[str, str]]] = {}

_STATUSES = (ProgressStatus.COMPLETED, ProgressStatus.IN_PROGRESS, ProgressStatus.NOT_STARTED)


def _skeleton(course) -> tuple[Holes, str, dict[str, str]]:
    """``learning/_outline.html`` for the course's outline, with holes for the learner's
    enrolment, percentage and, per activity, its status and whether it is the current one.
    Rendered without the request: shared by every learner, it must hold nothing of one."""
    holes = Holes()
    sections = [
        {
            "section": section,
            "items": [
                {
                    "activity": a,
                    "status": holes[f"status-{a.pk}"],
                    "active": holes[f"active-{a.pk}"],
                    "current": holes[f"current-{a.pk}"],
                }
                for a in section.activities.all()
            ],
        }
        for section in course.sections
    ]
    html = get_template("learning/_outline.html").render({"holes": holes, "outline": sections})
    status = get_template("learning/_outline_status.html")
    statuses = {s: status.render({"status": s}).strip() for s in _STATUSES}
    return holes, html, statuses


@register.simple_tag
def course_outline(course, activity) -> str:
    """``{% course_outline course activity %}``: the outline of the learner's ``course``
    (``selectors.LearnerCourse``), ``activity`` marked as the current one. Kept under the
    cached outline's version, which any change to the course renews: never stale."""
    key = (course.outline_version, get_language())
    found = _skeletons.get(key) if course.outline_version else None
    if found is None:
        found = _skeleton(course)
        if course.outline_version:
            if len(_skeletons) >= _CACHE_SIZE:
                _skeletons.clear()
            _skeletons[key] = found
    holes, html, statuses = found
    values = {"enrolment": str(course.enrolment.pk), "percent": str(course.percent)}
    for a in course.activities:
        current = a.pk == activity.pk
        values[f"status-{a.pk}"] = statuses[course.status_of(a)]
        values[f"active-{a.pk}"] = " fr-sidemenu__item--active" if current else ""
        values[f"current-{a.pk}"] = ' aria-current="page"' if current else ""
    return mark_safe(holes.fill(html, values))  # noqa: S308  (rendered by the templates)
