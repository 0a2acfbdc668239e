from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from mentor.attestations import selectors, services
from mentor.attestations.forms import VerifyForm
from mentor.attestations.models import NUMBER_MAX_INPUT
from mentor.attestations.pdf import attestation_pdf
from mentor.catalog.permissions import trainings_editable_by
from mentor.core.ratelimit import allow


@login_required
@require_GET
def download(request: HttpRequest, enrolment_id: int) -> HttpResponse:
    """The holder's PDF, drawn on demand (and issued now if the background task is late).
    Anyone else's enrolment, a revoked attestation and "none delivered" all answer 404:
    nothing tells a stranger which enrolments exist."""
    attestation = services.attestation_for_holder(user=request.user, enrolment_id=enrolment_id)
    if attestation is None:
        raise Http404
    pdf = attestation_pdf(attestation, verify_url=selectors.verification_url(attestation.number))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="attestation-{attestation.number}.pdf"'
    patch_cache_control(response, private=True, no_store=True)
    return response


def _public(response: HttpResponse) -> HttpResponse:
    # A holder's name and training: fine to show to whoever has the number, not to index.
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@require_GET
def verify(request: HttpRequest) -> HttpResponse:
    """Public form: type the number printed on an attestation."""
    form = VerifyForm(request.GET if "numero" in request.GET else None)
    if form.is_bound and form.is_valid():
        return redirect("attestations:verify_number", number=form.cleaned_data["numero"])
    return _public(render(request, "attestations/verify.html", {"form": form}))


def _throttled(request: HttpRequest) -> HttpResponse | None:
    """The public verification answers each client at most ATTESTATION_VERIFY_PER_MINUTE
    times a minute: numbers cannot be enumerated to collect holders' names."""
    if allow(
        request, scope="attestation-verify", per_minute=settings.ATTESTATION_VERIFY_PER_MINUTE
    ):
        return None
    response = render(request, "429.html", status=429)
    response["Retry-After"] = "60"
    return _public(response)


@require_GET
def verify_number(request: HttpRequest, number: str) -> HttpResponse:
    """Public result: valid, revoked (with its date) or unknown (404). Shows only the
    number, the training, its producer and duration, the completion date and the holder
    as "C. Martin"; never the e-mail, entity, revocation reason or anything else."""
    if (throttled := _throttled(request)) is not None:
        return throttled
    attestation = selectors.attestation_by_number(number)
    context = {
        "form": VerifyForm(),
        "attestation": attestation,
        "number": number[:NUMBER_MAX_INPUT],
    }
    status = 200 if attestation is not None else 404
    return _public(render(request, "attestations/verify.html", context, status=status))


@login_required
@require_POST
def delivery(request: HttpRequest, slug: str) -> HttpResponse:
    """Designers choose whether the training delivers an attestation (from the course
    content page)."""
    training = get_object_or_404(trainings_editable_by(request.user), slug=slug)
    delivers = request.POST.get("delivers") == "oui"
    services.training_attestation_set(actor=request.user, training=training, delivers=delivers)
    messages.success(
        request,
        _("La formation délivre une attestation de participation.")
        if delivers
        else _("La formation ne délivre pas d’attestation."),
    )
    return redirect("learning:authoring", slug=slug)
