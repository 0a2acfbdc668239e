"""The self-assessment grid is data that platform admins edit here, by version: a draft
is editable; once in force (or used) it is frozen, and "Nouvelle version" makes an
editable copy to activate later."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from mentor.accounts.admin import ScopedAdminMixin
from mentor.accounts.permissions import is_platform_admin
from mentor.core.errors import Refusal
from mentor.quality import services
from mentor.quality.models import Criterion, Grid, GridState


class CriterionInline(admin.StackedInline):
    model = Criterion
    extra = 0
    fields = ("code", "phase", "domain", "text", "guidance", "position")

    def _editable(self, request, obj) -> bool:
        return is_platform_admin(request.user) and (obj is None or not obj.is_frozen)

    def has_add_permission(self, request, obj=None) -> bool:
        return self._editable(request, obj)

    def has_change_permission(self, request, obj=None) -> bool:
        return self._editable(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return self._editable(request, obj)

    def has_view_permission(self, request, obj=None) -> bool:
        return is_platform_admin(request.user)


@admin.register(Grid)
class GridAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ("title", "version", "state", "activated_at")
    inlines = [CriterionInline]
    actions = ["new_version", "activate"]

    def has_module_permission(self, request) -> bool:
        return is_platform_admin(request.user)

    def has_view_permission(self, request, obj=None) -> bool:
        return is_platform_admin(request.user)

    def has_add_permission(self, request) -> bool:
        return False  # a new grid is a new version of the current one (action)

    def has_change_permission(self, request, obj=None) -> bool:
        return is_platform_admin(request.user) and (obj is None or not obj.is_frozen)

    def has_delete_permission(self, request, obj=None) -> bool:
        return (
            is_platform_admin(request.user)
            and obj is not None
            and obj.state == GridState.DRAFT
            and not obj.assessments.exists()
        )

    def get_readonly_fields(self, request, obj=None):
        return ("version", "state", "activated_at")

    @admin.action(description=_("Créer une nouvelle version (brouillon modifiable)"))
    def new_version(self, request, queryset) -> None:
        for grid in queryset:
            draft = services.grid_new_version(actor=request.user, grid=grid)
            self.message_user(
                request, _("Version %(v)s créée en brouillon.") % {"v": draft.version}
            )

    @admin.action(description=_("Mettre en vigueur"))
    def activate(self, request, queryset) -> None:
        for grid in queryset[:1]:
            try:
                services.grid_activate(actor=request.user, grid=grid)
            except Refusal as exc:
                self.message_user(request, str(exc), level=messages.ERROR)
            else:
                self.message_user(
                    request, _("La version %(v)s est en vigueur.") % {"v": grid.version}
                )
