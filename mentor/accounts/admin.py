"""Django admin for platform admins and, scoped to their subtree, space admins.

Access is decided by ``mentor.accounts.permissions`` (not by Django model permissions), and
every change goes through the services so it is validated and audited.
"""

from allauth.account.decorators import secure_admin_login
from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from mentor.accounts import permissions, services
from mentor.accounts.forms import AttachmentOverrideForm
from mentor.accounts.models import AttachmentChange, Role, RoleAssignment, User
from mentor.core.permissions import can

# One way in: the admin's own login form would skip the sign-in rate limits, the second
# factor and the re-attachment at sign-in. Anonymous visitors are sent to Mentor's sign-in
# page and come back; signed-in people without admin access get the 403 page.
admin.site.login = secure_admin_login(admin.site.login)


class ScopedAdminMixin:
    """Admins see the admin site; what they may touch is decided per object by our rules."""

    def has_module_permission(self, request) -> bool:
        return request.user.is_active and request.user.is_staff

    def has_view_permission(self, request, obj=None) -> bool:
        return self.has_module_permission(request)


class AttachmentChangeInline(admin.TabularInline):
    model = AttachmentChange
    fk_name = "user"
    extra = 0
    can_delete = False
    fields = ("created_at", "from_entity", "to_entity", "trigger", "reason", "changed_by")
    readonly_fields = fields
    verbose_name_plural = _("Historique des rattachements")

    def get_queryset(self, request):
        # Each row is titled with its entities (``AttachmentChange.__str__``).
        return super().get_queryset(request).select_related("from_entity", "to_entity")

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_view_permission(self, request, obj=None) -> bool:
        return True


@admin.register(User)
class UserAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ("email", "last_name", "first_name", "entity", "attachment_source", "is_active")
    # No category, status or gender here: they are given for anonymous statistics only and
    # are never shown to anyone but the person (see the personal-data page).
    list_filter = ("attachment_source", "is_active", "is_staff")
    search_fields = ("email", "last_name", "first_name")
    list_select_related = ("entity",)
    ordering = ("email",)
    readonly_fields = (
        "email",
        "entity",
        "attachment_source",
        "override_link",
        "date_joined",
        "last_login",
        "is_staff",
        "erased_at",
    )
    fields = (
        "email",
        "first_name",
        "last_name",
        "entity",
        "attachment_source",
        "override_link",
        "is_active",
        "is_staff",
        "date_joined",
        "last_login",
        "erased_at",
    )
    inlines = [AttachmentChangeInline]

    def get_queryset(self, request):
        return permissions.users_visible_to(request.user).select_related("entity")

    def has_add_permission(self, request) -> bool:
        return False  # accounts are created by sign-up (or ProConnect), never by hand

    def has_change_permission(self, request, obj=None) -> bool:
        if obj is None:
            return self.has_module_permission(request)
        return can(request.user, "accounts.manage_user", obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return obj is not None and permissions.is_platform_admin(request.user)

    def get_form(self, request, obj=None, **kwargs):
        form_class = super().get_form(request, obj, **kwargs)
        actor = request.user

        class GuardedForm(form_class):
            def clean_is_active(self):
                is_active = self.cleaned_data.get("is_active")
                if self.instance.pk == actor.pk and not is_active:
                    raise ValidationError(_("Vous ne pouvez pas désactiver votre propre compte."))
                return is_active

        return GuardedForm

    def save_model(self, request, obj, form, change) -> None:
        services.user_update_by_admin(
            actor=request.user,
            user=obj,
            first_name=obj.first_name,
            last_name=obj.last_name,
            is_active=obj.is_active,
        )

    def delete_model(self, request, obj) -> None:
        services.user_erase(user=obj, actor=request.user)

    def delete_queryset(self, request, queryset) -> None:
        for user in queryset:
            services.user_erase(user=user, actor=request.user)

    @admin.display(description=_("Modifier le rattachement"))
    def override_link(self, obj) -> str:
        if obj is None or obj.pk is None:
            return "—"
        url = reverse("admin:accounts_user_override", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("Forcer ou rétablir le rattachement"))

    def get_urls(self):
        return [
            path(
                "<int:pk>/rattachement/",
                self.admin_site.admin_view(self.override_view),
                name="accounts_user_override",
            ),
            *super().get_urls(),
        ]

    def override_view(self, request, pk: int):
        target = get_object_or_404(self.get_queryset(request), pk=pk)
        if not can(request.user, "accounts.manage_user", target):
            raise PermissionDenied
        form = AttachmentOverrideForm(
            request.POST or None,
            entities=permissions.administered_entities(request.user),
            initial={"entity": target.entity_id},
        )
        if request.method == "POST" and form.is_valid():
            try:
                if "clear" in request.POST:
                    services.user_clear_override(
                        actor=request.user, user=target, reason=form.cleaned_data["reason"]
                    )
                else:
                    services.user_override_attachment(
                        actor=request.user,
                        user=target,
                        entity=form.cleaned_data["entity"],
                        reason=form.cleaned_data["reason"],
                    )
            except (PermissionDenied, ValidationError) as exc:
                messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
            else:
                messages.success(request, _("Le rattachement a été mis à jour."))
                return redirect("admin:accounts_user_change", pk)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Rattachement de %(user)s") % {"user": target},
            "form": form,
            "target": target,
            "opts": self.model._meta,
        }
        return render(request, "admin/accounts/user_override.html", context)


