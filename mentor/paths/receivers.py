"""Live path progress: a completed training may complete the agent's paths at once, and
earlier work withdrawn may undo the path completions that relied on it; any change to a
plan retires the cached plans (``caches``)."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.translation import gettext as _

from mentor.learning.earlier_work import earlier_work_withdrawn
from mentor.learning.models import Completion
from mentor.learning.signals import training_completed
from mentor.paths import caches, rules  # noqa: F401  (rules: registers the completion rule)
from mentor.paths.models import Equivalence, PathModule, PathPlan, PathSection, PlacementRule
from mentor.paths.services import (
    path_completions_recheck,
    path_enrolments_crediting,
    path_progress_on_completion,
)


def on_training_completed(sender, completion: Completion, **kwargs) -> None:
    path_progress_on_completion(completion=completion)


training_completed.connect(on_training_completed, dispatch_uid="paths.progress")


def on_earlier_work_withdrawn(sender, user_ids, training_ids, actor, reason, **kwargs) -> None:
    """Earlier work stopped counting (an attestation revoked, a completion withdrawn): the
    path completions that needed its credit are undone at once, in the same transaction."""
    path_completions_recheck(
        enrolments=path_enrolments_crediting(user_ids=user_ids, training_ids=training_ids),
        actor=actor,
        reason=_("un acquis dont dépendait le parcours a été retiré (%(reason)s)")
        % {"reason": reason},
    )


earlier_work_withdrawn.connect(on_earlier_work_withdrawn, dispatch_uid="paths.withdrawn")


def _plans_changed(sender, **kwargs) -> None:
    caches.paths_changed()


for _model in (PathPlan, PathSection, PathModule, PlacementRule, Equivalence):
    post_save.connect(_plans_changed, sender=_model, dispatch_uid=f"paths.plans.{_model.__name__}")
    post_delete.connect(
        _plans_changed, sender=_model, dispatch_uid=f"paths.plans.del.{_model.__name__}"
    )
m2m_changed.connect(
    _plans_changed, sender=PathModule.requires.through, dispatch_uid="paths.plans.requires"
)
