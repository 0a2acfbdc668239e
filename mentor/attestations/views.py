from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET

from mentor.attestations import selectors
from mentor.attestations.forms import VerifyForm
from mentor.attestations.models import NUMBER_MAX_INPUT
from mentor.attestations.pdf import attestation_pdf


@login_required
@require_GET
def download(request: HttpRequest, enrolment_id: int) -> HttpResponse:
    """The holder's PDF, drawn on demand. Anyone else's enrolment, a revoked attestation
    and "none issued" all answer 404: nothing tells a stranger which enrolments exist."""
    attestation = selectors.attestation_of_owner(user=request.user, enrolment_id=enrolment_id)
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


@require_GET
def verify_number(request: HttpRequest, number: str) -> HttpResponse:
    """Public result: valid, revoked (with its date) or unknown (404). Shows only the
    number, the training, its producer and duration, the completion date and the holder
    as "C. Martin"; never the e-mail, entity, revocation reason or anything else."""
    attestation = selectors.attestation_by_number(number)
    context = {
        "form": VerifyForm(),
        "attestation": attestation,
        "number": number[:NUMBER_MAX_INPUT],
    }
    status = 200 if attestation is not None else 404
    return _public(render(request, "attestations/verify.html", context, status=status))
