import json

from allauth import app_settings as allauth_app_settings
from allauth.account import views as allauth_views
from allauth.account.internal.decorators import login_not_required
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from mentor.accounts import login_limits, login_page, services
from mentor.accounts.forms import AccountEraseForm, ProfileForm
from mentor.accounts.permissions import role_assignments
from mentor.accounts.personal_data import personal_data_export
from mentor.accounts.proconnect.selectors import (
    proconnect_enabled,
    proconnect_identity,
    proconnect_unlink_allowed,
)
from mentor.accounts.profile_sections import profile_sections
from mentor.accounts.selectors import user_attachment_history
from mentor.core import page_cache
from mentor.organisations.selectors import ministry_of


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    user = request.user
    initial = {
        "first_name": user.first_name,
        "last_name": user.last_name,
        "category": user.category,
        "employment_status": user.employment_status,
        "gender": user.gender,
        "agent_id": user.agent_id,
    }
    form = ProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.profile_update(user=user, **form.cleaned_data)
        messages.success(request, _("Votre profil a été enregistré."))
        return redirect("accounts:profile")
    return render(
        request,
        "accounts/profile.html",
        {
            "form": form,
            "roles": role_assignments(user),
            "history": user_attachment_history(user=user)[:10],
            "proconnect_enabled": proconnect_enabled(request=request),
            "proconnect_identity": proconnect_identity(user=user),
            "proconnect_unlink_allowed": proconnect_unlink_allowed(user=user),
            "sections": profile_sections(user=user),
            "ministry": ministry_of(user.entity) if user.entity else None,
        },
    )


@login_required
@require_POST
def sessions_revoke(request: HttpRequest) -> HttpResponse:
    """ "Se déconnecter de toutes mes sessions": every session of the account, this one
    included, is over (other devices at their next request)."""
    services.user_sessions_revoke(user=request.user)
    logout(request)
    messages.success(
        request, _("Toutes vos sessions ont été fermées. Reconnectez-vous pour continuer.")
    )
    return redirect("account_login")


@login_required
@require_http_methods(["GET"])
def personal_data(request: HttpRequest) -> HttpResponse:
    return render(
        request, "accounts/personal_data.html", {"form": AccountEraseForm(user=request.user)}
    )


@login_required
@require_POST
def personal_data_download(request: HttpRequest) -> HttpResponse:
    data = personal_data_export(user=request.user)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json"
    )
    filename = f"mentor-mes-donnees-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_POST
def account_erase(request: HttpRequest) -> HttpResponse:
    form = AccountEraseForm(request.POST, user=request.user)
    if not form.is_valid():
        return render(request, "accounts/personal_data.html", {"form": form}, status=400)
    services.user_erase(user=request.user)
    logout(request)
    messages.success(request, _("Votre compte et vos données personnelles ont été supprimés."))
    return redirect(settings.ACCOUNT_LOGOUT_REDIRECT_URL)


class LoginView(allauth_views.LoginView):
    """allauth's sign-in view, its own limit (``login``: 30 POSTs a minute per address)
    counted in one Redis round trip (``login_limits``) instead of a lock, a read, a write
    and an unlock. The rest of allauth 65's ``dispatch`` is kept as it is."""

    @method_decorator(login_limits.rate_limit(action="login"))
    @method_decorator(login_not_required)
    @allauth_views.sensitive_post_parameters_m
    @method_decorator(never_cache)
    def dispatch(self, request, *args, **kwargs):
        if allauth_app_settings.SOCIALACCOUNT_ONLY and request.method != "GET":
            raise PermissionDenied()
        return super(allauth_views.LoginView, self).dispatch(request, *args, **kwargs)


_allauth_login = LoginView.as_view()


def login(request: HttpRequest, *args, **kwargs) -> HttpResponse:
    """allauth's sign-in page and form. A visitor's plain GET (no session, no ``next``) gets
    the page every visitor gets, rendered once (``core.page_cache``)."""
    if page_cache.shareable(request):
        return page_cache.visitor_page(
            request,
            login_page.key(get_language()),
            lambda: _allauth_login(request, *args, **kwargs),
            timeout=lambda: login_page.SECONDS,
        )
    return _allauth_login(request, *args, **kwargs)
