"""SCORM's part of a training copy (``catalog.copiers``): each package gets a new row that
shares the stored files of the original (same ``storage_prefix``: an imported package's
files are never changed, so both play the same bytes and none is stored twice), with its
organization tree (SCOs, parents kept); the copied SCORM activities are re-pointed to it
and keep the designer's options. Learners' attempts and runtime data are never copied."""

from django.utils.translation import ngettext

from mentor.catalog.copiers import Copier, CopyContext, register_copier
from mentor.scorm.models import ActivityPackage, Options, Package, Sco

_PACKAGE_FIELDS = [
    "title", "version", "launch_path", "storage_prefix", "file_count", "total_size",
    "sequencing", "warnings",
]  # fmt: skip
_SCO_FIELDS = [
    "identifier", "title", "position", "depth", "launch_path", "is_sco", "visible",
    "prerequisites", "mastery_score", "completion_threshold", "scaled_passing_score",
    "launch_data", "max_time_allowed", "time_limit_action", "sequencing",
]  # fmt: skip
_OPTION_FIELDS = [
    "max_attempts",
    "attempt_policy",
    "grading",
    "completion_attempt",
    "force_completed",
    "display",
]


def _count(training) -> int:
    return Package.objects.filter(training=training).count()


def _describe(training) -> list[str]:
    n = _count(training)
    if not n:
        return []
    return [ngettext("%(n)s paquet SCORM", "%(n)s paquets SCORM", n) % {"n": n}]


def _copy(context: CopyContext) -> None:
    for package in Package.objects.filter(training=context.source).order_by("pk"):
        copy = Package.objects.create(
            training=context.target,
            uploaded_by=package.uploaded_by,
            **{name: getattr(package, name) for name in _PACKAGE_FIELDS},
        )
        context.remember("scorm.Package", package.pk, copy.pk)
        _copy_tree(package, copy)
        context.advance(1)
    # Each copied activity plays the copy of its original's package.
    activities = context.mapping.get("learning.Activity", {})
    packages = context.mapping.get("scorm.Package", {})
    ActivityPackage.objects.bulk_create(
        ActivityPackage(
            activity_id=activities[link.activity_id], package_id=packages[link.package_id]
        )
        for link in ActivityPackage.objects.filter(activity_id__in=list(activities)).order_by("pk")
        if link.package_id in packages
    )
    for options in Options.objects.filter(activity_id__in=list(activities)):
        Options.objects.create(
            activity_id=activities[options.activity_id],
            **{name: getattr(options, name) for name in _OPTION_FIELDS},
        )


def _copy_tree(package: Package, copy: Package) -> None:
    """The organization tree, parents before children (ordered by depth)."""
    new_ids: dict[int, int] = {}
    for sco in package.scos.order_by("depth", "position", "pk"):
        new = Sco.objects.create(
            package=copy,
            parent_id=new_ids.get(sco.parent_id) if sco.parent_id else None,
            **{name: getattr(sco, name) for name in _SCO_FIELDS},
        )
        new_ids[sco.pk] = new.pk


def register() -> None:
    register_copier("scorm", Copier(count=_count, copy=_copy, describe=_describe), order=20)
