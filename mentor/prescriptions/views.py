from datetime import timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mentor.accounts.models import User
from mentor.core.export_jobs import export_job_file, export_job_of, export_job_page
from mentor.core.models import ExportJob
from mentor.core.permissions import can
from mentor.core.ratelimit import allow
from mentor.prescriptions import invitations, selectors, services
from mentor.prescriptions.exports import FOLLOW_UP_EXPORT
from mentor.prescriptions.forms import CampaignForm, InvitationForm, InvitedAccountForm
from mentor.prescriptions.models import Assignment, Campaign
from mentor.prescriptions.permissions import campaigns_visible_to, invitations_visible_to


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
                typology=form.typology,
                dedicated_session=data["dedicated_session"],
                validity_months=data["validity_months"],
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
    follow_up, stale = selectors.campaign_follow_up(campaign=campaign)
    if stale:
        services.campaign_follow_up_request(campaign_id=campaign.pk)
        follow_up, _stale = selectors.campaign_follow_up(campaign=campaign)
    interval = timedelta(seconds=settings.PRESCRIPTIONS_RELAUNCH_INTERVAL)
    return render(
        request,
        "prescriptions/detail.html",
        {
            "campaign": campaign,
            "follow_up": follow_up,
            "figures": follow_up.figures if follow_up else None,
            "late_count": follow_up.late_count if follow_up else 0,
            "late": follow_up.late if follow_up else [],
            "entities": list(campaign.entities.order_by("path")),
            "listed": campaign.listed_users.count(),
            "relaunched_since": timezone.now() - interval,
            "may_close": can(request.user, "prescriptions.change_campaign", campaign)
            and campaign.state != "closed",
        },
    )


