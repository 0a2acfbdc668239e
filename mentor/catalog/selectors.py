"""Reads of the offer: visibility, catalog filters with facet counts, home page, sheets."""

import difflib
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import cached_property
from typing import cast

from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from mentor.accounts.models import AnyUser
from mentor.accounts.permissions import entity_path
from mentor.catalog.caches import CATALOG_VERSION_KEY, catalog_version
from mentor.catalog.grants import granted_sessions_q
from mentor.catalog.models import (
    Collection,
    Modality,
    PublicationState,
    Session,
    SessionState,
    Training,
)
from mentor.catalog.search import MAX_QUERY_LENGTH, apply_search, query_terms
from mentor.core.prepared import Prepared, is_key
from mentor.organisations.models import Entity

PAGE_SIZE = 12
MAX_PAGE = 10_000
#: Shared parts of the offer's pages (facet counts, home tiles) are cached this long per
#: audience; any change to a training, session or collection shows at once (see
#: ``caches.catalog_version``), seat counts and opening dates within this delay.
FRAGMENT_SECONDS = 60

DURATION_BUCKETS = {
    "lt2": (_("Moins de 2 h"), None, Decimal(2)),
    "2to7": (_("De 2 h à 7 h"), Decimal(2), Decimal(7)),
    "7to21": (_("De 7 h à 21 h"), Decimal(7), Decimal(21)),
    "gt21": (_("Plus de 21 h"), Decimal(21), None),
}
#: Columns of a training a list of results never shows (long texts, search columns).
LIST_DEFERRED = (
    "objectives",
    "content",
    "prerequisites",
    "audience",
    "pending_changes",
    "search_text",
    "search_vector",
)
SORTS = {
    "relevance": _("Pertinence"),
    "newest": _("Les plus récentes"),
    "title": _("Titre (A → Z)"),
}


# --- Visibility --------------------------------------------------------------------------


def ancestor_ids(entity: Entity) -> list[int]:
    """The entity and its ancestors, read from its materialised path (no query)."""
    return _path_ids(entity.path)


def _path_ids(path: str) -> list[int]:
    return [int(segment) for segment in path.split(".") if segment]


def audience_key(user: AnyUser) -> str:
    """Who sees the same offer as this person: visitors, "other users", or the agents of
    one entity (an agent sees the internal offer of their entity and its ancestors)."""
    if not user.is_authenticated:
        return "public"
    if user.entity_id is None:
        # Each "other user" sees only the sessions granted to them (catalog.grants).
        return f"other-{user.pk}"
    # The path kept with the person's cached roles: no query for their entity.
    return "entity-" + "-".join(str(pk) for pk in _path_ids(entity_path(user)))


def offer_cache_key(user: AnyUser) -> str:
    """The key of the fragments that depend on the offer this person sees."""
    return f"{catalog_version()}:{audience_key(user)}"


def trainings_visible_to(user: AnyUser) -> QuerySet[Training]:
    """Published trainings this person may see, filtered in the database.

    A visitor sees the interministerial offer; a State agent also sees the internal offer of
    their entity and of its ancestors; an "other user" (signed in, no entity) sees only the
    trainings of the sessions granted to them (an accepted invitation: ``catalog.grants``).
    """
    published = Training.objects.filter(state=PublicationState.PUBLISHED)
    if not user.is_authenticated:
        return published.filter(owner_entity__isnull=True)
    if user.entity_id is None:
        granted = Session.objects.filter(granted_sessions_q(user)).values("training_id")
        return published.filter(pk__in=granted)
    # The path kept with the person's cached roles: no query for their entity.
    return published.filter(
        Q(owner_entity__isnull=True) | Q(owner_entity_id__in=_path_ids(entity_path(user)))
    )


def sessions_visible_to(user: AnyUser) -> QuerySet[Session]:
    """Sessions this person may see and enrol in (if open): those of the trainings they see;
    for an "other user", only the very sessions granted to them."""
    return _session_scope(user, Session.objects.filter(training__in=trainings_visible_to(user)))


