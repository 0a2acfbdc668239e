"""The learning app's events, and the receivers that keep its caches true."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import Signal

from mentor.catalog.models import Training
from mentor.enrolments.models import Enrolment
from mentor.learning import caches
from mentor.learning.models import Activity, Choice, Question, Section

#: Sent once, after commit, when an enrolment completes its training (kwarg: completion).
training_completed = Signal()

#: Sent inside the transaction when a completion is undone because the rule it was written
#: on no longer holds (``services.completion_recheck``), so that what followed from it
#: (the attestation) follows at once, atomically. Kwargs: enrolment, completed_at, actor,
#: reason.
completion_withdrawn = Signal()


def _column_of(model, pk, column: str):
    """One column of the row ``pk`` of ``model`` (None when it is gone)."""
    return model.objects.filter(pk=pk).values_list(column, flat=True).first()


def forget_outline_of(sender, instance, **kwargs) -> None:
    """A course's outline is cached for its learners (``selectors.course_outline``): any
    change to its sections, activities or their content (an activity kind's own rows, such
    as SCORM packages, connect here too) retires it, now and after the commit."""
    training_id = getattr(instance, "training_id", None)
    if training_id is None and getattr(instance, "activity_id", None):
        training_id = _column_of(Activity, instance.activity_id, "section__training_id")
    if training_id is None and getattr(instance, "section_id", None):
        training_id = _column_of(Section, instance.section_id, "training_id")
    if training_id is not None:
        caches.forget_outline(training_id)


def _forget_outline_of_training(sender, instance, **kwargs) -> None:
    """The cached outline carries the training's row (``selectors.course_outline``): an
    edit of the training (its title, its attestation or survey settings) retires it."""
    caches.forget_outline(instance.pk)


def _forget_quiz_of(sender, instance, **kwargs) -> None:
    """A quiz's questions are cached (``selectors.quiz_questions``): a question or a choice
    saved or deleted retires them."""
    activity_id = getattr(instance, "activity_id", None)
    if activity_id is None:
        activity_id = _column_of(Question, instance.question_id, "activity_id")
    if activity_id is not None:
        caches.forget_quiz(activity_id)


def _forget_learner_order(sender, instance, **kwargs) -> None:
    """Someone enrolled in, left or was removed from a session: its tutors' list changes."""
    caches.forget_learner_order(instance.session_id)


def outline_depends_on(model) -> None:
    """Retire the course outline whenever a row of ``model`` (which has a ``training_id``,
    a ``section_id`` or an ``activity_id``) is saved or deleted."""
    for signal in (post_save, post_delete):
        signal.connect(
            forget_outline_of,
            sender=model,
            dispatch_uid=f"learning.outline.{model._meta.label}.{id(signal)}",
        )


def connect_receivers() -> None:
    for model in (Section, Activity):
        outline_depends_on(model)
    for signal in (post_save, post_delete):
        for model in (Question, Choice):
            signal.connect(
                _forget_quiz_of,
                sender=model,
                dispatch_uid=f"learning.quiz.{model._meta.label}.{id(signal)}",
            )
        signal.connect(
            _forget_outline_of_training,
            sender=Training,
            dispatch_uid=f"learning.outline.training.{id(signal)}",
        )
        signal.connect(
            _forget_learner_order, sender=Enrolment, dispatch_uid=f"learning.order.{id(signal)}"
        )
