"""Keep the id_token of a ProConnect sign-in in the session, for the logout redirect."""

from allauth.account.signals import user_logged_in
from django.dispatch import receiver

from mentor.accounts.proconnect.logout import ID_TOKEN_SESSION_KEY
from mentor.accounts.proconnect.provider import PROVIDER_ID


@receiver(user_logged_in, dispatch_uid="proconnect.keep_id_token")
def keep_id_token(sender, request, user, sociallogin=None, **kwargs) -> None:
    if sociallogin is None or sociallogin.account.provider != PROVIDER_ID:
        request.session.pop(ID_TOKEN_SESSION_KEY, None)
        return
    id_token = sociallogin.state.get("id_token")
    if id_token:
        request.session[ID_TOKEN_SESSION_KEY] = id_token
