"""Platform admins manage the labels and the calls for projects here (the committee uses
/comite/ and /ressources/)."""

from django.contrib import admin

from mentor.editorial.models import CallForProjects, Label, Resource


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
