"""Public read-only API (OpenAPI 3 at /api/v1/openapi.json). Visibility is the catalog's:
a call made with a signed-in session sees what that person sees on the site."""

from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, QueryDict
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from ninja import NinjaAPI, Query, Schema
from ninja.errors import AuthenticationError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import HttpBearer, django_auth

from mentor.api.services import api_token_authenticate
from mentor.catalog.models import Collection, Session
from mentor.catalog.selectors import CatalogFilters, catalog_search, trainings_visible_to
from mentor.core.api import (  # noqa: F401  (the error answers, shared with other apps' routers)
    _BAD_INPUT,
    _IN_SCOPE,
    _ONE_ITEM,
    _SIGNED_IN,
    _WITH_PARAMS,
    ErrorOut,
    ValidationErrorOut,
)
from mentor.paths.selectors import ModuleStatus, my_paths

api = NinjaAPI(
    title="Mentor API",
    version="1",
    description="Offre de formation de Mentor : collections, formations et sessions.",
    urls_namespace="api",
)


@api.exception_handler(NinjaValidationError)
def _validation_error(request, exc):
    return api.create_response(
        request, {"detail": "Paramètres invalides.", "errors": exc.errors}, status=422
    )


@api.exception_handler(AuthenticationError)
def _unauthenticated(request, exc):
    return api.create_response(request, {"detail": "Authentification requise."}, status=401)


@api.exception_handler(PermissionDenied)
def _forbidden(request, exc):
    return api.create_response(
        request, {"detail": "Vous n’avez pas accès à ces données."}, status=403
    )


@api.exception_handler(Http404)
def _not_found(request, exc):
    # Same answer for "does not exist" and "not visible to you": nothing leaks.
    return api.create_response(request, {"detail": "Ressource introuvable."}, status=404)


class PersonalToken(HttpBearer):
    """``Authorization: Bearer mentor_…``: a personal token, created in "Mon compte"; the
    call runs as the token's owner, with exactly their rights."""

    openapi_description = "Jeton personnel créé dans « Mon compte › Jetons d’API »."

    def authenticate(self, request, token):
        user = api_token_authenticate(token)
        if user is not None:
            request.user = user  # everything below reads request.user, as for a session
        return user


#: A signed-in session (the pages' users) or a personal token (their machines).
SIGNED_IN = [PersonalToken(), django_auth]


def _has_nul(value: str) -> bool:
    """PostgreSQL rejects NUL in any string literal; no slug contains one."""
    return "\x00" in value


class CollectionOut(Schema):
    slug: str
    name: str
    parent: str | None
    description: str
    orientations: list[str]
    lead_entity: str | None


class TrainingOut(Schema):
    slug: str
    title: str
    summary: str
    duration_hours: Decimal
    modality: str
    certifying: bool
    licence: str
    producer: str
    interministerial: bool
    collections: list[str]
    keywords: list[str]
    published_at: datetime | None
    url: str


class SessionOut(Schema):
    id: int
    training: str
    title: str
    starts_on: date
    ends_on: date
    enrol_opens_at: datetime | None
    enrol_closes_at: datetime | None
    capacity: int | None
    seats_left: int | None
    tutored: bool
    status: str


class TrainingDetailOut(TrainingOut):
    objectives: str
    content: str
    prerequisites: str
    audience: str
    jobs: str
    sessions: list[SessionOut]


class TrainingPage(Schema):
    count: int
    page: int
    pages: int
    results: list[TrainingOut]


class TrainingFilters(Schema):
    q: str = ""
    collection: list[str] = []
    partner: list[str] = []
    modality: list[str] = []
    duration: list[str] = []
    certifying: bool = False
    open: bool = False
    sort: str = ""
    page: int = 1


def _training(t, request) -> dict:
    return {
        "slug": t.slug,
        "title": t.title,
        "summary": t.summary,
        "duration_hours": t.duration_hours,
        "modality": t.modality,
        "certifying": t.certifying,
        "licence": t.licence,
        "producer": t.producer.name,
        "interministerial": t.owner_entity_id is None,
        "collections": [c.slug for c in t.collections.all()],
        "keywords": t.keyword_list,
        "published_at": t.published_at,
        "url": request.build_absolute_uri(t.get_absolute_url()),
    }


def _session(s) -> dict:
    return {
        "id": s.pk,
        "training": s.training.slug,
        "title": s.title,
        "starts_on": s.starts_on,
        "ends_on": s.ends_on,
        "enrol_opens_at": s.enrol_opens_at,
        "enrol_closes_at": s.enrol_closes_at,
        "capacity": s.capacity,
        "seats_left": s.seats_left,
        "tutored": s.tutored,
        "status": s.status,
    }


