from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from mentor.catalog import selectors
from mentor.catalog.forms import SessionForm, SessionMeetingFormSet, TrainingForm
from mentor.catalog.home import home_parts
from mentor.catalog.models import Session, Training
from mentor.catalog.permissions import trainings_editable_by
from mentor.catalog.publication import (
    REVIEWED_FIELDS,
    PublicationRefusal,
    available_actions,
    publication_transition,
)
from mentor.catalog.review_panels import review_panels
from mentor.catalog.selectors import CatalogFilters
from mentor.catalog.services import session_save, training_save
from mentor.catalog.sheet import sheet_context
from mentor.core import page_cache
from mentor.core.permissions import can


def home(request: HttpRequest) -> HttpResponse:
    if page_cache.shareable(request):
        # Every visitor gets the same page (but for their nonce and CSRF token): rendered
        # once per version of the offer and language. An edit changes the version.
        return page_cache.visitor_page(
            request,
            f"catalog:visitor_home:{selectors.offer_cache_key(request.user)}:{get_language()}",
            lambda: _home(request),
            timeout=lambda: selectors.offer_figures_seconds_left(user=request.user),
        )
    return _home(request)


def _home(request: HttpRequest) -> HttpResponse:
    user = request.user
    # Read only when the template's cached fragment (per audience) has expired.
    trainings = SimpleLazyObject(lambda: selectors.home_trainings(user=user))
    offer_key, figures = selectors.home_offer(user=user)
    return render(
        request,
        "catalog/home.html",
        {
            "offer_key": offer_key,
            "parts": home_parts(user=user),
            "collections": SimpleLazyObject(lambda: selectors.home_collections(user=user)),
            "figures": figures,
            "no_offer": selectors.has_no_offer(user),
            "ministry_offer": SimpleLazyObject(lambda: trainings["ministry"]),
            "featured": SimpleLazyObject(lambda: trainings["featured"]),
            "newest": SimpleLazyObject(lambda: trainings["newest"]),
        },
    )


def catalog_list(request: HttpRequest) -> HttpResponse:
    if page_cache.shareable(request, query=True):
        # Every visitor asking for the same filters gets the same page (or htmx part): kept
        # as long as the fragments it is made of, under the offer's version (an edit shows
        # at once) and the query string.
        part = _htmx_part(request)
        return page_cache.visitor_page(
            request,
            f"catalog:visitor_list:{selectors.offer_cache_key(request.user)}:{get_language()}:"
            f"{int(part)}:{page_cache.query_key(request)}",
            lambda: _catalog_list(request),
            timeout=lambda: selectors.FRAGMENT_SECONDS,
        )
    return _catalog_list(request)


def _htmx_part(request: HttpRequest) -> bool:
    return bool(
        request.headers.get("HX-Request") and not request.headers.get("HX-History-Restore-Request")
    )


def _catalog_list(request: HttpRequest) -> HttpResponse:
    result = selectors.catalog_search(
        user=request.user, filters=CatalogFilters.from_querydict(request.GET)
    )
    context = {
        "result": result,
        "filters": result.filters,
        "sorts": selectors.SORTS,
        # Read only when the template's cached column of results has expired.
        "collection": SimpleLazyObject(lambda: selectors.collection_header(result.filters)),
        "no_offer": selectors.has_no_offer(request.user),
    }
    if not result.total and result.filters.q:
        suggestion = selectors.spelling_suggestion(user=request.user, query=result.filters.q)
        if suggestion:
            context["suggestion"] = suggestion
            context["suggestion_url"] = result.url(q=suggestion, page=1)
    if _htmx_part(request):
        response = render(request, "catalog/_results.html", context)
        # The address bar shows the canonical, shareable URL of the new state.
        response["HX-Push-Url"] = result.canonical_url
        return response
    return render(request, "catalog/list.html", context)


