"""Read queries on the entity tree."""

from django.db.models import Prefetch, QuerySet

from mentor.organisations.domains import (
    InvalidDomain,
    domain_suffixes,
    email_domain,
    longest_suffix_match,
)
from mentor.organisations.models import EmailDomain, Entity, EntityContact


def entity_for_email(email: str) -> Entity | None:
    """The entity an e-mail address belongs to, or None for a non-State address.

    The longest registered domain that is a suffix of the address's domain (on a label
    boundary) wins, so ``greffe.justice.gouv.fr`` matches a direction registered with that
    domain before the ministry registered with ``justice.gouv.fr``. One query.
    """
    try:
        domain = email_domain(email)
    except InvalidDomain:
        return None
    rows = {
        row.domain: row
        for row in EmailDomain.objects.filter(domain__in=domain_suffixes(domain))
        .select_related("entity")
        .order_by()
    }
    best = longest_suffix_match(domain, rows)
    return rows[best].entity if best else None


def entity_tree() -> QuerySet[Entity]:
    """All entities in tree order (depth-first), with their domains."""
    return Entity.objects.order_by("path").prefetch_related("domains")


def entity_get_for_contact_page(*, slug: str) -> Entity:
    """An entity with what its contact page shows; raises Entity.DoesNotExist."""
    return (
        Entity.objects.select_related("parent")
        .prefetch_related(
            Prefetch("contacts", queryset=EntityContact.objects.order_by("position", "name")),
            "domains",
            Prefetch("children", queryset=Entity.objects.order_by("name")),
        )
        .get(slug=slug)
    )


def ministry_of(entity: Entity) -> Entity:
    """The top of the entity's tree (its ministry, or the entity itself at the top), read
    from the materialised path: one query, none at the top."""
    root_id = int(entity.path.split(".")[0])
    return entity if root_id == entity.pk else Entity.objects.get(pk=root_id)