@api.get("/collections", response={200: list[CollectionOut], **_BAD_INPUT}, tags=["offre"])
def list_collections(request: HttpRequest):
    return [
        {
            "slug": c.slug,
            "name": c.name,
            "parent": c.parent.slug if c.parent_id else None,
            "description": c.description,
            "orientations": c.orientation_list,
            "lead_entity": c.lead_entity.name if c.lead_entity_id else None,
        }
        for c in Collection.objects.select_related("parent", "lead_entity").order_by("position")
    ]


@api.get("/trainings", response={200: TrainingPage, **_WITH_PARAMS}, tags=["offre"])
def list_trainings(request: HttpRequest, filters: Query[TrainingFilters]):
    qd = QueryDict(mutable=True)
    qd.update({"q": filters.q, "sort": filters.sort, "page": str(filters.page)})
    for key in ("collection", "partner", "modality", "duration"):
        qd.setlist(key, getattr(filters, key))
    if filters.certifying:
        qd["certifying"] = "1"
    if filters.open:
        qd["open"] = "1"
    result = catalog_search(user=request.user, filters=CatalogFilters.from_querydict(qd))
    return {
        "count": result.total,
        "page": result.page.number,
        "pages": result.page.paginator.num_pages,
        "results": [_training(t, request) for t in result.page.object_list],
    }


@api.get("/trainings/{slug}", response={200: TrainingDetailOut, **_ONE_ITEM}, tags=["offre"])
def get_training(request: HttpRequest, slug: str):
    if _has_nul(slug):
        raise Http404
    training = get_object_or_404(
        trainings_visible_to(request.user)
        .select_related("producer")
        .prefetch_related("collections"),
        slug=slug,
    )
    sessions = training.sessions.select_related("training").order_by("starts_on", "pk")
    return {
        **_training(training, request),
        "objectives": training.objectives,
        "content": training.content,
        "prerequisites": training.prerequisites,
        "audience": training.audience,
        "jobs": training.jobs,
        "sessions": [_session(s) for s in sessions],
    }


@api.get("/sessions", response={200: list[SessionOut], **_WITH_PARAMS}, tags=["offre"])
def list_sessions(request: HttpRequest, training: str = "", upcoming: bool = False):
    qs = Session.objects.filter(training__in=trainings_visible_to(request.user)).select_related(
        "training"
    )
    if _has_nul(training):
        return []
    if training:
        qs = qs.filter(training__slug=training)
    if upcoming:
        qs = qs.filter(ends_on__gte=timezone.localdate())
    return [_session(s) for s in qs.order_by("starts_on", "pk")[:500]]


# --- The caller's learning paths (signed-in session) -------------------------------------


class CreditedFromOut(Schema):
    session: str
    training: str
    completed_at: datetime | None
    manual: bool


class PathModuleOut(Schema):
    id: int
    section: str
    training: str
    session: str
    producer: str
    required: bool
    state: str
    credited_from: CreditedFromOut | None


class PathOut(Schema):
    slug: str
    title: str
    session: str
    completed: bool
    completed_at: datetime | None
    modules_total: int
    modules_complete: int
    url: str


class PathDetailOut(PathOut):
    modules: list[PathModuleOut]


def _path_module(status: ModuleStatus) -> dict:
    m, credit = status.module, status.credit
    return {
        "id": m.pk,
        "section": m.section.title,
        "training": m.linked_session.training.slug,
        "session": m.linked_session.title,
        "producer": m.linked_session.training.producer.name,
        "required": m.required,
        "state": status.state,
        "credited_from": None
        if credit is None
        else {
            "session": credit.session_title,
            "training": credit.training_title,
            "completed_at": credit.completed_at,
            "manual": credit.is_manual,
        },
    }


def _path(item, request) -> dict:
    training = item.enrolment.session.training
    return {
        "slug": training.slug,
        "title": training.title,
        "session": item.enrolment.session.title,
        "completed": item.completed_at is not None,
        "completed_at": item.completed_at,
        "modules_total": len(item.statuses),
        "modules_complete": sum(1 for s in item.statuses if s.complete),
        "url": request.build_absolute_uri(reverse("paths:detail", kwargs={"slug": training.slug})),
    }


@api.get(
    "/me/paths",
    response={200: list[PathOut], **_BAD_INPUT, **_SIGNED_IN},
    auth=SIGNED_IN,
    tags=["parcours"],
)
def list_my_paths(request: HttpRequest):
    return [_path(item, request) for item in my_paths(user=request.user)]


@api.get(
    "/me/paths/{slug}",
    response={200: PathDetailOut, **_ONE_ITEM, **_SIGNED_IN},
    auth=SIGNED_IN,
    tags=["parcours"],
)
def get_my_path(request: HttpRequest, slug: str):
    if _has_nul(slug):
        raise Http404
    item = next(
        (p for p in my_paths(user=request.user) if p.enrolment.session.training.slug == slug),
        None,
    )
    if item is None:
        raise Http404
    return {**_path(item, request), "modules": [_path_module(s) for s in item.statuses]}
