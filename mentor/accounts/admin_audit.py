from django.contrib import admin
from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext_lazy as _

from mentor.accounts.admin import ReadOnlyAdminMixin, ScopedAdminMixin
from mentor.accounts.permissions import administered_entities, is_platform_admin
from mentor.audit.models import AuditEvent
from mentor.core.permissions import can
from mentor.organisations.models import Entity


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    list_display = ("created_at", "actor", "action", "target_repr", "entity")
    list_filter = ("action",)
    search_fields = ("target_repr", "actor__email", "action")
    list_select_related = ("actor",)
    date_hierarchy = "created_at"

    def get_queryset(self, request):
        # The entity's name in the same query (the trail keeps only its id: audit sits below
        # organisations).
        names = Entity.objects.filter(pk=OuterRef("entity_id")).values("name")[:1]
        qs = super().get_queryset(request).annotate(entity_name=Subquery(names))
        if is_platform_admin(request.user):
            return qs
        return qs.filter(entity_id__in=administered_entities(request.user).values("pk"))

    @admin.display(description=_("entité concernée"), ordering="entity_name")
    def entity(self, obj) -> str:
        return getattr(obj, "entity_name", None) or "-"

    def has_module_permission(self, request) -> bool:
        return can(request.user, "audit.view")

    def has_view_permission(self, request, obj=None) -> bool:
        return can(request.user, "audit.view")
