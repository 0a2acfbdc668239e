"""The training library's pages (``/bibliotheque/``): for designers, space admins and
platform admins only — agents get 403, visitors are sent to sign in."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from mentor.catalog.permissions import trainings_editable_by
from mentor.core.permissions import can
from mentor.library import selectors, services
from mentor.library.forms import AdaptForm, CopyForm, DepositForm
from mentor.library.models import CopyKind, CopyState, Deposit, TrainingCopy

PER_PAGE = 30


def _require_library(request: HttpRequest) -> None:
    if not can(request.user, "library.use"):
        raise PermissionDenied(_("La bibliothèque de formations est réservée aux concepteurs."))


def _form_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


@login_required
def index(request: HttpRequest) -> HttpResponse:
    _require_library(request)
    q = request.GET.get("q", "")[:200]
    page = Paginator(selectors.library_entries(q=q), PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "library/index.html",
        {
            "entries": page.object_list,
            "page_obj": page,
            "q": q,
            "my_deposits": selectors.my_deposits(user=request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def entry(request: HttpRequest, pk: int) -> HttpResponse:
    _require_library(request)
    try:
        deposit = selectors.deposit_get(pk=pk)
    except Deposit.DoesNotExist as exc:
        raise Http404 from exc
    can_see_reuse = can(request.user, "library.see_reuse", deposit)
    if deposit.withdrawn_at is not None and not can_see_reuse:
        raise Http404
    training = deposit.training
    may_copy = can(request.user, "library.copy", deposit)
    form = AdaptForm(
        request.POST if request.method == "POST" else None,
        user=request.user,
        initial={"title": training.title},
    )
    if request.method == "POST":
        if not may_copy:
            raise PermissionDenied
        if form.is_valid():
            try:
                copy = services.copy_request(
                    actor=request.user,
                    source=training,
                    kind=CopyKind.ADAPTATION,
                    title=form.cleaned_data["title"],
                    destination=form.cleaned_data["destination"],
                )
            except ValidationError as exc:
                _form_errors(form, exc)
            else:
                return redirect("library:copy", pk=copy.pk)
    return render(
        request,
        "library/entry.html",
        {
            "deposit": deposit,
            "training": training,
            "contents": selectors.contents_of(training=training),
            "form": form if may_copy else None,
            "reuses": selectors.reuses(training=training) if can_see_reuse else None,
            "can_withdraw": can(request.user, "library.deposit", training),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def deposit(request: HttpRequest, slug: str) -> HttpResponse:
    training = get_object_or_404(trainings_editable_by(request.user), slug=slug)
    existing = selectors.deposit_of(training=training)
    initial = (
        {"description": existing.description, "licence": existing.licence}
        if existing
        else {"licence": training.licence, "description": training.summary}
    )
    form = DepositForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.deposit_save(
                actor=request.user, training=training, **form.cleaned_data
            )
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("La formation est dans la bibliothèque."))
            return redirect("library:entry", pk=saved.pk)
    return render(
        request,
        "library/deposit.html",
        {
            "training": training,
            "form": form,
            "existing": existing,
            "contents": selectors.contents_of(training=training),
        },
    )


@login_required
@require_POST
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    deposit = get_object_or_404(Deposit.objects.select_related("training"), pk=pk)
    if not can(request.user, "library.deposit", deposit.training):
        raise Http404
    services.deposit_withdraw(actor=request.user, deposit=deposit)
    messages.success(request, _("La formation a été retirée de la bibliothèque."))
    return redirect("library:index")


@login_required
@require_http_methods(["GET", "POST"])
def duplicate(request: HttpRequest, slug: str) -> HttpResponse:
    training = get_object_or_404(trainings_editable_by(request.user), slug=slug)
    if not can(request.user, "library.duplicate", training):
        raise PermissionDenied
    form = CopyForm(
        request.POST or None, initial={"title": _("%(title)s (copie)") % {"title": training.title}}
    )
    if request.method == "POST" and form.is_valid():
        try:
            copy = services.copy_request(
                actor=request.user,
                source=training,
                kind=CopyKind.DUPLICATE,
                title=form.cleaned_data["title"],
            )
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            return redirect("library:copy", pk=copy.pk)
    return render(
        request,
        "library/duplicate.html",
        {"training": training, "form": form, "contents": selectors.contents_of(training=training)},
    )


@login_required
def copy_status(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        copy = selectors.copy_get(pk=pk)
    except TrainingCopy.DoesNotExist as exc:
        raise Http404 from exc
    if not can(request.user, "library.follow_copy", copy):
        raise Http404
    context = {
        "copy": copy,
        "progress": selectors.copy_progress(copy=copy),
        "finished": copy.state in (CopyState.DONE, CopyState.FAILED),
    }
    if request.headers.get("HX-Request"):
        return render(request, "library/_copy_status.html", context)
    return render(request, "library/copy.html", context)