@login_required
@require_POST
def campaign_relaunch(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _campaign(request, pk)
    targeted = services.campaign_relaunch(actor=request.user, campaign=campaign)
    if not targeted:
        messages.info(
            request,
            _(
                "Personne à relancer : les personnes qui n'ont pas terminé ont été relancées "
                "récemment ou ont refusé les relances."
            ),
        )
        return redirect(campaign)
    messages.success(
        request,
        ngettext(
            "Relance demandée : %(n)s personne va recevoir un courriel.",
            "Relance demandée : %(n)s personnes vont recevoir un courriel.",
            targeted,
        )
        % {"n": targeted},
    )
    return redirect(campaign)


@login_required
@require_POST
def assignment_relaunch(request: HttpRequest, pk: int, assignment_pk: int) -> HttpResponse:
    """ "Relancer" one person of the follow-up's list (one reminder per person per interval,
    and a per-administrator limit per minute)."""
    campaign = _campaign(request, pk)
    assignment = get_object_or_404(
        Assignment.objects.select_related("user", "campaign"), pk=assignment_pk, campaign=campaign
    )
    back = campaign.get_absolute_url() + "#a-relancer"
    if not can(request.user, "prescriptions.change_campaign", campaign):
        raise PermissionDenied
    if not allow(
        request,
        scope=f"prescriptions-relaunch-{request.user.pk}",
        per_minute=settings.PRESCRIPTIONS_PERSONAL_RELAUNCH_PER_MINUTE,
    ):
        messages.error(request, _("Trop de relances en une minute : réessayez dans un instant."))
        return redirect(back)
    try:
        services.assignment_relaunch(actor=request.user, assignment=assignment)
    except services.PrescriptionError as error:
        messages.error(request, error.message)
    else:
        who = assignment.user.get_full_name() or assignment.user.email
        messages.success(request, _("Relance envoyée à %(who)s.") % {"who": who})
    return redirect(back)


@login_required
@require_POST
def campaign_close(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _campaign(request, pk)
    if services.campaign_close(actor=request.user, campaign=campaign):
        messages.success(request, _("La campagne est close : plus aucun courriel ne partira."))
    return redirect(campaign)


@login_required
@require_POST
def campaign_export(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask a worker for the follow-up, one line per person (``;``-separated UTF-8 with a
    BOM, what French spreadsheet software opens as is), whatever the population: the
    progress page then offers the file."""
    campaign = _campaign(request, pk)
    job = services.campaign_export_start(
        actor=request.user, campaign=campaign, only_late=request.POST.get("retard") == "1"
    )
    return redirect("prescriptions:export_job", pk=campaign.pk, job=job.pk)


def _own_export(request: HttpRequest, pk: int, job) -> tuple[Campaign, ExportJob]:
    """The campaign (visible to the person) and their own export job of it; 404 else."""
    campaign = _campaign(request, pk)
    export = export_job_of(user=request.user, pk=job, kind=FOLLOW_UP_EXPORT)
    if export is None or export.params.get("campaign") != campaign.pk:
        raise Http404
    return campaign, export


@login_required
@require_GET
def export_job(request: HttpRequest, pk: int, job) -> HttpResponse:
    """The progress of the export, refreshed by htmx until the file is ready."""
    campaign, export = _own_export(request, pk, job)
    return export_job_page(
        request,
        export,
        template="prescriptions/export_job.html",
        context={
            "campaign": campaign,
            "job_url": reverse("prescriptions:export_job", args=[campaign.pk, export.pk]),
            "file_url": reverse("prescriptions:export_file", args=[campaign.pk, export.pk]),
            "again": _("Relancez l’export depuis la page de la campagne."),
        },
    )


@login_required
@require_GET
def export_file(request: HttpRequest, pk: int, job) -> HttpResponse:
    """The file of a finished export, to its requester only."""
    campaign, export = _own_export(request, pk, job)
    name = f"campagne-{campaign.pk}{'-retard' if export.params.get('late') else ''}.csv"
    return export_job_file(export, filename=name)


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


# --- Invitations ---------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def invitation_list(request: HttpRequest) -> HttpResponse:
    """Invite an "other user" to a session, and follow the invitations sent."""
    if not can(request.user, "prescriptions.invite_any"):
        raise PermissionDenied
    form = InvitationForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            new = invitations.invitation_create(
                actor=request.user,
                session=form.cleaned_data["session"],
                email=form.cleaned_data["email"],
                message=form.cleaned_data["message"],
            )
        except services.PrescriptionError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("L'invitation est envoyée à %(e)s.") % {"e": new.invitation.email},
            )
            return redirect("prescriptions:invitations")
    return render(
        request,
        "prescriptions/invitations.html",
        {"form": form, "invitations": list(selectors.invitation_list(user=request.user))},
    )


@login_required
@require_POST
def invitation_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    invitation = get_object_or_404(
        invitations_visible_to(request.user).select_related("session__training"), pk=pk
    )
    if invitations.invitation_revoke(actor=request.user, invitation=invitation):
        messages.success(request, _("L'invitation de %(e)s est retirée.") % {"e": invitation.email})
    return redirect("prescriptions:invitations")


@require_http_methods(["GET", "POST"])
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    """The invitation's link, signed in or not. Signed in with the invited address: accept.
    No account for it yet: create it here. An account exists: sign in first."""
    try:
        invitation = invitations.invitation_for_token(token)
    except services.PrescriptionError as error:
        return render(
            request, "prescriptions/invitation.html", {"refusal": error.message}, status=404
        )
    training = invitation.session.training
    if invitation.accepted_by_id and invitation.accepted_by_id == request.user.pk:
        return redirect(training.get_absolute_url())
    if invitation.status != "pending":
        refusal = {
            "revoked": _("Cette invitation a été retirée par la personne qui l'a envoyée."),
            "accepted": _("Cette invitation a déjà été acceptée."),
            "expired": _(
                "Cette invitation a expiré : demandez-en une nouvelle à la personne qui l'a envoyée."
            ),
        }[invitation.status]
        return render(
            request,
            "prescriptions/invitation.html",
            {"refusal": refusal, "invitation": invitation},
            status=410,
        )
    user = request.user
    has_account = (
        user.is_authenticated or User.objects.filter(email__iexact=invitation.email).exists()
    )
    form = None
    if not user.is_authenticated and not has_account:
        form = InvitedAccountForm(request.POST or None, email=invitation.email)
    if request.method == "POST":
        try:
            if user.is_authenticated:
                invitations.invitation_accept(token=token, user=user)
            elif form is not None and form.is_valid():
                user, _accepted = invitations.invitation_accept_new_account(
                    token=token,
                    password=form.cleaned_data["password1"],
                    first_name=form.cleaned_data["first_name"],
                    last_name=form.cleaned_data["last_name"],
                )
                login(request, user, backend=settings.AUTHENTICATION_BACKENDS[0])
            else:
                raise _FormInvalid
        except services.PrescriptionError as error:
            messages.error(request, error.message)
        except _FormInvalid:
            pass
        else:
            messages.success(
                request,
                _("Vous êtes inscrit à la formation « %(t)s ».") % {"t": training.title},
            )
            return redirect("enrolments:mine")
    return render(
        request,
        "prescriptions/invitation.html",
        {
            "invitation": invitation,
            "training": training,
            "form": form,
            "has_account": has_account,
            "wrong_account": user.is_authenticated and user.email.lower() != invitation.email,
            "login_url": reverse("account_login") + "?" + urlencode({"next": request.path}),
        },
    )


class _FormInvalid(Exception):
    pass
