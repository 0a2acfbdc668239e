from django.contrib import admin
from django.db.models import Q

from mentor.accounts.admin import ScopedAdminMixin
from mentor.accounts.permissions import administered_entities, is_platform_admin
from mentor.attestations.models import Attestation
from mentor.core.admin import ReadOnlyAdminMixin


@admin.register(Attestation)
class AttestationAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    """Issued by the completion flow only; revoked through ``services.attestation_revoke``."""

    list_display = (
        "number",
        "training_title",
        "producer_name",
        "completed_at",
        "issued_at",
        "revoked_at",
    )
    list_filter = (("revoked_at", admin.EmptyFieldListFilter), "issued_at")
    search_fields = ("number", "training_title")
    date_hierarchy = "issued_at"
    readonly_fields = ("revoked_by",)
    exclude = ("enrolment", "training")
    show_full_result_count = False

    def get_queryset(self, request):
        qs = super().get_queryset(request).select_related("revoked_by")
        if is_platform_admin(request.user):
            return qs
        entities = administered_entities(request.user)
        return qs.filter(
            Q(training__owner_entity__in=entities)
            | Q(training__owner_entity__isnull=True, training__producer__in=entities)
        )
