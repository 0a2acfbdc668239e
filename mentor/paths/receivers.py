"""Live path progress: a completed training may complete the agent's paths at once."""

from mentor.learning.models import Completion
from mentor.learning.signals import training_completed
from mentor.paths import rules  # noqa: F401  (registers the completion rule)
from mentor.paths.services import path_progress_on_completion


def on_training_completed(sender, completion: Completion, **kwargs) -> None:
    path_progress_on_completion(completion=completion)


training_completed.connect(on_training_completed, dispatch_uid="paths.progress")
