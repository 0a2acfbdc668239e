from django.contrib import admin

from mentor.accounts.admin import ScopedAdminMixin
from mentor.accounts.permissions import is_platform_admin
from mentor.catalog.models import Collection, Session, Training
from mentor.catalog.permissions import trainings_editable_by
from mentor.core.permissions import can


@admin.register(Collection)
class CollectionAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ("name", "parent", "lead_entity", "position")
    list_select_related = ("parent", "lead_entity")
    prepopulated_fields = {"slug": ("name",)}

    def has_add_permission(self, request) -> bool:
        return is_platform_admin(request.user)

    def has_change_permission(self, request, obj=None) -> bool:
        return is_platform_admin(request.user)

    def has_delete_permission(self, request, obj=None) -> bool:
        return is_platform_admin(request.user)


class SessionInline(admin.TabularInline):
    model = Session
    extra = 0
    fields = ("title", "starts_on", "ends_on", "capacity", "seats_taken", "state")
    readonly_fields = ("seats_taken",)


@admin.register(Training)
class TrainingAdmin(ScopedAdminMixin, admin.ModelAdmin):
    """Read and triage in the admin; editing happens in the designer UI (services, audit)."""

    list_display = ("title", "producer", "owner_entity", "modality", "state", "published_at")
    list_filter = ("state", "modality", "certifying", "is_path")
    search_fields = ("title", "keywords")
    list_select_related = ("producer", "owner_entity")
    inlines = [SessionInline]

    def get_queryset(self, request):
        return trainings_editable_by(request.user)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return (
            obj is not None
            and is_platform_admin(request.user)
            and can(request.user, "catalog.change_training", obj)
        )