def training_detail(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        training = selectors.training_for_sheet(user=request.user, slug=slug)
    except Training.DoesNotExist as exc:
        raise Http404 from exc
    sessions = training.current_sessions
    return render(
        request,
        "catalog/training_detail.html",
        {
            "training": training,
            "sessions": sessions,
            "can_edit": can(request.user, "catalog.change_training", training),
            **sheet_context(user=request.user, training=training, sessions=sessions),
        },
    )


# --- Designers ---------------------------------------------------------------------------


@login_required
def my_designs(request: HttpRequest) -> HttpResponse:
    if not can(request.user, "catalog.add_training"):
        raise PermissionDenied
    trainings = (
        trainings_editable_by(request.user)
        .select_related("producer", "owner_entity")
        .order_by("-updated_at")
    )
    return render(request, "catalog/designer/list.html", {"trainings": trainings})


@login_required
@require_http_methods(["GET", "POST"])
def training_edit(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    if slug is None:
        if not can(request.user, "catalog.add_training"):
            raise PermissionDenied
        instance = Training()
    else:
        instance = get_object_or_404(trainings_editable_by(request.user), slug=slug)
    form = TrainingForm(
        request.POST or None, request.FILES or None, instance=instance, user=request.user
    )
    if request.method == "POST" and form.is_valid():
        training = form.save(commit=False)
        try:
            training = training_save(
                actor=request.user, training=training, collections=form.cleaned_data["collections"]
            )
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("La formation a été enregistrée."))
            return redirect("catalog:training_edit", slug=training.slug)
    sessions = instance.sessions.order_by("-starts_on") if instance.pk else []
    actions = (
        [
            t
            for t in available_actions(request.user, instance)
            if t.action in DESIGNER_ACTIONS
            and not (t.action == "request_changes" and instance.is_interministerial)
        ]
        if instance.pk
        else []
    )
    return render(
        request,
        "catalog/designer/training_form.html",
        {
            "form": form,
            "training": instance,
            "sessions": sessions,
            "publication_actions": actions,
            "panels": review_panels(user=request.user, training=instance) if instance.pk else [],
            "pending_fields": [
                form.fields[name].label if name in form.fields else name
                for name in REVIEWED_FIELDS
                if name in (instance.pending_changes or {})
            ],
        },
    )


#: What the designer pages offer as buttons: the committee decides in /comite/; an internal
#: offer's space admin publishes and archives here (no committee for the internal offer).
DESIGNER_ACTIONS = {"submit", "restore", "publish", "archive", "request_changes"}


@login_required
@require_http_methods(["POST"])
def training_publication(request: HttpRequest, slug: str) -> HttpResponse:
    training = get_object_or_404(trainings_editable_by(request.user), slug=slug)
    action = request.POST.get("action", "")
    comment = (request.POST.get("comment") or "").strip()[:5000]
    if action not in DESIGNER_ACTIONS:
        raise PermissionDenied
    if action == "request_changes" and (training.is_interministerial or not comment):
        # The interministerial offer is reviewed at /comite/; here, an internal offer's
        # space admin says what to change.
        messages.error(request, _("Expliquez au concepteur ce qu’il doit changer."))
        return redirect("catalog:training_edit", slug=training.slug)
    try:
        publication_transition(
            actor=request.user, training=training, action=action, comment=comment
        )
    except PublicationRefusal as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            {
                "submit": _("La formation a été soumise pour publication."),
                "restore": _("La formation est repassée en brouillon."),
                "publish": _("La formation est publiée."),
                "archive": _("La formation est archivée."),
                "request_changes": _("La formation est renvoyée au concepteur."),
            }[action],
        )
    return redirect("catalog:training_edit", slug=training.slug)


@login_required
@require_http_methods(["GET", "POST"])
def session_edit(request: HttpRequest, slug: str, pk: int | None = None) -> HttpResponse:
    training = get_object_or_404(trainings_editable_by(request.user), slug=slug)
    instance = (
        get_object_or_404(Session, pk=pk, training=training) if pk else Session(training=training)
    )
    form = SessionForm(request.POST or None, instance=instance)
    meetings = SessionMeetingFormSet(request.POST or None, instance=instance, prefix="meetings")
    # Validate both, so every error shows at once.
    if request.method == "POST" and all([form.is_valid(), meetings.is_valid()]):
        session = form.save(commit=False)
        session.training = training
        try:
            session_save(
                actor=request.user,
                session=session,
                tutors=form.cleaned_data["tutors"],
                meetings=meetings.save(commit=False),
                deleted_meetings=meetings.deleted_objects,
            )
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        except ValidationError as exc:
            form.add_error(None, list(exc.messages))
        else:
            messages.success(request, _("La session a été enregistrée."))
            return redirect("catalog:training_edit", slug=training.slug)
    return render(
        request,
        "catalog/designer/session_form.html",
        {
            "form": form,
            "meetings": meetings,
            "formset": meetings,  # the page title says "Erreur" on its errors too
            "training": training,
            "session": instance,
        },
    )
