"""Activity kinds: the registry through which each kind plugs into the player, the
designer's preview and the editor.

The learning app knows the kinds it owns (page, file, video, quiz, forum, virtual class,
in-person time); the apps above it (SCORM today, learning-path modules tomorrow) register
their own hooks from their ``AppConfig.ready``, so the player never imports them. Shaped
like ``accounts.personal_data.register_section``.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms

from mentor.learning import selectors
from mentor.learning.models import Activity, ActivityKind


@dataclass(frozen=True)
class ContentImporter:
    """A kind whose content is uploaded as a whole (a SCORM zip): the editor shows
    ``form_field`` as ``field_name``; ``load`` checks and stores an upload (raising a
    ``mentor.core.errors.Refusal`` with a French message when it cannot) and returns the
    content, ``attach`` sets it on the saved activity (in the saving transaction: a failed
    save undoes it) and returns the content it replaces, ``discard`` removes content no
    activity uses (the activity could not be saved after all), ``current`` is the
    activity's content (or None)."""

    field_name: str
    form_field: Callable[[], forms.Field]
    load: Callable[..., Any]  # (*, training, upload, actor) -> content
    attach: Callable[[Activity, Any], Any]
    discard: Callable[[Any], None]
    current: Callable[[Activity], Any]


@dataclass(frozen=True)
class KindHooks:
    #: Model fields the editor shows for this kind, in order.
    editor_fields: tuple[str, ...] = ()
    #: (*, request, enrolment, activity) -> extra context for ``learning/player.html``.
    player: Callable[..., dict] | None = None
    #: (*, request, activity) -> extra context for the designer's preview (stores nothing).
    preview: Callable[..., dict] | None = None
    importer: ContentImporter | None = None
    #: Whether the learner completes it by opening it (pages, files, videos).
    completed_by_viewing: bool = False
    #: The template the player and the preview include for it (an app above learning keeps
    #: its kind's template in its own folder); by default ``learning/kinds/<kind>.html``.
    template: str = ""


_KINDS: dict[str, KindHooks] = {}


def register_kind(kind: str, hooks: KindHooks) -> None:
    _KINDS[kind] = hooks


def kind_hooks(kind: str) -> KindHooks:
    """The hooks of ``kind`` (a kind nobody registered has none: shown, not playable)."""
    return _KINDS.get(kind, KindHooks())


def kind_template(kind: str) -> str:
    return kind_hooks(kind).template or f"learning/kinds/{kind}.html"


def player_context(*, request, enrolment, activity: Activity) -> dict:
    """The kind's context for ``learning/player.html``, with ``kind_template`` to include."""
    hook = kind_hooks(activity.kind).player
    context = hook(request=request, enrolment=enrolment, activity=activity) if hook else {}
    return {"kind_template": kind_template(activity.kind), **context}


def preview_context(*, request, activity: Activity) -> dict:
    hook = kind_hooks(activity.kind).preview
    context = hook(request=request, activity=activity) if hook else {}
    return {"kind_template": kind_template(activity.kind), **context}


# --- The kinds learning owns --------------------------------------------------------------


def _quiz_player(*, request, enrolment, activity: Activity) -> dict:
    attempts = selectors.quiz_attempts(enrolment=enrolment, activity=activity)
    questions = selectors.quiz_questions(activity=activity)
    last_attempt = attempts[-1] if attempts else None
    attempts_left = (
        None if activity.max_attempts is None else max(activity.max_attempts - len(attempts), 0)
    )
    review_shown = selectors.review_allowed(
        activity=activity, attempt=last_attempt, attempts_left=attempts_left
    )
    return {
        "questions": questions,
        "attempts": attempts,
        "last_attempt": last_attempt,
        "attempts_left": attempts_left,
        "review": (
            selectors.quiz_review(questions=questions, attempt=last_attempt)
            if review_shown and last_attempt
            else None
        ),
    }


def _quiz_preview(*, request, activity: Activity) -> dict:
    return {"questions": selectors.quiz_questions(activity=activity)}


def _forum_player(*, request, enrolment, activity: Activity) -> dict:
    # The form is the view's business; the threads are the session's own.
    return {"threads": selectors.forum_threads(activity=activity, session=enrolment.session)}


register_kind(
    ActivityKind.PAGE,
    KindHooks(
        editor_fields=("title", "required", "body", "image", "image_alt"), completed_by_viewing=True
    ),
)
register_kind(
    ActivityKind.FILE,
    KindHooks(editor_fields=("title", "required", "body", "file"), completed_by_viewing=True),
)
register_kind(
    ActivityKind.VIDEO,
    KindHooks(
        editor_fields=("title", "required", "body", "file", "captions"), completed_by_viewing=True
    ),
)
register_kind(
    ActivityKind.QUIZ,
    KindHooks(
        editor_fields=(
            "title",
            "required",
            "completion_rule",
            "body",
            "max_attempts",
            "passing_score",
            "quiz_review",
        ),
        player=_quiz_player,
        preview=_quiz_preview,
    ),
)
register_kind(
    ActivityKind.VIRTUAL_CLASS,
    KindHooks(editor_fields=("title", "required", "body", "starts_at", "ends_at", "join_url")),
)
register_kind(
    ActivityKind.IN_PERSON,
    KindHooks(editor_fields=("title", "required", "body", "starts_at", "ends_at", "place")),
)
register_kind(
    ActivityKind.FORUM,
    KindHooks(editor_fields=("title", "required", "completion_rule", "body"), player=_forum_player),
)
