"""Who may do what on accounts, roles and entities.

Roles are scoped to an entity's subtree; a platform admin (role or superuser) may do
everything. ``administered_entities`` is the one query every scoped rule and every scoped
list (admin, audit log) is built on.
"""

from django.core.cache import cache
from django.db.models import Q, QuerySet

from mentor.accounts.models import SCOPED_ROLES, Role, RoleAssignment, User
from mentor.core.permissions import rule
from mentor.organisations.models import Entity

_CACHE_ATTR = "_mentor_role_assignments"
_PATH_ATTR = "_mentor_entity_path"


ROLES_VERSION_KEY = "accounts:roles:version"
ROLES_SECONDS = 300


def _roles_key(user_pk: int) -> str:
    return f"accounts:roles:{user_pk}"


def _load_roles(user, found: dict | None = None) -> list[RoleAssignment]:
    """The user's roles from the cache, else the database, kept on the user object with
    the path of their entity when the cached copy has it (``entity_path``). Each copy is
    stored with the roles version it was read under and the entity it was read for: the
    version and the copy are read together (one round trip, or none when ``found`` has
    them, read along with something else: ``roles_keys``), the copy used only when both
    are still the current ones."""
    key = _roles_key(user.pk)
    if found is None:
        found = cache.get_many([ROLES_VERSION_KEY, key])
    version = found.get(ROLES_VERSION_KEY, 0)
    entry = found.get(key)
    if (
        isinstance(entry, tuple)
        and len(entry) == 4
        and entry[0] == version
        and entry[2] == user.entity_id
    ):
        _version, roles, _entity_id, path = entry
    else:
        roles, path = list(RoleAssignment.objects.filter(user=user).select_related("entity")), None
        cache.set(key, (version, roles, user.entity_id, path), ROLES_SECONDS)
    setattr(user, _CACHE_ATTR, roles)
    setattr(user, _PATH_ATTR, (version, path))
    return roles


def role_assignments(user) -> list[RoleAssignment]:
    """The user's roles with their scope: once per user object, and from the cache between
    requests (every signed-in page asks, for its menu). Any change to a role or an entity
    retires every cached copy (``roles_changed``)."""
    if not user.is_authenticated:
        return []
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        cached = _load_roles(user)
    return cached


def roles_keys(user) -> list[str]:
    """The cache keys of the person's roles when this request has not read them yet ([]
    otherwise, or for a visitor): a page that reads the cache anyway may read these along,
    in the same round trip, and hand what it found to ``remember_roles``."""
    if not user.is_authenticated or getattr(user, _CACHE_ATTR, None) is not None:
        return []
    return [ROLES_VERSION_KEY, _roles_key(user.pk)]


def remember_roles(user, found: dict) -> None:
    """Keep on ``user`` their roles from ``found``, a ``get_many`` that included
    ``roles_keys(user)``: exactly as ``role_assignments`` would have read them."""
    if roles_keys(user):
        _load_roles(user, found)


def entity_path(user) -> str:
    """The materialised path of the signed-in person's entity ("" for none), which says
    which offer they see (``catalog.selectors.audience_key``): kept with their cached
    roles, so that a page that needs only this reads no entity. Exact: the path of an
    entity changes only when it or an ancestor is saved (``Entity.save``), which changes
    the roles version (``roles_changed``), and a person moved to another entity no longer
    matches the copy."""
    if not user.is_authenticated or not user.entity_id:
        return ""
    if User.entity.is_cached(user):
        return user.entity.path
    if getattr(user, _CACHE_ATTR, None) is None:
        _load_roles(user)
    version, path = getattr(user, _PATH_ATTR, (None, None))
    if path is None:
        path = user.entity.path
        roles = getattr(user, _CACHE_ATTR)
        cache.set(_roles_key(user.pk), (version, roles, user.entity_id, path), ROLES_SECONDS)
        setattr(user, _PATH_ATTR, (version, path))
    return path


def roles_changed(**kwargs) -> None:
    """Retire the cached roles of everyone (a role granted or revoked, an entity moved)."""
    try:
        cache.incr(ROLES_VERSION_KEY)
    except ValueError:
        cache.set(ROLES_VERSION_KEY, 1, None)


