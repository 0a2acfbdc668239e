"""What the admin pages of every app share (no model of core is in the admin)."""


class ReadOnlyAdminMixin:
    """Rows written only by services (audit trail, enrolments): the admin reads them."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