def sees_training(user: AnyUser, training: Training) -> bool | None:
    """Whether this person may see ``training``, as ``trainings_visible_to`` decides, told
    from the row already read (no query); ``None`` for an "other user", whose grants only
    the database knows."""
    if training.state != PublicationState.PUBLISHED:
        return False
    if not user.is_authenticated:
        return training.owner_entity_id is None
    if user.entity_id is None:
        return None
    return training.owner_entity_id is None or training.owner_entity_id in _path_ids(
        entity_path(user)
    )


# A session with its training, by key: the SQL built once (``core.prepared``).
_SESSION = Prepared(
    lambda *, session_id: Session.objects.select_related("training").filter(pk=session_id)
)


def session_visible_to(user: AnyUser, session_id: int) -> Session | None:
    """The session ``session_id`` with its training if this person may see it (the one
    ``sessions_visible_to(user)`` holds), else None. A State agent's or a visitor's answer
    takes one prepared read; an "other user"'s, the grants' query."""
    if not is_key(session_id):
        return None
    session = _SESSION.first(session_id=session_id)
    if session is None:
        return None
    verdict = sees_training(user, session.training)
    if verdict is None:
        return sessions_visible_to(user).select_related("training").filter(pk=session_id).first()
    return session if verdict else None


_TUTORING = Prepared(
    lambda *, session_id, user_id: Session.tutors.through.objects.filter(
        session_id=session_id, user_id=user_id
    )[:1]
)


def tutors_session(*, user_id: int, session_id: int) -> bool:
    """Whether this person is named among the session's tutors (one prepared read)."""
    return bool(_TUTORING(session_id=session_id, user_id=user_id))


def _session_scope(user: AnyUser, sessions) -> QuerySet[Session]:
    if user.is_authenticated and user.entity_id is None:
        return sessions.filter(granted_sessions_q(user))
    return sessions.all()


def open_sessions_q(prefix: str = "") -> Q:
    """Sessions an agent can enrol in right now (capacity is checked again on enrolment)."""
    now = timezone.now()
    p = prefix
    return (
        Q(**{f"{p}state": SessionState.OPEN})
        & Q(**{f"{p}ends_on__gte": timezone.localdate()})
        & (Q(**{f"{p}enrol_opens_at__isnull": True}) | Q(**{f"{p}enrol_opens_at__lte": now}))
        & (Q(**{f"{p}enrol_closes_at__isnull": True}) | Q(**{f"{p}enrol_closes_at__gte": now}))
        & (Q(**{f"{p}capacity__isnull": True}) | Q(**{f"{p}seats_taken__lt": F(f"{p}capacity")}))
    )


def _has_open_session() -> Exists:
    return Exists(Session.objects.filter(open_sessions_q(), training=OuterRef("pk")))


# --- Catalog filters ---------------------------------------------------------------------


