"""State changes on the entity tree."""

from django.db import transaction

from mentor.organisations.domains import normalise_domain
from mentor.organisations.models import EmailDomain, Entity


@transaction.atomic
def entity_upsert(
    *,
    slug: str,
    name: str,
    short_name: str,
    kind: str,
    parent: Entity | None = None,
    description: str = "",
    contact_intro: str = "",
    contact_email: str = "",
    domains: list[str] | tuple[str, ...] = (),
) -> Entity:
    """Create or update an entity by slug, and make sure it owns the given domains.

    Idempotent: running it twice with the same arguments changes nothing the second time.
    """
    entity = Entity.objects.filter(slug=slug).first() or Entity(slug=slug)
    entity.name = name
    entity.short_name = short_name
    entity.kind = kind
    entity.parent = parent
    entity.description = description
    entity.contact_intro = contact_intro
    entity.contact_email = contact_email
    entity.full_clean()
    entity.save()
    for domain in domains:
        EmailDomain.objects.update_or_create(
            domain=normalise_domain(domain), defaults={"entity": entity}
        )
    return entity
