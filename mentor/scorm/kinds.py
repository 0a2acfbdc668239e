"""The SCORM activity kind, plugged into learning's player, preview and editor through
``learning.kinds`` (learning never imports this app)."""

from django import forms
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _

from mentor.core.cache import invalidate
from mentor.learning.kinds import ContentImporter, KindHooks, register_kind
from mentor.learning.models import Activity, ActivityKind
from mentor.learning.selectors import outline_select_related
from mentor.learning.signals import outline_depends_on
from mentor.scorm import services
from mentor.scorm.content import request_origin
from mentor.scorm.models import (
    ACTIVITY_PACKAGE,
    ActivityPackage,
    AttemptPolicy,
    Display,
    Options,
    Package,
    Sco,
    activity_package,
    activity_package_id,
)
from mentor.scorm.selectors import launch_sco_key, learner_attempts, player_context
from mentor.scorm.services import activity_package_attach, package_discard, package_import


def learner_player(*, request, enrolment, activity: Activity, window: bool = False) -> dict:
    """The player for the learner: the attempt this launch plays (a new one when the
    designer's policy says so: only when entering the activity, not when moving between its
    SCOs), the SCO the page asks for, and the options around it."""
    number = request.GET.get("tentative", "")
    attempts = learner_attempts(enrolment_id=enrolment.pk, activity_id=activity.pk)
    attempt = None
    if number.isdigit():
        attempt = next((a for a in attempts if a.number == int(number)), None)
    if attempt is None:
        attempt = services.attempt_for_launch(
            enrolment=enrolment, activity=activity, entering=not number, attempts=attempts
        )
        if attempt not in attempts:
            attempts.append(attempt)
    options = services.options_of(activity)
    # Review mode: a finished attempt re-opened on request, or any attempt but the last
    # (only the last one may still change).
    review = attempt.completed and request.GET.get("revoir") == "1"
    review = review or (bool(attempts) and attempt.number < attempts[-1].number)
    context = player_context(
        enrolment=enrolment,
        activity=activity,
        app_origin=request_origin(request),
        query=request.GET,
        base_url=request.path,
        attempt=attempt,
        review=review,
    )
    limit = services.attempt_limit(activity)
    context.update(
        {
            "attempts": [
                {
                    "attempt": item,
                    "review_url": f"{request.path}?tentative={item.number}&revoir=1",
                }
                for item in attempts
                if item.completed
            ],
            "in_window": options.display == Display.WINDOW and not window,
            "new_attempt_offered": not review
            and attempt.completed
            and options.attempt_policy == AttemptPolicy.LEARNER_CHOICE
            and (limit is None or attempt.number < limit),
            "attempt_limit": limit,
            "enrolment_id": enrolment.pk,
            "activity_id": activity.pk,
        }
    )
    return context


def _player(*, request, enrolment, activity: Activity) -> dict:
    if activity_package_id(activity) is None:
        return {}
    return {"scorm": learner_player(request=request, enrolment=enrolment, activity=activity)}


def _preview(*, request, activity: Activity) -> dict:
    """The same player for a previewing author: a real API whose commits go nowhere."""
    if activity_package_id(activity) is None:
        return {}
    return {
        "scorm": player_context(
            enrolment=None,
            activity=activity,
            app_origin=request_origin(request),
            query=request.GET,
            base_url=request.path,
            user=request.user,
        )
    }


def _form_field() -> forms.Field:
    return forms.FileField(
        label=_("Paquet SCORM (.zip)"),
        required=False,
        help_text=_("Export SCORM 1.2 ou 2004 de votre outil auteur."),
    )


def _load(*, training, upload, actor) -> Package:
    return package_import(training=training, uploaded_file=upload, actor=actor)


def _attach(activity: Activity, package: Package | None) -> Package | None:
    return activity_package_attach(activity=activity, package=package)


def _discard(package: Package) -> None:
    package_discard(package=package)


def _forget_launch_sco(sender, instance: Sco, **kwargs) -> None:
    """An item of a package changed: the package's cached launch item may have
    (``selectors.launch_sco``); retired now and after the commit."""
    key = launch_sco_key(instance.package_id)
    invalidate(lambda: cache.delete(key))


def register() -> None:
    register_kind(
        ActivityKind.SCORM,
        KindHooks(
            editor_fields=("title", "required", "completion_rule", "scorm_file"),
            player=_player,
            preview=_preview,
            template="scorm/kind.html",
            importer=ContentImporter(
                field_name="scorm_file",
                form_field=_form_field,
                load=_load,
                attach=_attach,
                discard=_discard,
                current=activity_package,
            ),
        ),
    )
    outline_depends_on(Package)
    outline_depends_on(ActivityPackage)
    outline_depends_on(Options)
    for signal in (post_save, post_delete):
        signal.connect(_forget_launch_sco, sender=Sco, dispatch_uid=f"scorm.launch.{id(signal)}")
    # A commit reads its activity, package and options from the outline (no query).
    outline_select_related(ACTIVITY_PACKAGE, "scorm_options")