@dataclass
class CatalogFilters:
    """A catalog query, parsed leniently from the URL: unknown values are dropped, never an
    error, so any shared or hand-edited URL still shows a page."""

    q: str = ""
    collections: list[str] = field(default_factory=list)
    partners: list[str] = field(default_factory=list)
    modalities: list[str] = field(default_factory=list)
    certifying: bool = False
    paths: bool = False
    #: "Offre de mon ministère": the internal offer the agent sees (their entity's chain).
    mine: bool = False
    durations: list[str] = field(default_factory=list)
    open_now: bool = False
    sort: str = "relevance"
    page: int = 1

    @classmethod
    def from_querydict(cls, data: QueryDict) -> "CatalogFilters":
        def values(key: str, allowed=None, limit: int = 20) -> list[str]:
            # No slug contains NUL, and PostgreSQL rejects it in any string literal.
            raw = [v.strip()[:100] for v in data.getlist(key)[:limit] if "\x00" not in v]
            return sorted({v for v in raw if v and (allowed is None or v in allowed)})

        try:
            page = min(max(int(data.get("page", "1")), 1), MAX_PAGE)
        except (TypeError, ValueError):
            page = 1
        sort = data.get("sort", "")
        q = (data.get("q") or "").replace("\x00", " ").strip()[:MAX_QUERY_LENGTH]
        return cls(
            q=q,
            collections=values("collection"),
            partners=values("partner"),
            modalities=values("modality", set(Modality.values)),
            certifying=data.get("certifying") in {"1", "on", "true"},
            paths=data.get("parcours") in {"1", "on", "true"},
            mine=data.get("ministere") in {"1", "on", "true"},
            durations=values("duration", set(DURATION_BUCKETS)),
            open_now=data.get("open") in {"1", "on", "true"},
            sort=sort if sort in SORTS else ("relevance" if q else "newest"),
            page=page,
        )

    def to_querydict(self, **overrides) -> QueryDict:
        state = {**self.__dict__, **overrides}
        qd = QueryDict(mutable=True)
        if state["q"]:
            qd["q"] = state["q"]
        qd.setlist("collection", state["collections"])
        qd.setlist("partner", state["partners"])
        qd.setlist("modality", state["modalities"])
        qd.setlist("duration", state["durations"])
        if state["certifying"]:
            qd["certifying"] = "1"
        if state["paths"]:
            qd["parcours"] = "1"
        if state["mine"]:
            qd["ministere"] = "1"
        if state["open_now"]:
            qd["open"] = "1"
        if state["sort"] not in ("relevance", "newest") or (
            state["sort"] == "newest" and state["q"]
        ):
            qd["sort"] = state["sort"]
        if state["page"] > 1:
            qd["page"] = str(state["page"])
        return qd

    @property
    def is_active(self) -> bool:
        return bool(
            self.q
            or self.collections
            or self.partners
            or self.modalities
            or self.certifying
            or self.paths
            or self.mine
            or self.durations
            or self.open_now
        )


def _collection_rows() -> list[tuple[int, str, str, str | None]]:
    """(pk, slug, name, parent slug) of every collection: a few dozen rows, cached with the
    offer's fragments (any change to a collection retires them)."""

    def compute() -> list[tuple[int, str, str, str | None]]:
        return list(Collection.objects.values_list("pk", "slug", "name", "parent__slug"))

    key = f"catalog:collections:{catalog_version()}"
    return cast(list, cache.get_or_set(key, compute, FRAGMENT_SECONDS))


def _known_collections(slugs: list[str]) -> tuple[dict[str, str], list[int]]:
    """Slug → name of the chosen collections that exist, and the ids of those collections
    and of their sub-collections (from the cached list of collections; none without a
    choice)."""
    if not slugs:
        return {}, []
    known: dict[str, str] = {}
    ids = []
    for pk, slug, name, parent_slug in _collection_rows():
        if slug in slugs or parent_slug in slugs:
            ids.append(pk)
        if slug in slugs:
            known[slug] = name
    return known, ids


def _known_partners(slugs: list[str]) -> dict[str, str]:
    """Slug → name of the chosen partners that exist (one query; none without a choice)."""
    if not slugs:
        return {}
    return dict(Entity.objects.filter(slug__in=slugs).values_list("slug", "name"))


def _duration_q(keys: list[str]) -> Q:
    query = Q(pk__in=[])
    for key in keys:
        _label, low, high = DURATION_BUCKETS[key]
        part = Q()
        if low is not None:
            part &= Q(duration_hours__gte=low)
        if high is not None:
            part &= Q(duration_hours__lt=high)
        query |= part
    return query


def _filter(qs: QuerySet, f: CatalogFilters, collection_ids: list[int], skip: str = "") -> QuerySet:
    if f.collections and skip != "collection":
        qs = qs.filter(
            pk__in=Training.collections.through.objects.filter(
                collection_id__in=collection_ids
            ).values("training_id")
        )
    if f.partners and skip != "partner":
        qs = qs.filter(producer__slug__in=f.partners)
    if f.modalities and skip != "modality":
        qs = qs.filter(modality__in=f.modalities)
    if f.certifying and skip != "certifying":
        qs = qs.filter(certifying=True)
    if f.paths and skip != "paths":
        qs = qs.filter(is_path=True)
    if f.mine and skip != "mine":
        # Visibility already limits the internal offer to the agent's entity and ancestors.
        qs = qs.filter(owner_entity__isnull=False)
    if f.durations and skip != "duration":
        qs = qs.filter(_duration_q(f.durations))
    if f.open_now and skip != "open":
        qs = qs.filter(_has_open_session())
    return qs


