from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from mentor.accounts.admin import ScopedAdminMixin
from mentor.accounts.permissions import administered_entities, is_platform_admin
from mentor.accounts.selectors import members_count
from mentor.core.permissions import can
from mentor.organisations import services
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
        "article",
        "short_name",
        "slug",
        "description",
        "contact_intro",
        "contact_email",
        "time_zone",
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
        return can(request.user, "organisations.delete_entity", obj)

    def save_model(self, request, obj, form, change) -> None:
        services.entity_save(actor=request.user, entity=obj)

    def save_formset(self, request, form, formset, change) -> None:
        if formset.model is not EmailDomain:
            return super().save_formset(request, form, formset, change)
        instances = formset.save(commit=False)
        for domain in formset.deleted_objects:
            services.email_domain_delete(actor=request.user, domain=domain)
        for domain in instances:
            services.email_domain_save(actor=request.user, domain=domain)
        return None

    def get_deleted_objects(self, objs, request):
        """Refuse, with one line instead of a list of thousands of people, to delete an
        entity people are still attached to."""
        members = members_count(entities=objs)
        if members:
            message = ngettext(
                "%(count)s personne est rattachée à cette entité : modifiez ses domaines "
                "ou son rattachement avant de supprimer l’entité.",
                "%(count)s personnes sont rattachées à cette entité : modifiez leurs "
                "domaines ou leur rattachement avant de supprimer l’entité.",
                members,
            ) % {"count": members}
            return [], {}, set(), [message]
        return super().get_deleted_objects(objs, request)

    def delete_model(self, request, obj) -> None:
        services.entity_delete(actor=request.user, entity=obj)

    def delete_queryset(self, request, queryset) -> None:
        # Leaves first, so a subtree selected as a whole can go.
        for entity in queryset.order_by("-depth"):
            services.entity_delete(actor=request.user, entity=entity)


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

    def save_model(self, request, obj, form, change) -> None:
        services.email_domain_save(actor=request.user, domain=obj)

    def delete_model(self, request, obj) -> None:
        services.email_domain_delete(actor=request.user, domain=obj)

    def delete_queryset(self, request, queryset) -> None:
        for domain in queryset.select_related("entity"):
            services.email_domain_delete(actor=request.user, domain=domain)

    def get_form(self, request, obj=None, **kwargs):
        form_class = super().get_form(request, obj, **kwargs)

        class DomainForm(form_class):
            def clean_domain(self):
                try:
                    return normalise_domain(self.cleaned_data["domain"])
                except InvalidDomain as exc:
                    raise ValidationError(str(exc)) from exc

        return DomainForm
