"""Extra conditions a training's completion may depend on: a registry.

Learning decides completion from the training's own required activities. An app above it
(learning paths: "all required modules done or credited") adds its own condition here, so
the completion is still written in one place (``services.completion_evaluate``), under the
same enrolment lock, once, with the same ``training_completed`` signal after commit.

A rule receives the locked enrolment and answers ``None`` (not concerned: the usual rule
alone decides), ``False`` (not complete yet) or ``True`` (its condition is met; enough to
complete a training that has no required activity of its own).
"""

from collections.abc import Callable

from mentor.core.registry import Registry
from mentor.enrolments.models import Enrolment

CompletionRule = Callable[[Enrolment], bool | None]
_RULES: Registry[CompletionRule] = Registry("completion rules")


def register_completion_rule(name: str) -> Callable[[CompletionRule], CompletionRule]:
    return _RULES.register(name)


def completion_verdicts(enrolment: Enrolment) -> list[bool]:
    """The answers of the rules concerned by this enrolment (``None`` answers dropped)."""
    verdicts = []
    for _name, rule in _RULES.items():
        verdict = rule(enrolment)
        if verdict is not None:
            verdicts.append(verdict)
    return verdicts
