from django.contrib import admin

from mentor.accounts.admin import ScopedAdminMixin
from mentor.catalog.permissions import trainings_editable_by
from mentor.core.admin import ReadOnlyAdminMixin
from mentor.scorm.models import Package


@admin.register(Package)
class PackageAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    """Packages are imported by the designer pages (``package_import``), never edited here."""

    list_display = ("title", "version", "training", "file_count", "total_size", "created_at")
    list_filter = ("version",)
    search_fields = ("title", "training__title")
    list_select_related = ("training",)
    date_hierarchy = "created_at"
    readonly_fields = (
        "training",
        "title",
        "version",
        "launch_path",
        "storage_prefix",
        "file_count",
        "total_size",
        "uploaded_by",
        "created_at",
        "updated_at",
    )

    def get_queryset(self, request):
        """Only the packages of trainings the admin may edit (all for platform admins)."""
        return (
            super()
            .get_queryset(request)
            .filter(training__in=trainings_editable_by(request.user))
            .select_related("training", "uploaded_by")
        )
