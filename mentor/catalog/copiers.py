"""Copying a training's content: a registry.

The training library (and "duplicate" inside one's own scope) makes a deep, independent
copy of a training. The catalog copies the sheet itself (``services.training_clone``); the
content belongs to the apps above it (sections, activities and quizzes to learning, SCORM
packages to scorm, extra survey questions to surveys…). Each registers a ``Copier`` here,
so the library reaches into none of their models and a new kind of content only has to
register its own.

Copiers run in ascending ``order`` inside one transaction. What they share is the
``CopyContext``: ``mapping`` records, per model label, which new row copies which old one
(a later copier re-points the rows an earlier one made, e.g. scorm re-points copied SCORM
activities to the copied packages). Rules every copier follows: copy content, never
learner data (progress, attempts, runtime data, answers, forum posts); share stored files
by name rather than storing their bytes again (files are never rewritten in place).
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from mentor.core.registry import Registry


@dataclass
class CopyContext:
    source: object  # catalog.Training
    target: object  # catalog.Training
    #: model label ("learning.Activity") -> {old pk: new pk}
    mapping: dict[str, dict[int, int]] = field(default_factory=dict)
    #: called with a number of units of work just done (progress of a long copy)
    advance: Callable[[int], None] = lambda units: None

    def remember(self, label: str, old: int, new: int) -> None:
        self.mapping.setdefault(label, {})[old] = new


@dataclass(frozen=True)
class Copier:
    #: (training) -> units of work the copy will take (for the progress bar)
    count: Callable[[object], int]
    #: (context) -> None: copy this app's content of ``context.source`` into ``context.target``
    copy: Callable[[CopyContext], None]
    #: (training) -> short French phrases describing what would be copied ("3 activités")
    describe: Callable[[object], list[str]] = lambda training: []


_COPIERS: Registry[Copier] = Registry("training content copiers")


def register_copier(name: str, copier: Copier, *, order: int = 0) -> None:
    _COPIERS.register(name, order=order)(copier)


def copiers() -> list[tuple[str, Copier]]:
    return list(_COPIERS.items())


def copy_units(training) -> int:
    return sum(copier.count(training) for _name, copier in copiers())


def copy_description(training) -> list[str]:
    return [phrase for _name, copier in copiers() for phrase in copier.describe(training)]


def copy_content(*, source, target, advance: Callable[[int], None] | None = None) -> CopyContext:
    """Run every registered copier (the caller holds the transaction)."""
    context = CopyContext(source=source, target=target)
    if advance is not None:
        context.advance = advance
    for _name, copier in copiers():
        copier.copy(context)
    return context
