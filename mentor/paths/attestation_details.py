"""What a path's attestation lists: its modules, and which were credited from earlier work
(learning's completion-details registry; attestations store the lines when they issue)."""

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from mentor.learning.earlier_work import register_completion_details
from mentor.learning.models import Completion
from mentor.paths.selectors import ModuleState, module_states, path_plan, plan_modules


@register_completion_details("paths")
def path_modules_details(completion: Completion) -> list[str]:
    enrolment = completion.enrolment
    plan = path_plan(session_id=enrolment.session_id)
    if plan is None:
        return []
    modules = plan_modules(plan)
    # The states on the day the path was completed (the validity of credits is that day's).
    states = module_states(
        modules=modules,
        user_ids=[enrolment.user_id],
        today=timezone.localdate(completion.completed_at),
    )
    lines = []
    for module in modules:
        status = states[(enrolment.user_id, module.pk)]
        if status.state == ModuleState.DONE and status.completed_at:
            what = _("terminé le %(date)s") % {"date": _day(status.completed_at)}
        elif status.state == ModuleState.DONE:
            what = _("terminé")
        elif status.state == ModuleState.EXEMPTED:
            what = _("dispensé par le positionnement")
        elif status.state == ModuleState.CREDITED and status.credit and status.credit.is_manual:
            what = _("acquis reconnu par le tuteur")
        elif status.state == ModuleState.CREDITED and status.credit:
            what = _("acquis antérieurement (session « %(session)s », le %(date)s)") % {
                "session": status.credit.session_title,
                "date": _day(status.credit.completed_at),
            }
        else:
            what = _("non suivi (facultatif)") if not status.required else _("non terminé")
        lines.append(
            _("Module « %(title)s » : %(what)s")
            % {"title": module.linked_session.training.title, "what": what}
        )
    return lines


def _day(moment) -> str:
    return date_format(timezone.localtime(moment), "j F Y")
