"""SCORM's links on the pages of the apps below it (``core.navigation``): the tutor's
detailed report of each SCORM module, from the session's progress page."""

from django.urls import reverse
from django.utils.translation import gettext as _

from mentor.core.navigation import Link, register_provider
from mentor.learning.models import ActivityKind
from mentor.scorm.models import activity_package_id


@register_provider("learning.tutoring.progress", "scorm")
def tutor_reports(request, *, session, activities, **context) -> list[Link]:
    """One link per packaged SCORM activity (the outline loaded their package: no query)."""
    return [
        Link(
            label=_("Suivi détaillé du module SCORM : %(t)s") % {"t": activity.title},
            url=reverse("scorm:tutor_report", args=[session.pk, activity.pk]),
            name="tutor_report",
        )
        for activity in activities
        if activity.kind == ActivityKind.SCORM and activity_package_id(activity) is not None
    ]
