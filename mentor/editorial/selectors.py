"""Read queries of the editorial app: the review queue and history, similar trainings,
labels, space pages and resources."""

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from mentor.accounts.models import AnyUser
from mentor.catalog.models import Collection, PublicationState, Training
from mentor.catalog.permissions import committee_trainings_q
from mentor.catalog.selectors import ancestor_ids, trainings_visible_to
from mentor.editorial.models import (
    Application,
    ApplicationEvent,
    CallForProjects,
    CriterionAssessment,
    Label,
    Resource,
    Review,
    ReviewStatus,
    SpaceNews,
    SpacePage,
    TrainingLabel,
)
from mentor.organisations.models import Entity

_COLLECTIONS = Prefetch(
    "training__collections",
    queryset=Collection.objects.select_related("lead_entity").order_by("position"),
)


def _committee_scope(qs: QuerySet[Review], user) -> QuerySet[Review]:
    """National committee members see every review; a member for a lead direction only
    those of the trainings of the collections it leads (``catalog.permissions``)."""
    query = committee_trainings_q(user, prefix="training__")
    return qs if query is None else qs.filter(pk__in=Review.objects.filter(query).values("pk"))


def review_queue(*, user, mine: bool = False) -> QuerySet[Review]:
    """Open committee reviews within the member's scope, oldest first. ``mine`` (national
    members): only the trainings of the collections led by the reviewer's own direction
    (or one above it)."""
    qs = _committee_scope(Review.objects.filter(status=ReviewStatus.OPEN, by_committee=True), user)
    if mine:
        entity = getattr(user, "entity", None)
        ids = ancestor_ids(entity) if entity else []
        qs = qs.filter(training__collections__lead_entity_id__in=ids).distinct()
    return (
        qs.select_related("training__producer", "submitted_by")
        .prefetch_related(_COLLECTIONS)
        .order_by("created_at", "pk")
    )


def recent_decisions(*, user, limit: int = 10) -> QuerySet[Review]:
    return (
        _committee_scope(Review.objects.filter(by_committee=True), user)
        .exclude(status=ReviewStatus.OPEN)
        .select_related("training", "decided_by")
        .order_by("-decided_at", "-pk")[:limit]
    )


def review_get(*, pk: int) -> Review:
    """A committee review with what its page shows; raises Review.DoesNotExist."""
    return (
        Review.objects.filter(by_committee=True)
        .select_related("training__producer", "training__owner_entity", "submitted_by")
        .prefetch_related(_COLLECTIONS, "assessments")
        .get(pk=pk)
    )


def review_history(*, training: Training) -> list[Review]:
    """Every review of the training, newest first, with its assessments."""
    return list(
        Review.objects.filter(training=training)
        .select_related("submitted_by", "decided_by")
        .prefetch_related(
            Prefetch("assessments", queryset=CriterionAssessment.objects.order_by("pk"))
        )
        .order_by("-created_at", "-pk")
    )


def open_review(*, training: Training) -> Review | None:
    return Review.objects.filter(training=training, status=ReviewStatus.OPEN).first()


def similar_trainings(*, training: Training, limit: int = 6) -> list[Training]:
    """Published trainings close to this one (for "fit with the existing offer"): those
    sharing the most collections, then the most keywords."""
    collection_ids = list(training.collections.values_list("pk", flat=True))
    keywords = [k.lower() for k in training.keyword_list][:8]
    query = Q(collections__in=collection_ids)
    for word in keywords:
        query |= Q(search_text__icontains=word)
    return list(
        Training.objects.filter(state=PublicationState.PUBLISHED)
        .exclude(pk=training.pk)
        .filter(query)
        .annotate(shared=Count("collections", filter=Q(collections__in=collection_ids)))
        .select_related("producer")
        .order_by("-shared", "title")
        .distinct()[:limit]
    )


def labels_of(*, training: Training) -> list[TrainingLabel]:
    return list(training.labels.select_related("label").order_by("label__name"))


def all_labels() -> QuerySet[Label]:
    return Label.objects.order_by("name")


def labelled_offer(*, user, q: str = "") -> QuerySet[Training]:
    """The published interministerial offer a committee member labels: all of it for
    national members, the collections of their lead direction for the others."""
    trainings = Training.objects.filter(state=PublicationState.PUBLISHED, owner_entity__isnull=True)
    query = committee_trainings_q(user)
    if query is not None:
        trainings = trainings.filter(pk__in=Training.objects.filter(query).values("pk"))
    if q:
        trainings = trainings.filter(title__icontains=q)
    return (
        trainings.select_related("producer")
        .prefetch_related("labels__label")
        .order_by("-featured", "title")
    )


def featured_trainings() -> QuerySet[Training]:
    return Training.objects.filter(featured=True).select_related("producer").order_by("title")


# --- Space pages ----------------------------------------------------------------------------


def space_page(*, entity: Entity) -> SpacePage | None:
    return SpacePage.objects.filter(entity=entity).first()


def space_trainings(*, user: AnyUser, entity: Entity) -> dict[str, list[Training]]:
    """What the space page lists for this person: the entity's internal offer (its agents
    only; ``trainings_visible_to`` decides) and the interministerial trainings it
    produces, plus the trainings its admin features."""
    visible = trainings_visible_to(user).select_related("producer")
    internal = list(visible.filter(owner_entity__path__startswith=entity.path).order_by("title"))
    produced = list(
        visible.filter(owner_entity__isnull=True, producer__path__startswith=entity.path).order_by(
            "-published_at"
        )[:12]
    )
    page = space_page(entity=entity)
    featured = (
        list(visible.filter(pk__in=page.featured.values("pk")).order_by("title")) if page else []
    )
    return {"internal": internal, "produced": produced, "featured": featured}


def space_news(*, entity: Entity, limit: int = 6) -> list[SpaceNews]:
    return list(
        SpaceNews.objects.filter(entity=entity, published_on__lte=timezone.localdate())[:limit]
    )


# --- Resources ------------------------------------------------------------------------------


def resources(*, include_drafts: bool = False) -> QuerySet[Resource]:
    qs = Resource.objects.all()
    return qs if include_drafts else qs.filter(published=True)


def calls(*, include_drafts: bool = False) -> QuerySet[CallForProjects]:
    qs = CallForProjects.objects.annotate(n_applications=Count("applications"))
    return qs if include_drafts else qs.filter(published=True)


def call_applications(*, call: CallForProjects) -> QuerySet[Application]:
    return call.applications.select_related("entity", "training", "applicant").order_by(
        "status", "-created_at"
    )


def my_applications(*, user, call: CallForProjects) -> QuerySet[Application]:
    return Application.objects.filter(call=call, applicant=user).select_related("training")


def application_get(*, pk: int) -> Application:
    """Raises Application.DoesNotExist."""
    return Application.objects.select_related("call", "entity", "training", "applicant").get(pk=pk)


def application_history(*, application: Application, committee: bool) -> list[ApplicationEvent]:
    """The application's steps, oldest first; the committee's internal notes only for it."""
    events = application.events.select_related("actor")
    if not committee:
        events = events.filter(internal=False)
    return list(events.order_by("created_at", "pk"))
