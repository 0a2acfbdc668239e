from dataclasses import dataclass
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context

from mentor.accounts import login_limits, login_stages
from mentor.accounts.proconnect.logout import LOGOUT_STATE_SESSION_KEY, end_session_url
from mentor.core.email import email_enqueue
from mentor.core.middleware import site_url


@dataclass(frozen=True)
class MentorSite:
    """What allauth's e-mails call "the site": the product's name and public host, never
    the host header of whichever request happened to trigger the message."""

    name: str
    domain: str


def mentor_site() -> MentorSite:
    return MentorSite(name="Mentor", domain=urlsplit(site_url()).netloc)


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """Render as allauth does, but send through Celery (inline in the embedded default)."""
        ctx = {
            "request": allauth_context.request,
            "email": email,
            "current_site": mentor_site(),
            **context,
        }
        email_enqueue(self.render_mail(template_prefix, email, ctx))

    def get_logout_redirect_url(self, request) -> str:
        """After a ProConnect sign-in, logging out continues at ProConnect's end-session
        endpoint (allauth asks for this URL just before it ends the session)."""
        proconnect = end_session_url(request) if request.user.is_authenticated else None
        if proconnect is None:
            return super().get_logout_redirect_url(request)
        url, request.proconnect_logout_state = proconnect
        return url

    def logout(self, request) -> None:
        state = getattr(request, "proconnect_logout_state", None)
        super().logout(request)
        if state:  # checked when ProConnect sends the browser back
            request.session[LOGOUT_STATE_SESSION_KEY] = state

    def get_login_stages(self) -> list[str]:
        """allauth's stages, the e-mail and second-factor ones answered from the facts read
        with the account when they are there (``login_stages``)."""
        return [login_stages.REPLACED.get(path, path) for path in super().get_login_stages()]

    # allauth's failed sign-in limits, counted in one Redis round trip (login_limits). These
    # two methods are where allauth 65 reserves and clears them; ``authenticate`` gives the
    # reservation back after a success (``_rollback_login_failed_rl_usage``).
    def pre_authenticate(self, request, **credentials) -> None:
        key = self._get_login_attempts_cache_key(request, **credentials)
        self._login_failed_rl_usage = login_limits.reserve(request, key=key)
        if not self._login_failed_rl_usage:
            raise self.validation_error("too_many_login_attempts")

    def _delete_login_attempts_cached_email(self, request, **credentials) -> None:
        login_limits.clear(request, key=self._get_login_attempts_cache_key(request, **credentials))
