from django.contrib import admin
from django.db.models import Q

from mentor.accounts.admin import ScopedAdminMixin
from mentor.accounts.permissions import administered_entities, is_platform_admin
from mentor.core.admin import ReadOnlyAdminMixin
from mentor.surveys.models import SurveyQuestion, SurveyResponse


def _scoped(request, qs):
    if is_platform_admin(request.user):
        return qs
    entities = administered_entities(request.user)
    return qs.filter(
        Q(training__owner_entity__in=entities)
        | Q(training__owner_entity__isnull=True, training__producer__in=entities)
    )


@admin.register(SurveyQuestion)
class SurveyQuestionAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    list_display = ("text", "training", "kind", "required", "position")
    list_filter = ("kind", "required")
    search_fields = ("text", "training__title")
    list_select_related = ("training",)

    def get_queryset(self, request):
        return _scoped(request, super().get_queryset(request))


@admin.register(SurveyResponse)
class SurveyResponseAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    """Answers are anonymous to the people who read them: no agent column, no agent field."""

    list_display = ("training", "satisfaction", "adapted", "reuse", "created_at")
    list_filter = ("satisfaction", "adapted", "reuse")
    search_fields = ("training__title",)
    list_select_related = ("training",)
    exclude = ("user", "session")
    show_full_result_count = False

    def get_queryset(self, request):
        return _scoped(request, super().get_queryset(request))
