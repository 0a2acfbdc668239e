"""Who sees which rows of the audit trail's admin page (``audit.admin``): a platform admin
all of them, a space admin those about the entities they administer."""

from django.db.models import OuterRef, Subquery

from mentor.accounts.permissions import administered_entities, is_platform_admin
from mentor.audit.admin import admin_scopes
from mentor.organisations.models import Entity


@admin_scopes.register("accounts.administered_entities")
def administered_rows(request, rows):
    # The entity's name in the same query (the trail keeps only its id: audit sits below
    # organisations).
    names = Entity.objects.filter(pk=OuterRef("entity_id")).values("name")[:1]
    rows = rows.annotate(entity_name=Subquery(names))
    if is_platform_admin(request.user):
        return rows
    return rows.filter(entity_id__in=administered_entities(request.user).values("pk"))
