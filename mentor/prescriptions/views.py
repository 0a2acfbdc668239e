import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from mentor.core.permissions import can
from mentor.prescriptions import selectors, services
from mentor.prescriptions.forms import CampaignForm
from mentor.prescriptions.models import Assignment, Campaign
from mentor.prescriptions.permissions import campaigns_visible_to


def _campaign(request: HttpRequest, pk: int) -> Campaign:
    campaign = get_object_or_404(
        campaigns_visible_to(request.user).select_related("training", "owner_entity", "session"),
        pk=pk,
    )
    if not can(request.user, "prescriptions.view_campaign", campaign):
        raise Http404
    return campaign


@login_required
def campaign_list(request: HttpRequest) -> HttpResponse:
    if not can(request.user, "prescriptions.add_campaign"):
        raise PermissionDenied
    return render(
        request,
        "prescriptions/list.html",
        {"campaigns": list(selectors.campaign_list(user=request.user))},
    )


@login_required
@require_http_methods(["GET", "POST"])
def campaign_create(request: HttpRequest) -> HttpResponse:
    if not can(request.user, "prescriptions.add_campaign"):
        raise PermissionDenied
    form = CampaignForm(request.POST or None, request.FILES or None, actor=request.user)
    file_errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            listed: list[int] = []
            if data["people_file"]:
                listed = services.population_file_parse(
                    actor=request.user, data=data["people_file"].read()
                ).user_ids
            campaign = services.campaign_create(
                actor=request.user,
                title=data["title"],
                training=data["training"],
                kind=data["kind"],
                message=data["message"],
                starts_on=data["starts_on"],
                due_on=data["due_on"],
                entities=list(data["entities"]),
                listed_user_ids=listed,
                session=data["session"],
                enrol_directly=data["enrol_directly"],
                reminder_offsets=data["reminder_offsets"],
            )
        except services.PopulationFileError as error:
            form.add_error("people_file", error.message)
            file_errors = error.errors
        except services.PrescriptionError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("La campagne « %(t)s » est créée.") % {"t": campaign.title})
            return redirect(campaign)
    return render(request, "prescriptions/create.html", {"form": form, "file_errors": file_errors})


@login_required
def campaign_detail(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _campaign(request, pk)
    return render(
        request,
        "prescriptions/detail.html",
        {
            "campaign": campaign,
            "figures": selectors.campaign_figures(campaign=campaign),
            "entities": list(campaign.entities.order_by("path")),
            "listed": campaign.listed_users.count(),
            "may_close": can(request.user, "prescriptions.change_campaign", campaign)
            and campaign.state != "closed",
        },
    )


@login_required
@require_POST
def campaign_close(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _campaign(request, pk)
    if services.campaign_close(actor=request.user, campaign=campaign):
        messages.success(request, _("La campagne est close : plus aucun courriel ne partira."))
    return redirect(campaign)


class _Echo:
    def write(self, value: str) -> str:
        return value


@login_required
def campaign_export(request: HttpRequest, pk: int) -> StreamingHttpResponse:
    """The follow-up, one line per person: ``;``-separated UTF-8 with a BOM (what French
    spreadsheet software opens as is), streamed whatever the population."""
    campaign = _campaign(request, pk)
    writer = csv.writer(_Echo(), delimiter=";")
    yes, no = _("oui"), _("non")

    def lines():
        yield "\ufeff" + writer.writerow(
            [
                _("Adresse électronique"),
                _("Nom"),
                _("Prénom"),
                _("Entité"),
                _("Assignée le"),
                _("Inscrite"),
                _("Commencée"),
                _("Terminée le"),
                _("En retard"),
            ]
        )
        for row in selectors.campaign_export_rows(campaign=campaign):
            yield writer.writerow(
                [
                    row["email"],
                    row["last_name"],
                    row["first_name"],
                    row["entity"],
                    row["assigned_at"].strftime("%d/%m/%Y"),
                    yes if row["enrolled"] else no,
                    yes if row["started"] else no,
                    row["done_at"].strftime("%d/%m/%Y") if row["done_at"] else "",
                    yes if row["overdue"] else no,
                ]
            )

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="campagne-{campaign.pk}.csv"'
    return response


@login_required
def go(request: HttpRequest, pk: int) -> HttpResponse:
    """The e-mail's direct link: after sign-in, the training's sheet with its sessions (or
    "Mes formations" when the campaign enrolled the person)."""
    assignment = (
        Assignment.objects.filter(campaign_id=pk, user=request.user)
        .select_related("campaign__training")
        .first()
    )
    if assignment is None:
        raise Http404
    return redirect(assignment.campaign.training.get_absolute_url() + "#sessions")


@require_http_methods(["GET", "POST"])
def reminders_off(request: HttpRequest, token: str) -> HttpResponse:
    """Signed link of every campaign e-mail; no sign-in needed. Confirmed by a POST so that
    a mail scanner following links does not unsubscribe anyone."""
    done = False
    if request.method == "POST":
        assignment = services.assignment_reminders_off(token=token)
        done = True
    else:
        try:
            signing.loads(token, salt=services.UNSUBSCRIBE_SALT)
        except signing.BadSignature as exc:
            raise Http404 from exc
        assignment = None
    return render(
        request,
        "prescriptions/reminders_off.html",
        {
            "done": done,
            "assignment": assignment,
            "action": reverse("prescriptions:reminders_off", args=[token]),
        },
    )
