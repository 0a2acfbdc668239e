from django.dispatch import Signal

#: Sent once, after commit, when an enrolment completes its training (kwarg: completion).
training_completed = Signal()


def _forget_outline(sender, instance, **kwargs) -> None:
    """A course's outline is cached for its learners (``selectors.course_outline``): any
    change to its sections, activities or packages retires it, now and after the commit."""
    from mentor.learning.selectors import forget_outline

    training_id = getattr(instance, "training_id", None)
    if training_id is None and getattr(instance, "section_id", None):
        from mentor.learning.models import Section

        training_id = (
            Section.objects.filter(pk=instance.section_id)
            .values_list("training_id", flat=True)
            .first()
        )
    if training_id is not None:
        forget_outline(training_id)


def _forget_learner_order(sender, instance, **kwargs) -> None:
    """Someone enrolled in, left or was removed from a session: its tutors' list changes."""
    from mentor.learning.selectors import forget_learner_order

    forget_learner_order(instance.session_id)


def connect_receivers() -> None:
    from django.db.models.signals import post_delete, post_save

    from mentor.learning.models import Activity, Section
    from mentor.scorm.models import Package

    for model in (Section, Activity, Package):
        for signal in (post_save, post_delete):
            signal.connect(
                _forget_outline,
                sender=model,
                dispatch_uid=f"learning.outline.{model.__name__}.{id(signal)}",
            )
    from mentor.enrolments.models import Enrolment

    for signal in (post_save, post_delete):
        signal.connect(
            _forget_learner_order, sender=Enrolment, dispatch_uid=f"learning.order.{id(signal)}"
        )