def forget_roles(user) -> None:
    for attr in (_CACHE_ATTR, _PATH_ATTR):
        if hasattr(user, attr):
            delattr(user, attr)


def is_platform_admin(user) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or any(ra.role == Role.PLATFORM_ADMIN for ra in role_assignments(user))


def has_role(user, role: str, entity: Entity | None = None) -> bool:
    """True if the user holds ``role``; for a scoped role and an ``entity``, the role's scope
    must contain that entity (the scope is an entity and all its sub-entities)."""
    for ra in role_assignments(user):
        if ra.role != role:
            continue
        if entity is None or ra.entity_id is None or entity.is_within(ra.entity):
            return True
    return False


def scope_roots(user, role: str) -> list[Entity]:
    return [ra.entity for ra in role_assignments(user) if ra.role == role and ra.entity_id]


def has_national_role(user, role: str) -> bool:
    """True if the user holds ``role`` with no entity (e.g. a DGAFP committee member, as
    opposed to one speaking for a lead direction)."""
    return any(ra.role == role and ra.entity_id is None for ra in role_assignments(user))


def administered_entities(user) -> QuerySet[Entity]:
    """Entities the user administers: all for a platform admin, the subtrees of their
    space-admin scopes otherwise, none for everyone else."""
    if is_platform_admin(user):
        return Entity.objects.all()
    roots = scope_roots(user, Role.SPACE_ADMIN)
    if not roots:
        return Entity.objects.none()
    return Entity.objects.subtrees_of(roots)


def administers(user, entity: Entity | None) -> bool:
    if is_platform_admin(user):
        return True
    if entity is None:
        return False
    return has_role(user, Role.SPACE_ADMIN, entity)


def users_visible_to(user) -> QuerySet[User]:
    """Users an administrator may see: everyone for a platform admin, the agents attached
    to their subtrees for a space admin, nobody else."""
    if is_platform_admin(user):
        return User.objects.all()
    roots = scope_roots(user, Role.SPACE_ADMIN)
    if not roots:
        return User.objects.none()
    query = Q(pk__in=[])
    for root in roots:
        query |= Q(entity__path__startswith=root.path)
    return User.objects.filter(query)


@rule("organisations.change_entity")
def can_change_entity(user, entity: Entity) -> bool:
    return administers(user, entity)


@rule("organisations.add_entity")
def can_add_entity(user, parent: Entity | None) -> bool:
    """Space admins add sub-entities inside their subtree; top-level ones are national."""
    if is_platform_admin(user):
        return True
    return parent is not None and administers(user, parent)


@rule("organisations.delete_entity")
def can_delete_entity(user, _entity=None) -> bool:
    return is_platform_admin(user)


@rule("organisations.change_domains")
def can_change_domains(user, _entity=None) -> bool:
    """Domains decide who is a State agent: a national decision."""
    return is_platform_admin(user)


@rule("accounts.manage_user")
def can_manage_user(user, target: User) -> bool:
    """A space admin manages the agents of their subtree, but nobody who holds a power
    reaching beyond it: a platform admin, a national role, or a role on another entity."""
    if is_platform_admin(user):
        return True
    if target.entity_id is None or not administers(user, target.entity):
        return False
    if target.is_superuser:
        return False
    return all(
        ra.entity_id is not None and administers(user, ra.entity) for ra in role_assignments(target)
    )


@rule("accounts.override_attachment")
def can_override_attachment(user, change: tuple[User, Entity | None]) -> bool:
    """``change`` is ``(target, new_entity)``: a space admin may move users of their scope
    within it (or detach them); only a platform admin attaches someone from outside."""
    target, new_entity = change
    if is_platform_admin(user):
        return True
    return can_manage_user(user, target) and (new_entity is None or administers(user, new_entity))


@rule("accounts.grant_role")
def can_grant_role(user, grant: tuple[str, Entity | None]) -> bool:
    """``grant`` is ``(role, entity)``. Space admins grant scoped roles inside their scope."""
    role, entity = grant
    if is_platform_admin(user):
        return True
    return role in SCOPED_ROLES and entity is not None and administers(user, entity)


@rule("audit.view")
def can_view_audit(user, _obj=None) -> bool:
    return is_platform_admin(user) or bool(scope_roots(user, Role.SPACE_ADMIN))
