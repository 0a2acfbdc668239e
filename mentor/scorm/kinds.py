"""The SCORM activity kind, plugged into learning's player, preview and editor through
``learning.kinds`` (learning never imports this app)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from mentor.learning.kinds import ContentImporter, KindHooks, register_kind
from mentor.learning.models import Activity, ActivityKind
from mentor.learning.signals import outline_depends_on
from mentor.scorm.content import request_origin
from mentor.scorm.models import Package
from mentor.scorm.selectors import player_context, preview_launch_url
from mentor.scorm.services import package_discard, package_import


def _player(*, request, enrolment, activity: Activity) -> dict:
    if not activity.scorm_package_id:
        return {}
    return {
        "scorm": player_context(
            enrolment=enrolment, activity=activity, app_origin=request_origin(request)
        )
    }


def _preview(*, request, activity: Activity) -> dict:
    """The SCO framed on the content origin, signed for the previewing author."""
    if not activity.scorm_package_id:
        return {}
    return {
        "scorm_launch_url": preview_launch_url(
            package=activity.scorm_package, user=request.user, app_origin=request_origin(request)
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
    previous = activity.scorm_package if activity.scorm_package_id else None
    activity.scorm_package = package
    return previous


def _discard(package: Package) -> None:
    package_discard(package=package)


def register() -> None:
    register_kind(
        ActivityKind.SCORM,
        KindHooks(
            editor_fields=("title", "required", "completion_rule", "scorm_file"),
            player=_player,
            preview=_preview,
            importer=ContentImporter(
                field_name="scorm_file",
                form_field=_form_field,
                load=_load,
                attach=_attach,
                discard=_discard,
                has_content=lambda activity: bool(activity.scorm_package_id),
            ),
        ),
    )
    outline_depends_on(Package)
