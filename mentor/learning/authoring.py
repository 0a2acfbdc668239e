"""Authoring services: designers build sections, activities and quiz questions.

Every function checks ``learning.author_training`` on the training, runs in a transaction
and sanitises rich text (``nh3``: a fixed allow-list of tags and attributes; scripts,
styles, event handlers and ``javascript:`` links are dropped).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from mentor.accounts.models import User
from mentor.core.errors import Refusal
from mentor.core.html import sanitise_html
from mentor.core.permissions import can
from mentor.learning import files
from mentor.learning.caches import forget_outline
from mentor.learning.kinds import kind_hooks
from mentor.learning.models import (
    RULES_BY_KIND,
    Activity,
    ActivityImage,
    ActivityKind,
    Choice,
    Question,
    QuestionKind,
    Section,
)


def _check(actor: User, training) -> None:
    if not can(actor, "learning.author_training", training):
        raise PermissionDenied(_("Vous ne pouvez pas modifier le contenu de cette formation."))


def _next_position(qs) -> int:
    return (qs.aggregate(m=Max("position"))["m"] or 0) + 1


@transaction.atomic
def section_create(*, actor: User, training, title: str) -> Section:
    _check(actor, training)
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": _("Donnez un titre à la section.")})
    return Section.objects.create(
        training=training, title=title[:200], position=_next_position(training.sections.all())
    )


@transaction.atomic
def section_update(*, actor: User, section: Section, title: str) -> Section:
    _check(actor, section.training)
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": _("Donnez un titre à la section.")})
    section.title = title[:200]
    section.save(update_fields=["title", "updated_at"])
    return section


@transaction.atomic
def section_move(*, actor: User, section: Section, direction: int) -> None:
    """Swap the section with the previous (-1) or next (+1) one; nothing at the edges."""
    _check(actor, section.training)
    sections = list(
        Section.objects.select_for_update()
        .filter(training_id=section.training_id)
        .order_by("position", "pk")
    )
    index = next(i for i, s in enumerate(sections) if s.pk == section.pk)
    target = index + (1 if direction > 0 else -1)
    if not 0 <= target < len(sections):
        return
    sections[index], sections[target] = sections[target], sections[index]
    for position, item in enumerate(sections):
        Section.objects.filter(pk=item.pk).update(position=position)
    forget_outline(section.training_id)  # queryset updates send no signal


@transaction.atomic
def section_delete(*, actor: User, section: Section) -> None:
    """Only an empty section goes: activities are deleted (or moved) one by one first, so
    learners' progress is never dropped by accident."""
    _check(actor, section.training)
    if section.activities.exists():
        raise ValidationError(
            _("Cette section contient des activités : supprimez-les ou déplacez-les d’abord.")
        )
    section.delete()


def _check_uploads(activity: Activity) -> None:
    """Validate files newly attached to the activity (the form does too; the service is the
    guarantee whoever calls it)."""
    checks = {
        "file": files.validate_video
        if activity.kind == ActivityKind.VIDEO
        else files.validate_document,
        "captions": files.validate_captions,
    }
    for field, check in checks.items():
        value = getattr(activity, field)
        if value and not value._committed:
            try:
                check(value)
            except ValidationError as exc:
                raise ValidationError({field: exc.messages}) from exc


@transaction.atomic
def activity_save(*, actor: User, activity: Activity, image=None, image_alt: str = "") -> Activity:
    """Create or update an activity from a validated form instance (with, for a page, an
    image to add to it). All or nothing: a refused image leaves the activity unsaved."""
    created = activity.pk is None
    try:
        activity = _activity_save(actor=actor, activity=activity)
        if image:
            activity_image_add(actor=actor, activity=activity, upload=image, alt=image_alt)
    except BaseException:
        if created:  # the insert is rolled back: keep the instance "new" for a retry
            activity.pk = None
        raise
    return activity


def activity_save_with_content(
    *, actor: User, activity: Activity, upload=None, image=None, image_alt: str = ""
) -> Activity:
    """``activity_save``, after loading the content of a kind uploaded whole (a SCORM zip,
    through its registered importer). All or nothing: if the upload is refused (its French
    message is raised as a ``ValidationError`` on the importer's field) or the activity
    cannot be saved, imported content is discarded and the activity keeps its old one.

    The save and the attachment of the content (an upper app's row, e.g.
    ``scorm.ActivityPackage``) are one transaction; the import is not: an importer stores
    files outside the database, so it is undone explicitly rather than by a rollback.
    """
    importer = kind_hooks(activity.kind).importer
    content = None
    if upload and importer is not None:
        _check(actor, activity.section.training)
        try:
            content = importer.load(training=activity.section.training, upload=upload, actor=actor)
        except Refusal as exc:
            raise ValidationError({importer.field_name: str(exc)}) from exc
    try:
        with transaction.atomic():
            saved = activity_save(actor=actor, activity=activity, image=image, image_alt=image_alt)
            if importer is not None and content is not None:
                importer.attach(saved, content)
        return saved
    except BaseException:
        if importer is not None and content is not None:
            importer.discard(content)
        raise


def _activity_save(*, actor: User, activity: Activity) -> Activity:
    training = activity.section.training
    _check(actor, training)
    allowed = RULES_BY_KIND[ActivityKind(activity.kind)]
    if not activity.completion_rule:
        activity.completion_rule = allowed[0]
    if activity.completion_rule not in allowed:
        raise ValidationError(
            {
                "completion_rule": _(
                    "Cette condition d’achèvement ne convient pas à ce type d’activité."
                )
            }
        )
    if activity.kind in (ActivityKind.FILE, ActivityKind.VIDEO):
        _check_uploads(activity)
    activity.body = sanitise_html(activity.body)
    if activity.pk is None:
        activity.position = _next_position(activity.section.activities.all())
    activity.full_clean()
    activity.save()
    return activity