class RoleAssignmentForm(forms.ModelForm):
    class Meta:
        model = RoleAssignment
        fields = ("user", "role", "entity")


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(ScopedAdminMixin, admin.ModelAdmin):
    form = RoleAssignmentForm
    list_display = ("user", "role", "entity", "granted_by", "created_at")
    list_filter = ("role",)
    search_fields = ("user__email", "user__last_name", "entity__name")
    list_select_related = ("user", "entity", "granted_by")
    autocomplete_fields = ("user",)

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if permissions.is_platform_admin(request.user):
            return qs
        return qs.filter(entity__in=permissions.administered_entities(request.user))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "entity":
            kwargs["queryset"] = permissions.administered_entities(request.user)
        if db_field.name == "user":
            kwargs["queryset"] = permissions.users_visible_to(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "role" and not permissions.is_platform_admin(request.user):
            kwargs["choices"] = [
                (value, label)
                for value, label in Role.choices
                if value in {Role.TUTOR, Role.DESIGNER, Role.SPACE_ADMIN}
            ]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    def has_add_permission(self, request) -> bool:
        return self.has_module_permission(request)

    def has_change_permission(self, request, obj=None) -> bool:
        return False  # revoke and grant again: each step is audited

    def has_delete_permission(self, request, obj=None) -> bool:
        if obj is None:
            return self.has_module_permission(request)
        return can(request.user, "accounts.grant_role", (obj.role, obj.entity))

    def save_model(self, request, obj, form, change) -> None:
        assignment = services.role_grant(
            actor=request.user, user=obj.user, role=obj.role, entity=obj.entity
        )
        obj.pk = assignment.pk

    def delete_model(self, request, obj) -> None:
        services.role_revoke(actor=request.user, assignment=obj)

    def delete_queryset(self, request, queryset) -> None:
        for assignment in queryset.select_related("entity", "user"):
            services.role_revoke(actor=request.user, assignment=assignment)

    def get_form(self, request, obj=None, **kwargs):
        form_class = super().get_form(request, obj, **kwargs)
        actor = request.user

        class GuardedForm(form_class):
            def clean(self):
                cleaned = super().clean()
                role, entity = cleaned.get("role"), cleaned.get("entity")
                if role:
                    services.role_validate_scope(role=role, entity=entity)
                if role and not can(actor, "accounts.grant_role", (role, entity)):
                    raise ValidationError(
                        _("Vous ne pouvez pas attribuer ce rôle sur ce périmètre.")
                    )
                return cleaned

            def validate_unique(self):
                return None  # granting an existing role is a no-op, handled by the service

        return GuardedForm


# The back office of the entity tree is scoped by the roles this app owns, so its admin
# classes live here (organisations stays below accounts); the audit trail's page is audit's,
# its rows narrowed by the scope registered in admin_audit.
from mentor.accounts import admin_audit, admin_organisations  # noqa: E402, F401, I001
