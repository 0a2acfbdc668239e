"""Learning's part of a training copy (``catalog.copiers``): sections, activities, quiz
questions and their choices, page images. Never learners' progress, attempts, attendance
or forum discussions. Stored files (documents, videos, captions, page images) are shared
by name: a copy never stores the same bytes twice, and no code rewrites a stored file in
place (a new upload gets a new name), so sharing is safe."""

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import ngettext

from mentor.catalog.copiers import Copier, CopyContext, register_copier
from mentor.learning.caches import forget_outline
from mentor.learning.models import Activity, ActivityImage, Choice, Question, Section

#: Activity columns a copy repeats (all but identity, place in the tree and timestamps).
_ACTIVITY_FIELDS = [
    f.name
    for f in Activity._meta.concrete_fields
    if f.name not in {"id", "section", "created_at", "updated_at"}
]
BATCH = 200
_QUESTION_FIELDS = ["kind", "text", "position", "points", "accepted_answers", "feedback"]


def _count(training) -> int:
    return Activity.objects.filter(section__training=training).count() + 1


def _describe(training) -> list[str]:
    counts = Section.objects.filter(training=training).aggregate(
        n_sections=Count("pk", distinct=True),
        n_activities=Count("activities", distinct=True),
        n_questions=Count("activities__questions", distinct=True),
    )
    phrases = []
    if counts["n_sections"]:
        phrases.append(
            ngettext("%(n)s section", "%(n)s sections", counts["n_sections"])
            % {"n": counts["n_sections"]}
        )
    if counts["n_activities"]:
        phrases.append(
            ngettext("%(n)s activité", "%(n)s activités", counts["n_activities"])
            % {"n": counts["n_activities"]}
        )
    if counts["n_questions"]:
        phrases.append(
            ngettext("%(n)s question de quiz", "%(n)s questions de quiz", counts["n_questions"])
            % {"n": counts["n_questions"]}
        )
    return phrases


def _copy(context: CopyContext) -> None:
    source, target = context.source, context.target
    sections = list(Section.objects.filter(training=source).order_by("position", "pk"))
    new_sections = Section.objects.bulk_create(
        [Section(training=target, title=s.title, position=s.position) for s in sections]
    )
    section_map = {old.pk: new.pk for old, new in zip(sections, new_sections, strict=True)}
    context.mapping["learning.Section"] = section_map
    context.advance(1)

    # Activities in batches, each reported as done: the progress of a large training moves.
    activities = list(
        Activity.objects.filter(section__training=source).order_by("section_id", "position", "pk")
    )
    new_activities: list[Activity] = []
    for start in range(0, len(activities), BATCH):
        batch = activities[start : start + BATCH]
        new_activities += Activity.objects.bulk_create(
            [
                Activity(
                    section_id=section_map[a.section_id],
                    **{name: getattr(a, name) for name in _ACTIVITY_FIELDS},
                )
                for a in batch
            ]
        )
        context.advance(len(batch))
    activity_map = {old.pk: new.pk for old, new in zip(activities, new_activities, strict=True)}
    context.mapping["learning.Activity"] = activity_map

    # Quiz questions and choices (the question bank), in two inserts.
    questions = list(Question.objects.filter(activity__section__training=source).order_by("pk"))
    new_questions = Question.objects.bulk_create(
        [
            Question(
                activity_id=activity_map[q.activity_id],
                **{name: getattr(q, name) for name in _QUESTION_FIELDS},
            )
            for q in questions
        ]
    )
    question_map = {old.pk: new.pk for old, new in zip(questions, new_questions, strict=True)}
    context.mapping["learning.Question"] = question_map
    Choice.objects.bulk_create(
        [
            Choice(
                question_id=question_map[c.question_id],
                text=c.text,
                correct=c.correct,
                position=c.position,
            )
            for c in Choice.objects.filter(question__activity__section__training=source).order_by(
                "pk"
            )
        ]
    )

    # Page images: same stored file, new row; the page text points at the new row.
    images = list(ActivityImage.objects.filter(activity__section__training=source).order_by("pk"))
    new_images = ActivityImage.objects.bulk_create(
        [
            ActivityImage(activity_id=activity_map[i.activity_id], image=i.image.name, alt=i.alt)
            for i in images
        ]
    )
    if images:
        by_new_activity = {new.pk: new for new in new_activities}
        changed = {}
        for old, new in zip(images, new_images, strict=True):
            activity = by_new_activity[activity_map[old.activity_id]]
            old_url = reverse("learning:activity_image", kwargs={"image_id": old.pk})
            new_url = reverse("learning:activity_image", kwargs={"image_id": new.pk})
            activity.body = activity.body.replace(f'"{old_url}"', f'"{new_url}"')
            changed[activity.pk] = activity
        Activity.objects.bulk_update(list(changed.values()), ["body"])
    forget_outline(target.pk)


def register() -> None:
    register_copier("learning", Copier(count=_count, copy=_copy, describe=_describe), order=10)
