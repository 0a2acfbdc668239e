"""Who sees which figures: the reporting scope of a user.

Built only on the rules the rest of the app already uses (``accounts.permissions`` for roles
and entity subtrees, ``catalog.permissions.trainings_editable_by`` for trainings), so a
figure here can never cover more than the lists and pages elsewhere:

- platform admins and the editorial committee: national figures;
- a space admin: the people attached to their entity subtree(s), plus everyone who follows
  a training of that scope (people from other entities are counted, never named);
- a designer: the trainings they may edit;
- anyone else: nothing (a tutor is sent to their sessions, which exist elsewhere).
"""

from dataclasses import dataclass
from enum import StrEnum

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from mentor.accounts.models import Role
from mentor.accounts.permissions import has_national_role, is_platform_admin, scope_roots
from mentor.catalog.models import Training
from mentor.catalog.permissions import trainings_editable_by
from mentor.catalog.search import MAX_QUERY_LENGTH, fold, query_terms
from mentor.catalog.selectors import trainings_visible_to
from mentor.core.permissions import rule
from mentor.organisations.models import Entity


class ScopeKind(StrEnum):
    NATIONAL = "national"
    ENTITY = "entity"
    TRAININGS = "trainings"


@dataclass(frozen=True)
class ReportScope:
    kind: ScopeKind
    #: Entity subtrees whose attached people are in scope (space admins).
    roots: tuple[Entity, ...] = ()
    #: Trainings whose learners are in scope whoever they are (None: every training).
    trainings: QuerySet[Training] | None = None

    @property
    def is_national(self) -> bool:
        return self.kind == ScopeKind.NATIONAL

    @property
    def shows_accounts(self) -> bool:
        """Account figures are about people: national, or the people of an entity."""
        return self.kind != ScopeKind.TRAININGS

    def people_q(self, user: str) -> Q:
        """People attached to the scope's subtrees; ``user`` is the lookup to the user."""
        if self.is_national:
            return Q()
        query = Q(pk__in=[])
        for root in self.roots:
            query |= Q(**{f"{user}entity__path__startswith": root.path})
        return query

    def q(self, *, user: str, training: str) -> Q:
        """Rows (enrolments, answers, progress) in scope; ``user`` and ``training`` are the
        lookups from the row to its person and to its training (ending with ``__``)."""
        if self.is_national:
            return Q()
        query = Q(**{f"{training}in": self.trainings})
        if self.kind == ScopeKind.ENTITY:
            query |= self.people_q(user)
        return query


def reporting_scope(user) -> ReportScope | None:
    """The figures ``user`` may read, or None."""
    if not user.is_authenticated or not user.is_active:
        return None
    if is_platform_admin(user) or has_national_role(user, Role.EDITORIAL_COMMITTEE):
        return ReportScope(kind=ScopeKind.NATIONAL)
    roots = scope_roots(user, Role.SPACE_ADMIN)
    if roots:
        return ReportScope(
            kind=ScopeKind.ENTITY,
            roots=tuple(roots),
            trainings=trainings_editable_by(user).values("pk"),
        )
    if scope_roots(user, Role.DESIGNER):
        return ReportScope(
            kind=ScopeKind.TRAININGS, trainings=trainings_editable_by(user).values("pk")
        )
    return None


@rule("reporting.view")
def can_view_reporting(user, _obj=None) -> bool:
    return reporting_scope(user) is not None


def entities_for_filter(user, scope: ReportScope) -> QuerySet[Entity]:
    """Entities a user may filter on: all for national figures, their subtrees otherwise."""
    if scope.is_national:
        return Entity.objects.order_by("path")
    return Entity.objects.subtrees_of(scope.roots).order_by("path")


