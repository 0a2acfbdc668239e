"""The platform team manages the FAQ here; contact requests are read here (platform admins
all of them, a ministry's referents those routed to their subtree)."""

from django.contrib import admin

from mentor.accounts.admin import ScopedAdminMixin
from mentor.accounts.permissions import administered_entities, is_platform_admin
from mentor.core.admin import ReadOnlyAdminMixin
from mentor.help.models import ContactRequest, FaqCategory, FaqEntry
from mentor.help.search import faq_index


class PlatformTeamMixin:
    def has_module_permission(self, request) -> bool:
        return is_platform_admin(request.user)

    def has_view_permission(self, request, obj=None) -> bool:
        return is_platform_admin(request.user)

    def has_add_permission(self, request) -> bool:
        return is_platform_admin(request.user)

    def has_change_permission(self, request, obj=None) -> bool:
        return is_platform_admin(request.user)

    def has_delete_permission(self, request, obj=None) -> bool:
        return is_platform_admin(request.user)


@admin.register(FaqCategory)
class FaqCategoryAdmin(PlatformTeamMixin, admin.ModelAdmin):
    list_display = ("name", "position")
    prepopulated_fields = {"slug": ("name",)}


@admin.register(FaqEntry)
class FaqEntryAdmin(PlatformTeamMixin, admin.ModelAdmin):
    list_display = ("question", "category", "published", "helpful_yes", "helpful_no")
    list_filter = ("category", "published")
    search_fields = ("question", "answer")
    readonly_fields = ("helpful_yes", "helpful_no")

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        faq_index(obj)


@admin.register(ContactRequest)
class ContactRequestAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    list_display = ("__str__", "topic", "user", "routed_to", "routed_entity", "created_at")
    list_filter = ("topic", "routed_to")
    list_select_related = ("user", "routed_entity")

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if is_platform_admin(request.user):
            return qs
        return qs.filter(routed_entity__in=administered_entities(request.user))