@dataclass
class FacetValue:
    value: str
    label: str | Promise
    count: int
    selected: bool
    depth: int = 0


@dataclass(frozen=True)
class ActiveFilter:
    """A chosen filter, shown as a tag that removes it (a link to the state without it)."""

    label: str | Promise
    url: str


@dataclass
class CatalogResult:
    filters: CatalogFilters
    page: Page
    total: int
    #: Identifies the facet counts (audience, offer version, filters but page and sort):
    #: the template caches the rendered facets under it and only then asks for them.
    facets_key: str
    compute_facets: Callable[[], dict[str, list[FacetValue]]] = field(repr=False)

    #: Names of the chosen collections and partners, for the active-filter tags.
    names: dict[str, dict[str, str]] = field(default_factory=dict)

    @property
    def results_key(self) -> str:
        """Identifies the rendered column of results (the facets' key, the sort and the page):
        the template caches it under this key, so the page of trainings is only read on a
        miss (the queryset is lazy)."""
        return f"{self.facets_key}:{self.filters.sort}:{self.page.number}"

    @cached_property
    def facets(self) -> dict[str, list[FacetValue]]:
        return self.compute_facets()

    @cached_property
    def active_filters(self) -> list[ActiveFilter]:
        """Each active filter with the address of this state without it (page 1)."""
        f = self.filters
        tags: list[ActiveFilter] = []
        if f.q:
            tags.append(ActiveFilter(f"« {f.q} »", self.url(q="", page=1)))

        def each(key: str, chosen: list[str], label) -> None:
            for value in chosen:
                rest = [v for v in chosen if v != value]
                tags.append(ActiveFilter(label(value), self.url(**{key: rest, "page": 1})))

        each("collections", f.collections, lambda v: self.names["collections"].get(v, v))
        each("partners", f.partners, lambda v: self.names["partners"].get(v, v))
        each("modalities", f.modalities, lambda v: Modality(v).label)
        each("durations", f.durations, lambda v: DURATION_BUCKETS[v][0])
        for key, on, label in (
            ("open_now", f.open_now, _("Inscriptions ouvertes")),
            ("certifying", f.certifying, _("Formations certifiantes")),
            ("paths", f.paths, _("Parcours pédagogiques")),
            ("mine", f.mine, _("Offre de mon ministère")),
        ):
            if on:
                tags.append(ActiveFilter(label, self.url(**{key: False, "page": 1})))
        return tags

    def url(self, **overrides) -> str:
        """The shareable address of this filter state (canonical: defaults and unknown values
        left out), optionally with some values changed."""
        query = self.filters.to_querydict(**overrides).urlencode()
        return f"{reverse('catalog:list')}?{query}" if query else reverse("catalog:list")

    @property
    def canonical_url(self) -> str:
        return self.url(page=self.page.number)

    @property
    def previous_url(self) -> str:
        return self.url(page=self.page.previous_page_number()) if self.page.has_previous() else ""

    @property
    def next_url(self) -> str:
        return self.url(page=self.page.next_page_number()) if self.page.has_next() else ""


def _duration_bucket_annotation() -> Case:
    whens = []
    for key, (_label, low, high) in DURATION_BUCKETS.items():
        cond = Q()
        if low is not None:
            cond &= Q(duration_hours__gte=low)
        if high is not None:
            cond &= Q(duration_hours__lt=high)
        whens.append(When(cond, then=Value(key)))
    return Case(*whens, output_field=CharField())


def _family_counts(through: QuerySet) -> dict[int, int]:
    """Top-level collection id → distinct trainings in it or in its sub-collections."""
    return dict(
        through.annotate(root=Coalesce("collection__parent_id", "collection_id"))
        .values_list("root")
        .annotate(n=Count("training_id", distinct=True))
    )


