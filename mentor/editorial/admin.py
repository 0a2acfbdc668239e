"""Platform admins manage the labels and the calls for projects here (the committee uses
/comite/ and /ressources/)."""

from django.contrib import admin

from mentor.editorial.models import Application, CallForProjects, Label, Resource


@admin.register(Label)
class LabelAdmin(admin.ModelAdmin):
    list_display = ["name"]
    search_fields = ["name"]


@admin.register(CallForProjects)
class CallForProjectsAdmin(admin.ModelAdmin):
    list_display = ["title", "opens_on", "closes_on", "published"]
    prepopulated_fields = {"slug": ["title"]}


@admin.register(Resource)
class ResourceAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "published", "position"]
    prepopulated_fields = {"slug": ["title"]}


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    """Read only: decisions go through the state machine (``editorial.applications``), on
    the application's page."""

    list_display = ["project_title", "call", "entity", "status", "created_at"]
    list_filter = ["status", "call"]
    list_select_related = ["call", "entity"]
    search_fields = ["project_title"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
