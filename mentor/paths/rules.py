"""The path's modules as a condition of its completion (learning's registry)."""

from mentor.enrolments.models import Enrolment
from mentor.learning.completion_rules import register_completion_rule
from mentor.paths.services import modules_complete


@register_completion_rule("paths.modules")
def path_modules_rule(enrolment: Enrolment) -> bool | None:
    return modules_complete(enrolment=enrolment)
