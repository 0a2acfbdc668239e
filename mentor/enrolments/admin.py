from django.contrib import admin

from mentor.accounts.admin import ScopedAdminMixin
from mentor.accounts.permissions import users_visible_to
from mentor.core.admin import ReadOnlyAdminMixin
from mentor.enrolments.models import Enrolment, EnrolmentEvent


class EnrolmentEventInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = EnrolmentEvent
    extra = 0
    readonly_fields = ("kind", "created_at")


@admin.register(Enrolment)
class EnrolmentAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    list_display = ("user", "session", "status", "enrolled_at", "cancelled_at")
    list_filter = ("status",)
    search_fields = ("user__email", "session__training__title")
    list_select_related = ("user", "session__training")
    readonly_fields = ("user", "session", "status", "enrolled_at", "cancelled_at")
    inlines = [EnrolmentEventInline]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(user__in=users_visible_to(request.user))