def _shared_counts(qs: QuerySet) -> dict[str, dict]:
    """Counts per partner, modality, duration bucket, certifying and path over ``qs``, in one
    grouped query (open-now needs a subquery per training: counted apart)."""
    rows = (
        qs.order_by()
        .annotate(bucket=_duration_bucket_annotation())
        .annotate(
            internal=Case(
                When(owner_entity__isnull=False, then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
        )
        .values(
            "producer__slug",
            "producer__name",
            "modality",
            "bucket",
            "certifying",
            "is_path",
            "internal",
        )
        .annotate(n=Count("pk"))
    )
    result: dict[str, dict] = {
        k: {} for k in ("partner", "modality", "duration", "certifying", "paths", "mine")
    }
    for row in rows:
        n = row["n"]
        for name, key in (
            ("partner", (row["producer__slug"], row["producer__name"])),
            ("modality", row["modality"]),
            ("duration", row["bucket"]),
            ("certifying", bool(row["certifying"])),
            ("paths", bool(row["is_path"])),
            ("mine", bool(row["internal"])),
        ):
            result[name][key] = result[name].get(key, 0) + n
    return result


def _facets(
    base: QuerySet, f: CatalogFilters, collection_ids: list[int], partner_names: dict[str, str]
) -> dict[str, list[FacetValue]]:
    """Counts per facet value, each under every active filter except its own facet's."""
    facets: dict[str, list[FacetValue]] = {}

    # Collections (sub-collections indented under their parent; a parent counts the distinct
    # trainings of its whole family, as filtering by it does).
    qs = _filter(base, f, collection_ids, skip="collection")
    through = Training.collections.through.objects.filter(training_id__in=qs.values("pk"))
    per_collection = dict(
        through.values_list("collection_id").annotate(n=Count("training_id", distinct=True))
    )
    per_family = _family_counts(through)
    collections = list(Collection.objects.order_by("position", "name"))
    facets["collection"] = [
        FacetValue(
            value=c.slug,
            label=c.name,
            count=per_collection.get(c.pk, 0) if c.parent_id else per_family.get(c.pk, 0),
            selected=c.slug in f.collections,
            depth=1 if c.parent_id else 0,
        )
        for c in collections
    ]

    # The other facets. Each counts under every active filter but its own; a facet with no
    # value chosen therefore counts over the fully filtered set, the same for all of them:
    # one grouped query serves every such facet, a facet in use gets its own query.
    shared = _shared_counts(_filter(base, f, collection_ids))
    active = {
        "partner": bool(f.partners),
        "modality": bool(f.modalities),
        "duration": bool(f.durations),
        "certifying": f.certifying,
        "paths": f.paths,
        "mine": f.mine,
    }

    def counts(name: str) -> dict:
        if not active[name]:
            return shared[name]
        return _shared_counts(_filter(base, f, collection_ids, skip=name))[name]

    counted = {slug: (name, n) for (slug, name), n in counts("partner").items()}
    # A chosen partner stays listed (and ticked) even when nothing matches the other filters,
    # so the form never silently drops it.
    for slug in f.partners:
        counted.setdefault(slug, (partner_names.get(slug, slug), 0))
    facets["partner"] = [
        FacetValue(slug, name, n, slug in f.partners)
        for slug, (name, n) in sorted(counted.items(), key=lambda item: item[1][0])
    ]
    per_modality = counts("modality")
    facets["modality"] = [
        FacetValue(value, label, per_modality.get(value, 0), value in f.modalities)
        for value, label in Modality.choices
    ]
    per_bucket = counts("duration")
    facets["duration"] = [
        FacetValue(key, label, per_bucket.get(key, 0), key in f.durations)
        for key, (label, _low, _high) in DURATION_BUCKETS.items()
    ]
    certifying = counts("certifying").get(True, 0)
    facets["certifying"] = [FacetValue("1", _("Formations certifiantes"), certifying, f.certifying)]
    paths = counts("paths").get(True, 0)
    facets["paths"] = [FacetValue("1", _("Parcours pédagogiques"), paths, f.paths)]
    mine = counts("mine").get(True, 0)
    facets["mine"] = [FacetValue("1", _("Offre de mon ministère"), mine, f.mine)]
    open_now = _filter(base, f, collection_ids, skip="open").filter(_has_open_session()).count()
    facets["open"] = [FacetValue("1", _("Inscriptions ouvertes"), open_now, f.open_now)]
    return facets


def catalog_search(*, user: AnyUser, filters: CatalogFilters) -> CatalogResult:
    """One page of the catalog for this person, with facet counts. Query count is constant.

    Collection and partner values that do not exist are dropped (like unknown modalities),
    so a stale or hand-edited URL shows the rest of its filters rather than nothing.
    """
    base = trainings_visible_to(user)
    if filters.q:
        base = apply_search(base, filters.q)
    collection_names, collection_ids = _known_collections(filters.collections)
    partner_names = _known_partners(filters.partners)
    filters = replace(filters, collections=sorted(collection_names), partners=sorted(partner_names))
    results = _filter(base, filters, collection_ids)
    if filters.sort == "title":
        results = results.order_by("title", "pk")
    elif filters.sort == "relevance" and filters.q:
        results = results.order_by("-rank", "-published_at", "pk")
    else:
        results = results.order_by("-published_at", "pk")
    results = (
        results.select_related("producer")
        # The long texts and the search columns are not shown in a list.
        .defer(*LIST_DEFERRED)
        .prefetch_related(Prefetch("collections", queryset=Collection.objects.order_by("position")))
        .annotate(has_open_session=_has_open_session())
    )
    state = filters.to_querydict(page=1, sort="relevance").urlencode()
    facets_key = f"{offer_cache_key(user)}:{hashlib.sha256(state.encode()).hexdigest()[:32]}"
    paginator = Paginator(results, PAGE_SIZE)
    count_key = f"catalog:count:{facets_key}"
    total = cache.get(count_key)
    if total is None:
        total = paginator.count
        cache.set(count_key, total, FRAGMENT_SECONDS)
    else:
        paginator.count = total  # a cached_property: the COUNT query is skipped
    page = paginator.get_page(filters.page)
    return CatalogResult(
        filters=filters,
        page=page,
        total=total,
        names={"collections": collection_names, "partners": partner_names},
        facets_key=facets_key,
        compute_facets=lambda: _facets(base, filters, collection_ids, partner_names),
    )


def _vocabulary(user: AnyUser) -> list[str]:
    """The folded words of the offer this person sees (titles, keywords, summaries), cached
    per audience with the offer's fragments."""

    def compute() -> list[str]:
        words: set[str] = set()
        for text in trainings_visible_to(user).values_list("search_text", flat=True):
            words.update(w for w in (text or "").split() if len(w) > 3)
        return sorted(words)

    key = f"catalog:vocabulary:{offer_cache_key(user)}"
    return cast(list[str], cache.get_or_set(key, compute, FRAGMENT_SECONDS))


def spelling_suggestion(*, user: AnyUser, query: str) -> str:
    """A corrected query when some of its words are unknown to the offer this person sees
    and close to a known one ("managment" → "management"); "" when there is none."""
    terms = query_terms(query)
    if not terms:
        return ""
    vocabulary = _vocabulary(user)
    known = set(vocabulary)
    corrected, changed = [], False
    for term in terms:
        if term in known or any(w.startswith(term) for w in known if w[:2] == term[:2]):
            corrected.append(term)
            continue
        close = difflib.get_close_matches(term, vocabulary, n=1, cutoff=0.8)
        corrected.append(close[0] if close else term)
        changed = changed or bool(close)
    return " ".join(corrected) if changed else ""


# --- Home page and sheets ----------------------------------------------------------------


def collection_header(filters: CatalogFilters) -> Collection | None:
    """The collection whose lead direction and strategic orientations head the results,
    when exactly one is chosen (one query then, none otherwise)."""
    if len(filters.collections) != 1:
        return None
    return (
        Collection.objects.select_related("lead_entity").filter(slug=filters.collections[0]).first()
    )


def home_collections(*, user: AnyUser) -> list[Collection]:
    """Top-level collections, each with ``n_trainings``: the trainings this person would find
    by following its link (visible to them, in it or in one of its sub-collections)."""
    through = Training.collections.through.objects.filter(
        training_id__in=trainings_visible_to(user).values("pk")
    )
    counts = _family_counts(through)
    collections = list(Collection.objects.filter(parent__isnull=True).order_by("position", "name"))
    for collection in collections:
        collection.n_trainings = counts.get(collection.pk, 0)
    return collections


def _cards(qs: QuerySet) -> QuerySet:
    return qs.select_related("producer").annotate(has_open_session=_has_open_session())


def home_trainings(*, user: AnyUser, limit: int = 6) -> dict[str, list[Training]]:
    """The home page's cards: newest, featured and, for an agent, their ministry's own offer
    (the internal offer of their entity and its ancestors), highlighted first."""
    visible = trainings_visible_to(user)
    internal = visible.filter(owner_entity__isnull=False)
    return {
        "ministry": (
            list(_cards(internal.order_by("-published_at", "pk"))[:limit])
            if user.is_authenticated and user.entity_id
            else []
        ),
        "newest": list(_cards(visible.order_by("-published_at", "pk"))[:limit]),
        "featured": list(_cards(visible.filter(featured=True).order_by("title"))[:limit]),
    }


def has_no_offer(user: AnyUser) -> bool:
    """A signed-in "other user" (attached to no entity) who was given access to no session
    (``catalog.grants``: an accepted invitation) sees no offer at all: pages say so once, in
    words, instead of showing empty counts, tiles and filters. One who was invited sees
    the trainings opened to them, and only those."""
    if not user.is_authenticated or user.entity_id is not None:
        return False
    return not trainings_visible_to(user).exists()


def offer_figures(*, user: AnyUser) -> dict[str, int]:
    """The home page's figures over the offer this person sees (the interministerial offer
    for visitors; with their ministry's internal offer for an agent), so they never
    contradict the tiles and the catalogue beside them. Cached for a minute per audience."""

    def compute() -> dict[str, int]:
        visible = trainings_visible_to(user)
        return {
            "trainings": visible.count(),
            "open_sessions": Session.objects.filter(
                open_sessions_q(), training__in=visible
            ).count(),
            "partners": visible.values("producer").distinct().count(),
        }

    return cast(dict[str, int], cache.get_or_set(_figures_key(user), compute, FIGURES_SECONDS))


#: How long the home page's figures are cached (per audience).
FIGURES_SECONDS = 60


def home_offer(*, user: AnyUser) -> tuple[str, dict[str, int]]:
    """The home page's ``offer_cache_key`` and ``offer_figures``, the catalog's version and
    the figures read from the cache together (one round trip when both are there, the
    usual case); whichever is missing is worked out as those two functions do."""
    figures_key = _figures_key(user)
    found = cache.get_many([CATALOG_VERSION_KEY, figures_key])
    version = found.get(CATALOG_VERSION_KEY)
    if version is None:
        version = catalog_version()
    figures = found.get(figures_key)
    if figures is None:
        figures = offer_figures(user=user)
    return f"{version}:{audience_key(user)}", figures


def _figures_key(user: AnyUser) -> str:
    return f"catalog:offer_figures:{audience_key(user)}"


def offer_figures_seconds_left(*, user: AnyUser) -> float:
    """How long the cached figures of this person's audience have left: a page that shows
    them is cached no longer, so they are never older than ``FIGURES_SECONDS``."""
    ttl = getattr(cache, "ttl", None)
    try:
        left = ttl(_figures_key(user)) if ttl else None
    except Exception:  # noqa: BLE001  (Redis down: nothing is cached anyway)
        return 0
    return FIGURES_SECONDS if left is None else max(0, min(left, FIGURES_SECONDS))


def training_for_sheet(*, user: AnyUser, slug: str) -> Training:
    """A visible training with what its sheet shows; raises Training.DoesNotExist."""
    return (
        trainings_visible_to(user)
        .select_related("producer", "owner_entity")
        .prefetch_related(
            Prefetch("collections", queryset=Collection.objects.order_by("position")),
            Prefetch(
                "sessions",
                queryset=_session_scope(user, Session.objects)
                .filter(ends_on__gte=timezone.localdate())
                .prefetch_related("meetings")
                .order_by("starts_on", "pk"),
                to_attr="current_sessions",
            ),
        )
        .get(slug=slug)
    )
