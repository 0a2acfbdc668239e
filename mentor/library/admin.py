from django.contrib import admin

from mentor.accounts.admin import ScopedAdminMixin
from mentor.accounts.permissions import is_platform_admin
from mentor.core.admin import ReadOnlyAdminMixin
from mentor.library.models import Deposit, TrainingCopy


@admin.register(Deposit)
class DepositAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    """Read-only: deposits go through the library's pages (services, audit)."""

    list_display = ("training", "licence", "deposited_by", "created_at", "withdrawn_at")
    list_select_related = ("training", "deposited_by")
    search_fields = ("training__title",)

    def has_module_permission(self, request) -> bool:
        return is_platform_admin(request.user)


@admin.register(TrainingCopy)
class TrainingCopyAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    list_display = ("title", "kind", "state", "origin_title", "target_producer", "created_at")
    list_filter = ("kind", "state")
    list_select_related = ("target_producer",)
    search_fields = ("title", "origin_title")

    def has_module_permission(self, request) -> bool:
        return is_platform_admin(request.user)
