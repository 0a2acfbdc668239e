"""The owner's page of personal API tokens (in "Mon compte")."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from mentor.api.forms import ApiTokenForm
from mentor.api.selectors import api_tokens_of
from mentor.api.services import api_token_create, api_token_revoke


@login_required
@require_http_methods(["GET", "POST"])
def tokens(request: HttpRequest) -> HttpResponse:
    form = ApiTokenForm(request.POST or None)
    secret = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            _token, secret = api_token_create(user=request.user, name=form.cleaned_data["name"])
            form = ApiTokenForm()
            status = 201
        else:
            status = 400
    return render(
        request,
        "api/tokens.html",
        {"form": form, "secret": secret, "tokens": api_tokens_of(request.user)},
        status=status,
    )


@login_required
@require_POST
def revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = api_token_revoke(user=request.user, token_id=pk)
    messages.success(request, _("Le jeton « %(name)s » est révoqué.") % {"name": token.name})
    return redirect("api_tokens:list")
