"""State changes on the entity tree and its e-mail domains."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from mentor.audit.services import audit_record
from mentor.core.permissions import can
from mentor.core.registry import Registry
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
    article: str = "",
    description: str = "",
    contact_intro: str = "",
    contact_email: str = "",
    domains: list[str] | tuple[str, ...] = (),
    time_zone: str = "",
) -> Entity:
    """Create or update an entity by slug, and make sure it owns the given domains.

    Idempotent: running it twice with the same arguments changes nothing the second time.
    """
    entity = Entity.objects.filter(slug=slug).first() or Entity(slug=slug)
    entity.name = name
    entity.short_name = short_name
    entity.article = article
    entity.kind = kind
    entity.parent = parent
    entity.description = description
    entity.contact_intro = contact_intro
    entity.contact_email = contact_email
    entity.time_zone = time_zone
    entity.full_clean()
    entity.save()
    for domain in domains:
        EmailDomain.objects.update_or_create(
            domain=normalise_domain(domain), defaults={"entity": entity}
        )
    return entity


_AUDITED_ENTITY_FIELDS = (
    "parent_id",
    "kind",
    "name",
    "article",
    "short_name",
    "slug",
    "contact_email",
    "time_zone",
)


@transaction.atomic
def entity_save(*, actor, entity: Entity) -> Entity:
    """An administrator creates or edits an entity (from a validated admin form instance).

    A space admin creates sub-entities inside their subtree and edits the entities of that
    subtree; only a platform admin creates top-level entities or moves one elsewhere.
    Audited with the names of the fields that changed.
    """
    creating = entity.pk is None
    stored = None if creating else Entity.objects.select_for_update().get(pk=entity.pk)
    if stored is None:
        allowed = can(actor, "organisations.add_entity", entity.parent)
    else:
        allowed = can(actor, "organisations.change_entity", stored) and (
            entity.parent_id == stored.parent_id
            or can(actor, "organisations.add_entity", entity.parent)
        )
    if not allowed:
        raise PermissionDenied(_("Vous ne pouvez pas modifier cette entité à cet endroit."))
    entity.full_clean()
    changed = (
        []
        if creating
        else [f for f in _AUDITED_ENTITY_FIELDS if getattr(stored, f) != getattr(entity, f)]
    )
    entity.save()
    if creating or changed:
        audit_record(
            actor=actor,
            action="organisations.create_entity" if creating else "organisations.change_entity",
            target=entity,
            entity=entity,
            data={"fields": changed} if changed else {"parent": entity.parent_id},
        )
    return entity


@dataclass(frozen=True)
class EntityDependents:
    """What an app above keeps on an entity (people attached, roles scoped to it…), so that
    deleting the entity can ask it first: ``refusal(entity)`` gives a French reason to
    refuse, or None; ``release(*, actor, entity)`` frees its rows before the deletion, in
    the same transaction, and returns what the audit trail should keep of them."""

    refusal: Callable[[Entity], str | None]
    release: Callable[..., dict[str, Any]]


_DEPENDENTS: Registry[EntityDependents] = Registry("entity dependents")


def register_entity_dependents(name: str, dependents: EntityDependents) -> None:
    _DEPENDENTS.register(name)(dependents)


@transaction.atomic
def entity_delete(*, actor, entity: Entity) -> None:
    """A platform admin deletes an entity that no longer has anyone attached to it.

    Refused while people are attached (their attachment would vanish without a trace in
    their history) or while sub-entities remain. Its domains and contacts go with it; the
    roles scoped to it are revoked, and the trail keeps what it was.
    """
    locked = Entity.objects.select_for_update().get(pk=entity.pk)
    if not can(actor, "organisations.delete_entity", locked):
        raise PermissionDenied(_("Seul un administrateur de la plateforme supprime une entité."))
    for _name, dependents in _DEPENDENTS.items():
        reason = dependents.refusal(locked)
        if reason:
            raise ValidationError(reason)
    if locked.children.exists():
        raise ValidationError(
            _("Supprimez ou déplacez d'abord les sous-entités de « %(name)s ».")
            % {"name": locked.name}
        )
    data = {
        "name": locked.name,
        "short_name": locked.short_name,
        "domains": sorted(locked.domains.values_list("domain", flat=True)),
    }
    for _name, dependents in _DEPENDENTS.items():
        data.update(dependents.release(actor=actor, entity=locked))
    audit_record(
        actor=actor,
        action="organisations.delete_entity",
        target=locked,
        entity=locked.parent,
        data=data,
    )
    locked.delete()


@transaction.atomic
def email_domain_save(*, actor, domain: EmailDomain) -> EmailDomain:
    """A platform admin registers an e-mail domain for an entity, or moves it to another one.

    Domains decide who is a State agent, so only platform admins change them, every change
    is audited, and people are re-attached by the new rule at their next sign-in.
    """
    if not can(actor, "organisations.change_domains", domain.entity):
        raise PermissionDenied(_("Seul un administrateur de la plateforme modifie les domaines."))
    stored = (
        EmailDomain.objects.select_for_update().filter(pk=domain.pk).first() if domain.pk else None
    )
    domain.full_clean()
    if stored and (stored.domain, stored.entity_id) == (domain.domain, domain.entity_id):
        return domain
    domain.save()
    audit_record(
        actor=actor,
        action="organisations.change_domain" if stored else "organisations.add_domain",
        target=domain,
        entity=domain.entity,
        data={
            "domain": domain.domain,
            "entity": domain.entity_id,
            **({"from": {"domain": stored.domain, "entity": stored.entity_id}} if stored else {}),
        },
    )
    return domain


@transaction.atomic
def email_domain_delete(*, actor, domain: EmailDomain) -> None:
    """A platform admin removes a domain; its agents become other users at next sign-in."""
    if not can(actor, "organisations.change_domains", domain.entity):
        raise PermissionDenied(_("Seul un administrateur de la plateforme modifie les domaines."))
    audit_record(
        actor=actor,
        action="organisations.delete_domain",
        target=domain,
        entity=domain.entity,
        data={"domain": domain.domain, "entity": domain.entity_id},
    )
    domain.delete()