@transaction.atomic
def activity_image_add(*, actor: User, activity: Activity, upload, alt: str) -> ActivityImage:
    """Store an image for a page and append it to the page's text, where the designer may
    then move it. The image must really be one (decoded), and describe itself (``alt``)."""
    _check(actor, activity.section.training)
    if activity.kind != ActivityKind.PAGE or activity.pk is None:
        raise ValidationError(_("Seule une page enregistrée peut recevoir des images."))
    alt = " ".join((alt or "").split())[:300]
    if not alt:
        raise ValidationError(
            {"image_alt": _("Décrivez l’image pour les personnes qui ne la voient pas.")}
        )
    try:
        ext = files.validate_image(upload)
    except ValidationError as exc:
        raise ValidationError({"image": exc.messages}) from exc
    upload.name = f"image{ext}"
    image = ActivityImage.objects.create(activity=activity, image=upload, alt=alt)
    url = reverse("learning:activity_image", kwargs={"image_id": image.pk})
    activity.body = sanitise_html(
        activity.body + format_html('<p><img src="{}" alt="{}"></p>', url, alt)
    )
    activity.save(update_fields=["body", "updated_at"])
    return image


@transaction.atomic
def activity_move(*, actor: User, activity: Activity, direction: int) -> None:
    """Move one step up (-1) or down (+1) in the course order. At the edge of a section the
    activity goes to the end of the previous section or the start of the next one."""
    training = activity.section.training
    _check(actor, training)
    siblings = list(activity.section.activities.select_for_update().order_by("position", "pk"))
    index = next(i for i, a in enumerate(siblings) if a.pk == activity.pk)
    target = index + (1 if direction > 0 else -1)
    if 0 <= target < len(siblings):
        siblings[index], siblings[target] = siblings[target], siblings[index]
        for position, item in enumerate(siblings):
            Activity.objects.filter(pk=item.pk).update(position=position)
        forget_outline(training.pk)  # queryset updates send no signal
        return
    sections = list(training.sections.order_by("position", "pk"))
    s_index = next(i for i, s in enumerate(sections) if s.pk == activity.section_id)
    s_target = s_index + (1 if direction > 0 else -1)
    if not 0 <= s_target < len(sections):
        return
    destination = sections[s_target]
    if direction > 0:
        Activity.objects.filter(section=destination).update(position=F("position") + 1)
        activity.position = 0
    else:
        activity.position = _next_position(destination.activities.all())
    activity.section = destination
    activity.save(update_fields=["section", "position"])


@transaction.atomic
def activity_delete(*, actor: User, activity: Activity) -> None:
    _check(actor, activity.section.training)
    if activity.progress.exists():
        raise ValidationError(
            _(
                "Des apprenants ont déjà commencé cette activité : rendez-la facultative plutôt que de la supprimer."
            )
        )
    activity.delete()


@transaction.atomic
def question_add(
    *,
    actor,
    activity: Activity,
    kind: str,
    text: str,
    choices_text: str = "",
    accepted_answers: str = "",
    feedback: str = "",
    points: int = 1,
) -> Question:
    """Add a question. Choices are one per line, the correct ones prefixed with "*"."""
    _check(actor, activity.section.training)
    if activity.kind != ActivityKind.QUIZ:
        raise ValidationError(_("Seul un quiz contient des questions."))
    question = Question(
        activity=activity,
        kind=kind,
        text=(text or "").strip(),
        points=points,
        feedback=(feedback or "").strip(),
        accepted_answers=(accepted_answers or "").strip(),
        position=_next_position(activity.questions.all()),
    )
    question.full_clean()
    lines = [line.strip() for line in (choices_text or "").splitlines() if line.strip()]
    if kind == QuestionKind.TRUE_FALSE and not lines:
        raise ValidationError(
            {"choices_text": _("Indiquez « *Vrai » ou « *Faux » pour la bonne réponse.")}
        )
    if kind == QuestionKind.SHORT:
        if not question.accepted_answers:
            raise ValidationError(
                {"accepted_answers": _("Indiquez au moins une réponse acceptée.")}
            )
    else:
        if kind == QuestionKind.TRUE_FALSE:
            correct_true = any(
                line.lstrip("*").strip().lower() == "vrai" and line.startswith("*")
                for line in lines
            )
            lines = ["*Vrai" if correct_true else "Vrai", "Faux" if correct_true else "*Faux"]
        correct = [line for line in lines if line.startswith("*")]
        if len(lines) < 2 or not correct:
            raise ValidationError(
                {"choices_text": _("Indiquez au moins deux choix, dont un bon précédé de « * ».")}
            )
        if kind == QuestionKind.SINGLE and len(correct) != 1:
            raise ValidationError(
                {"choices_text": _("Une question à choix unique a une seule bonne réponse.")}
            )
    question.save()
    if kind != QuestionKind.SHORT:
        Choice.objects.bulk_create(
            [
                Choice(
                    question=question,
                    text=line.lstrip("*").strip()[:500],
                    correct=line.startswith("*"),
                    position=i,
                )
                for i, line in enumerate(lines)
            ]
        )
    return question


@transaction.atomic
def question_delete(*, actor: User, question: Question) -> None:
    _check(actor, question.activity.section.training)
    question.delete()
