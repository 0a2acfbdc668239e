"""The learning app's cached reads and their retirement (the selectors read through these
keys; services, authoring and receivers retire them). Retirement happens now and again
after the commit, so that nobody caches the old value in between."""

from django.core.cache import cache

from mentor.core.cache import invalidate


def outline_key(training_id: int) -> str:
    return f"learning:outline:{training_id}"


def forget_outline(training_id: int) -> None:
    """Retire the cached outline now and again after the commit (a learner may have cached
    the old one in between)."""
    key = outline_key(training_id)
    invalidate(lambda: cache.delete(key))


def quiz_key(activity_id: int) -> str:
    return f"learning:quiz:{activity_id}"


def forget_quiz(activity_id: int) -> None:
    """Retire a quiz's cached questions (``selectors.quiz_questions``) now and after the
    commit (the choices of a question added are written after it, in the transaction)."""
    key = quiz_key(activity_id)
    invalidate(lambda: cache.delete(key))


def completed_count_key(session_id: int) -> str:
    return f"learning:completed:{session_id}"


def learner_order_key(session_id: int) -> str:
    return f"learning:learner-order:{session_id}"


def forget_learner_order(session_id: int) -> None:
    key = learner_order_key(session_id)
    invalidate(lambda: cache.delete(key))


def forget_completed_count(session_id: int) -> None:
    key = completed_count_key(session_id)
    invalidate(lambda: cache.delete(key))
