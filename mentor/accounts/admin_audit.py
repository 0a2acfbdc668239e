from django.contrib import admin

from mentor.accounts.admin import ReadOnlyAdminMixin, ScopedAdminMixin
from mentor.accounts.permissions import administered_entities, is_platform_admin
from mentor.audit.models import AuditEvent
from mentor.core.permissions import can


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    list_display = ("created_at", "actor", "action", "target_repr", "entity")
    list_filter = ("action",)
    search_fields = ("target_repr", "actor__email", "action")
    list_select_related = ("actor", "entity")
    date_hierarchy = "created_at"

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if is_platform_admin(request.user):
            return qs
        return qs.filter(entity__in=administered_entities(request.user))

    def has_module_permission(self, request) -> bool:
        return can(request.user, "audit.view")

    def has_view_permission(self, request, obj=None) -> bool:
        return can(request.user, "audit.view")
