from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from mentor.catalog.models import PublicationState, Training
from mentor.catalog.review_panels import review_panels
from mentor.catalog.services import training_set_featured
from mentor.core.errors import Refusal
from mentor.core.files import stored_file_response
from mentor.core.permissions import can
from mentor.editorial import applications, selectors, services
from mentor.editorial.forms import (
    ApplicationCommentForm,
    ApplicationDecisionForm,
    ApplicationForm,
    CallForm,
    DecisionForm,
    NewsForm,
    ResourceForm,
    SpacePageForm,
)
from mentor.editorial.images import image_url, may_see
from mentor.editorial.models import (
    Application,
    CallForProjects,
    EditorImage,
    Label,
    Resource,
    Review,
    SpaceNews,
)
from mentor.organisations.models import Entity
from mentor.organisations.selectors import entity_get_for_contact_page


def _require(request: HttpRequest, action: str, obj=None) -> None:
    if not can(request.user, action, obj):
        raise PermissionDenied


# --- The committee ------------------------------------------------------------------------


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    _require(request, "editorial.review")
    mine = request.GET.get("mes-collections") == "1"
    return render(
        request,
        "editorial/queue.html",
        {
            "reviews": selectors.review_queue(user=request.user, mine=mine),
            "decisions": selectors.recent_decisions(user=request.user),
            "mine": mine,
            "national": can(request.user, "catalog.feature_training"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def review_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request, "editorial.review")
    try:
        review = selectors.review_get(pk=pk)
    except Review.DoesNotExist as exc:
        raise Http404 from exc
    _require(request, "editorial.review", review)
    training = review.training
    form = DecisionForm(request.POST or None, review=review)
    if request.method == "POST" and form.is_valid() and review.status == "open":
        try:
            services.review_decide(
                actor=request.user,
                review=review,
                decision=form.cleaned_data["decision"],
                assessments=form.assessments(),
                comment=form.cleaned_data["comment"],
            )
        except Refusal as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("La décision a été enregistrée et le concepteur prévenu."))
            return redirect("editorial:queue")
    return render(
        request,
        "editorial/review.html",
        {
            "review": review,
            "training": training,
            "form": form,
            "similar": selectors.similar_trainings(training=training),
            "panels": review_panels(user=request.user, training=training),
            "labels": selectors.labels_of(training=training),
            "all_labels": selectors.all_labels(),
        },
    )


@login_required
def offer(request: HttpRequest) -> HttpResponse:
    """The published interministerial offer, for labels and the home page's "mise en avant"."""
    _require(request, "editorial.label")
    q = (request.GET.get("q") or "").strip()[:100]
    trainings = selectors.labelled_offer(user=request.user, q=q)
    return render(
        request,
        "editorial/offer.html",
        {
            "trainings": trainings[:60],
            "q": q,
            "all_labels": selectors.all_labels(),
            "may_feature": can(request.user, "catalog.feature_training"),
        },
    )


@login_required
@require_POST
def training_feature(request: HttpRequest, slug: str) -> HttpResponse:
    training = get_object_or_404(Training, slug=slug)
    training_set_featured(
        actor=request.user, training=training, featured=request.POST.get("featured") == "1"
    )
    messages.success(request, _("La mise en avant a été mise à jour."))
    return redirect(request.POST.get("next") or "editorial:offer")


@login_required
@require_POST
def training_label(request: HttpRequest, slug: str) -> HttpResponse:
    training = get_object_or_404(Training, slug=slug)
    label = get_object_or_404(Label, pk=request.POST.get("label") or 0)
    if request.POST.get("withdraw") == "1":
        services.label_withdraw(actor=request.user, training=training, label=label)
        messages.success(request, _("Le label a été retiré."))
    else:
        services.label_award(actor=request.user, training=training, label=label)
        messages.success(request, _("Le label a été attribué."))
    return redirect(request.POST.get("next") or "editorial:offer")


# --- Ministry space pages -------------------------------------------------------------------


def space(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        entity = entity_get_for_contact_page(slug=slug)
    except Entity.DoesNotExist as exc:
        raise Http404 from exc
    user = request.user
    is_member = bool(user.is_authenticated and user.entity_id and user.entity.is_within(entity))
    return render(
        request,
        "editorial/space.html",
        {
            "entity": entity,
            "page": selectors.space_page(entity=entity),
            "news": selectors.space_news(entity=entity),
            "is_member": is_member,
            "can_edit": can(user, "editorial.edit_space", entity),
            **selectors.space_trainings(user=user, entity=entity),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def space_edit(request: HttpRequest, slug: str) -> HttpResponse:
    entity = get_object_or_404(Entity, slug=slug)
    _require(request, "editorial.edit_space", entity)
    page = selectors.space_page(entity=entity)
    initial = {"intro": page.intro, "featured": page.featured.all()} if page else {}
    form = SpacePageForm(request.POST or None, initial=initial, entity=entity)
    news_form = NewsForm(prefix="news")
    if request.method == "POST" and form.is_valid():
        try:
            services.space_page_save(
                actor=request.user,
                entity=entity,
                intro=form.cleaned_data["intro"],
                featured=form.cleaned_data["featured"],
            )
        except Refusal as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("La page de l’espace a été enregistrée."))
            return redirect("editorial:space", slug=entity.slug)
    return render(
        request,
        "editorial/space_edit.html",
        {
            "entity": entity,
            "form": form,
            "news_form": news_form,
            "news": selectors.space_news(entity=entity, limit=50),
        },
    )


@login_required
@require_POST
def space_news_add(request: HttpRequest, slug: str) -> HttpResponse:
    entity = get_object_or_404(Entity, slug=slug)
    _require(request, "editorial.edit_space", entity)
    form = NewsForm(request.POST, prefix="news")
    if form.is_valid():
        services.space_news_add(
            actor=request.user,
            entity=entity,
            title=form.cleaned_data["title"],
            body=form.cleaned_data["body"],
        )
        messages.success(request, _("L’actualité a été publiée."))
    else:
        messages.error(request, _("L’actualité n’a pas été publiée : titre et texte requis."))
    return redirect("editorial:space_edit", slug=entity.slug)


@login_required
@require_POST
def space_news_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    news = get_object_or_404(SpaceNews, pk=pk, entity__slug=slug)
    services.space_news_delete(actor=request.user, news=news)
    messages.success(request, _("L’actualité a été retirée."))
    return redirect("editorial:space_edit", slug=slug)


# --- Resources for producers ----------------------------------------------------------------


@login_required
def resources(request: HttpRequest) -> HttpResponse:
    _require(request, "editorial.use_resources")
    manage = can(request.user, "editorial.manage_resources")
    return render(
        request,
        "editorial/resources.html",
        {
            "resources": selectors.resources(include_drafts=manage),
            "calls": selectors.calls(include_drafts=manage),
            "manage": manage,
            "today": timezone.localdate(),
            "community": Training.objects.filter(
                slug="communaute-des-acteurs-mentor", state=PublicationState.PUBLISHED
            ).first(),
        },
    )


@login_required
def resource_detail(request: HttpRequest, slug: str) -> HttpResponse:
    _require(request, "editorial.use_resources")
    manage = can(request.user, "editorial.manage_resources")
    resource = get_object_or_404(selectors.resources(include_drafts=manage), slug=slug)
    return render(request, "editorial/resource.html", {"resource": resource, "manage": manage})


@login_required
@require_http_methods(["GET", "POST"])
def resource_edit(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    _require(request, "editorial.manage_resources")
    instance = get_object_or_404(Resource, slug=slug) if slug else Resource()
    form = ResourceForm(request.POST or None, request.FILES or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        resource = services.resource_save(actor=request.user, resource=form.save(commit=False))
        messages.success(request, _("La ressource a été enregistrée."))
        return redirect(resource.get_absolute_url())
    return render(request, "editorial/resource_form.html", {"form": form, "resource": instance})


@login_required
@require_http_methods(["GET", "POST"])
def call_detail(request: HttpRequest, slug: str) -> HttpResponse:
    _require(request, "editorial.use_resources")
    manage = can(request.user, "editorial.manage_resources")
    call = get_object_or_404(selectors.calls(include_drafts=manage), slug=slug)
    today = timezone.localdate()
    is_open = call.published and call.opens_on <= today <= call.closes_on
    form = ApplicationForm(request.POST or None, user=request.user)
    if request.method == "POST" and is_open and form.is_valid():
        try:
            application = applications.application_submit(
                actor=request.user, call=call, application=form.save(commit=False)
            )
        except Refusal as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Votre candidature a été envoyée."))
            return redirect(application.get_absolute_url())
    return render(
        request,
        "editorial/call.html",
        {
            "call": call,
            "form": form,
            "is_open": is_open,
            "mine": selectors.my_applications(user=request.user, call=call),
            "applications": selectors.call_applications(call=call) if manage else [],
            "manage": manage,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def call_edit(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    """Create or change a call for projects (the national committee)."""
    _require(request, "editorial.manage_resources")
    instance = get_object_or_404(CallForProjects, slug=slug) if slug else CallForProjects()
    form = CallForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        try:
            call = applications.call_save(actor=request.user, call=form.save(commit=False))
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("L’appel à projets a été enregistré."))
            return redirect(call.get_absolute_url())
    return render(request, "editorial/call_form.html", {"form": form, "call": instance})


@login_required
@require_http_methods(["GET", "POST"])
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """An application: its project, its status and history; the committee decides and
    comments here, the applicant reads and answers."""
    try:
        application = selectors.application_get(pk=pk)
    except Application.DoesNotExist as exc:
        raise Http404 from exc
    if not applications.can_see_application(request.user, application):
        raise Http404
    committee = can(request.user, "editorial.manage_resources")
    comment_form = ApplicationCommentForm(committee=committee, prefix="comment")
    decision_form = ApplicationDecisionForm(prefix="decision")
    if request.method == "POST":
        try:
            if "decision-action" in request.POST:
                decision_form = ApplicationDecisionForm(request.POST, prefix="decision")
                if decision_form.is_valid():
                    applications.application_transition(
                        actor=request.user,
                        application=application,
                        action=decision_form.cleaned_data["action"],
                        comment=decision_form.cleaned_data["comment"],
                    )
                    messages.success(request, _("La décision a été enregistrée."))
                    return redirect(application.get_absolute_url())
            else:
                comment_form = ApplicationCommentForm(
                    request.POST, committee=committee, prefix="comment"
                )
                if comment_form.is_valid():
                    applications.application_comment(
                        actor=request.user,
                        application=application,
                        text=comment_form.cleaned_data["text"],
                        internal=comment_form.cleaned_data.get("internal", False),
                    )
                    messages.success(request, _("Le commentaire a été ajouté."))
                    return redirect(application.get_absolute_url())
        except PermissionDenied:
            raise
        except Refusal as exc:
            messages.error(request, str(exc))
    return render(
        request,
        "editorial/application.html",
        {
            "application": application,
            "history": selectors.application_history(application=application, committee=committee),
            "transitions": applications.available_transitions(request.user, application),
            "comment_form": comment_form,
            "decision_form": decision_form,
            "committee": committee,
            "panels": review_panels(user=request.user, training=application.training)
            if application.training_id and committee
            else [],
        },
    )


# --- Images uploaded from the rich-text editor ----------------------------------------------


@login_required
@require_POST
def editor_image(request: HttpRequest) -> JsonResponse:
    try:
        image = services.editor_image_upload(
            actor=request.user, upload=request.FILES.get("image"), alt=request.POST.get("alt", "")
        )
    except PermissionDenied:
        return JsonResponse({"error": _("Vous ne pouvez pas déposer d’image.")}, status=403)
    except Refusal as exc:
        return JsonResponse({"error": str(exc)}, status=400)
    return JsonResponse({"url": image_url(image), "alt": image.alt}, status=201)


@require_safe
def editor_image_file(request: HttpRequest, pk: int) -> HttpResponse:
    """An editor image, to whoever may read a text that shows it (``editorial.images``)."""
    image = EditorImage.objects.filter(pk=pk).first()
    if image is None or not may_see(user=request.user, image=image):
        raise Http404
    return stored_file_response(request, name=image.file.name, max_age=3600)