def trainings_for_filter(user, scope: ReportScope) -> QuerySet[Training]:
    """Trainings a user may filter on: every one for national figures; for a space admin,
    those they edit and those the catalog shows them (where their agents train); for a
    designer, those they edit. Nobody learns the title of a draft outside their scope."""
    if scope.trainings is None:
        return Training.objects.order_by("title")
    query = Q(pk__in=scope.trainings)
    if scope.kind == ScopeKind.ENTITY:
        query |= Q(pk__in=trainings_visible_to(user).values("pk"))
    return Training.objects.filter(query).order_by("title")


NATIONAL = "national"


def scope_for_key(user, key: str) -> tuple[ReportScope, Entity | None]:
    """The scope and entity filter a caller names (``national`` or an entity's slug), as
    the API asks for them: PermissionDenied outside the caller's reporting scope (a space
    admin asking for another ministry, a referent asking for national figures), Http404
    for an entity that does not exist."""
    scope = reporting_scope(user)
    if scope is None:
        raise PermissionDenied
    if key == NATIONAL:
        if not scope.is_national:
            raise PermissionDenied
        return scope, None
    entity = Entity.objects.filter(slug=key).first() if "\x00" not in key else None
    if entity is None:
        raise Http404
    if not scope.shows_accounts:
        raise PermissionDenied  # a designer's figures are about trainings, not entities
    if not scope.is_national and not any(entity.path.startswith(r.path) for r in scope.roots):
        raise PermissionDenied
    return scope, entity


#: Suggestions shown as one types a training's title; more means "refine your search".
TRAINING_SUGGESTIONS = 20
#: Rows the database narrows a title search to before titles are matched in Python.
SEARCH_NARROWED = 500


def trainings_matching(user, scope: ReportScope, text: str, *, limit: int) -> list[Training]:
    """Trainings of the filter list (``trainings_for_filter``) for a typed ``text``, by
    title, at most ``limit``: the one whose slug is ``text`` (a shared link, a chosen
    suggestion); else those whose folded title is ``text`` ("laicite" is "Laïcité"); else
    those whose title holds every word of ``text``. The database narrows on the folded
    search text (title first, then keywords and summary), titles are checked here: a fixed
    number of queries however large the offer."""
    text = (text or "").strip()[:MAX_QUERY_LENGTH]
    if not text:
        return []
    allowed = trainings_for_filter(user, scope)
    by_slug = [t for t in allowed.filter(slug=text)[:1]]
    if by_slug:
        return by_slug
    terms = query_terms(text)
    if not terms:
        return []
    narrowed = allowed.select_related("producer").only(
        "pk", "slug", "title", "producer__short_name"
    )
    for term in terms:
        narrowed = narrowed.filter(search_text__contains=term)
    candidates = [t for t in narrowed[:SEARCH_NARROWED] if all(x in fold(t.title) for x in terms)]
    exact = [t for t in candidates if fold(t.title) == fold(text)]
    return (exact or candidates)[:limit]


#: Entities read to match a typed name: the whole State's tree is a few thousand at most.
ENTITY_NARROWED = 5000


def entities_matching(user, scope: ReportScope, text: str, *, limit: int) -> list[Entity]:
    """Entities of the filter list (``entities_for_filter``) for a typed ``text``, in tree
    order, at most ``limit``: the one whose slug is ``text``; else those whose folded name
    or acronym is ``text``; else those whose name and acronym hold every word of it."""
    text = (text or "").strip()[:MAX_QUERY_LENGTH]
    if not text:
        return []
    allowed = entities_for_filter(user, scope)
    by_slug = list(allowed.filter(slug=text)[:1])
    if by_slug:
        return by_slug
    terms = query_terms(text)
    if not terms:
        return []
    rows = allowed.only("pk", "slug", "name", "short_name", "path")[:ENTITY_NARROWED]
    named = [(e, fold(f"{e.name} {e.short_name}")) for e in rows]
    candidates = [e for e, words in named if all(term in words for term in terms)]
    wanted = fold(text)
    exact = [e for e in candidates if wanted in (fold(e.name), fold(e.short_name))]
    return (exact or candidates)[:limit]
