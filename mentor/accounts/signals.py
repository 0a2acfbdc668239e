"""Automatic attachment wired to allauth's account events."""

from allauth.account.signals import email_changed, user_logged_in, user_signed_up
from allauth.socialaccount.models import SocialApp
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from mentor.accounts import (
    login_page,
    sessions,  # noqa: F401  (registers the sign-in stamp)
)
from mentor.accounts.models import AttachmentChange, RoleAssignment
from mentor.accounts.permissions import roles_changed
from mentor.accounts.services import user_attach, user_email_changed
from mentor.core.cache import invalidate
from mentor.organisations.models import Entity


def _roles_changed(sender, **kwargs) -> None:
    invalidate(roles_changed)


def _login_page_changed(sender, **kwargs) -> None:
    invalidate(login_page.forget)


post_save.connect(_login_page_changed, sender=SocialApp, dispatch_uid="login_page.SocialApp")
post_delete.connect(_login_page_changed, sender=SocialApp, dispatch_uid="login_page.del.SocialApp")

for _model in (RoleAssignment, Entity):
    post_save.connect(_roles_changed, sender=_model, dispatch_uid=f"roles.{_model.__name__}")
    post_delete.connect(_roles_changed, sender=_model, dispatch_uid=f"roles.del.{_model.__name__}")


@receiver(user_signed_up)
def attach_on_signup(sender, request, user, **kwargs) -> None:
    user_attach(user=user, trigger=AttachmentChange.Trigger.SIGNUP)


@receiver(user_logged_in)
def attach_on_signin(sender, request, user, **kwargs) -> None:
    user_attach(user=user, trigger=AttachmentChange.Trigger.SIGNIN)


@receiver(email_changed)
def attach_on_email_change(sender, request, user, from_email_address, to_email_address, **kw):
    user_email_changed(user=user, email=to_email_address.email)
