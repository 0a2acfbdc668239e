"""The audit trail in the admin: read-only, each reader narrowed to what they may see.

Who may see which rows is decided above audit (the entities a person administers are
accounts' and organisations' knowledge): an app registers a scope in ``admin_scopes``
(``accounts.admin_audit``). With none registered, the page shows no row.
"""

from collections.abc import Callable

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from mentor.audit.models import AuditEvent
from mentor.core.admin import ReadOnlyAdminMixin
from mentor.core.permissions import can
from mentor.core.registry import Registry

#: ``scope(request, rows) -> rows``: narrows the trail to what the reader may see (and may
#: annotate ``entity_name``, shown in the list). Applied in order.
admin_scopes: Registry[Callable[[HttpRequest, QuerySet], QuerySet]] = Registry("audit admin scopes")


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):  # written by services only
    list_display = ("created_at", "actor", "action", "target_repr", "entity")
    list_filter = ("action",)
    search_fields = ("target_repr", "actor__email", "action")
    list_select_related = ("actor",)
    date_hierarchy = "created_at"

    def get_queryset(self, request):
        rows = super().get_queryset(request)
        scopes = [scope for _name, scope in admin_scopes.items()]
        if not scopes:
            return rows.none()
        for scope in scopes:
            rows = scope(request, rows)
        return rows

    @admin.display(description=_("entité concernée"), ordering="entity_name")
    def entity(self, obj) -> str:
        return getattr(obj, "entity_name", None) or "-"

    def has_module_permission(self, request) -> bool:
        return can(request.user, "audit.view")

    def has_view_permission(self, request, obj=None) -> bool:
        return can(request.user, "audit.view")
