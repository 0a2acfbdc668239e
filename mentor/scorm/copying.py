"""SCORM's part of a training copy (``catalog.copiers``): each package gets a new row that
shares the stored files of the original (same ``storage_prefix``: an imported package's
files are never changed, so both play the same bytes and none is stored twice), and the
copied SCORM activities are re-pointed to it. Learners' runtime data is never copied."""

from django.utils.translation import ngettext

from mentor.catalog.copiers import Copier, CopyContext, register_copier
from mentor.learning.models import Activity
from mentor.scorm.models import Package

_PACKAGE_FIELDS = ["title", "version", "launch_path", "storage_prefix", "file_count", "total_size"]


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
        # The copied activities still point at the original package: re-point them.
        Activity.objects.filter(
            section__training=context.target, scorm_package_id=package.pk
        ).update(scorm_package=copy)
        context.advance(1)


def register() -> None:
    register_copier("scorm", Copier(count=_count, copy=_copy, describe=_describe), order=20)
