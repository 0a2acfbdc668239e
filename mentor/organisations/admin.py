from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from mentor.accounts.admin import ScopedAdminMixin
from mentor.accounts.permissions import administered_entities, is_platform_admin
from mentor.core.permissions import can
from mentor.organisations.domains import InvalidDomain, normalise_domain
from mentor.organisations.models import EmailDomain, Entity, EntityContact


class EmailDomainInline(admin.TabularInline):
    model = EmailDomain
    extra = 0

    def has_add_permission(self, request, obj=None) -> bool:
        # Domains decide who is a State agent: only platform admins change them.
        return is_platform_admin(request.user)

    has_change_permission = has_add_permission
    has_delete_permission = has_add_permission

    def has_view_permission(self, request, obj=None) -> bool:
        return True


class EntityContactInline(admin.TabularInline):
    model = EntityContact
    extra = 0

    def has_add_permission(self, request, obj=None) -> bool:
        return obj is None or can(request.user, "organisations.change_entity", obj)

    has_change_permission = has_add_permission
    has_delete_permission = has_add_permission

    def has_view_permission(self, request, obj=None) -> bool:
        return True


@admin.register(Entity)
class EntityAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ("indented_name", "short_name", "kind")
    list_filter = ("kind",)
    search_fields = ("name", "short_name", "domains__domain")
    prepopulated_fields = {"slug": ("short_name",)}
    inlines = [EmailDomainInline, EntityContactInline]
    fields = (
        "parent",
        "kind",
        "name",
        "short_name",
        "slug",
        "description",
        "contact_intro",
        "contact_email",
    )

    def get_queryset(self, request):
        return administered_entities(request.user).order_by("path")

    def get_readonly_fields(self, request, obj=None):
        # Space admins add sub-entities inside their tree but do not move existing ones.
        if obj is not None and not is_platform_admin(request.user):
            return ("parent", "kind")
        return ()

    @admin.display(description=_("nom"), ordering="path")
    def indented_name(self, obj) -> str:
        return "— " * obj.depth + obj.name

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "parent":
            kwargs["queryset"] = administered_entities(request.user).order_by("path")
            kwargs["required"] = not is_platform_admin(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_add_permission(self, request) -> bool:
        return administered_entities(request.user).exists()

    def has_change_permission(self, request, obj=None) -> bool:
        if obj is None:
            return self.has_module_permission(request)
        return can(request.user, "organisations.change_entity", obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return is_platform_admin(request.user)


@admin.register(EmailDomain)
class EmailDomainAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ("domain", "entity")
    search_fields = ("domain", "entity__name")
    list_select_related = ("entity",)

    def get_queryset(self, request):
        return super().get_queryset(request).filter(entity__in=administered_entities(request.user))

    def has_add_permission(self, request) -> bool:
        return is_platform_admin(request.user)

    def has_change_permission(self, request, obj=None) -> bool:
        return is_platform_admin(request.user)

    def has_delete_permission(self, request, obj=None) -> bool:
        return is_platform_admin(request.user)

    def get_form(self, request, obj=None, **kwargs):
        form_class = super().get_form(request, obj, **kwargs)

        class DomainForm(form_class):
            def clean_domain(self):
                try:
                    return normalise_domain(self.cleaned_data["domain"])
                except InvalidDomain as exc:
                    raise ValidationError(str(exc)) from exc

        return DomainForm
