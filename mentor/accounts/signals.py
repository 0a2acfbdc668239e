"""Automatic attachment wired to allauth's account events."""

from allauth.account.signals import email_changed, user_logged_in, user_signed_up
from django.dispatch import receiver

from mentor.accounts.models import AttachmentChange
from mentor.accounts.services import user_attach


@receiver(user_signed_up)
def attach_on_signup(sender, request, user, **kwargs) -> None:
    user_attach(user=user, trigger=AttachmentChange.Trigger.SIGNUP)


@receiver(user_logged_in)
def attach_on_signin(sender, request, user, **kwargs) -> None:
    user_attach(user=user, trigger=AttachmentChange.Trigger.SIGNIN)


@receiver(email_changed)
def attach_on_email_change(sender, request, user, from_email_address, to_email_address, **kw):
    if user.email != to_email_address.email:
        user.email = to_email_address.email
        user.save(update_fields=["email"])
    user_attach(user=user, trigger=AttachmentChange.Trigger.EMAIL_CHANGE)
