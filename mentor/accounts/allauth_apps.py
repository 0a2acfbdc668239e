"""allauth's apps under French names in the administration: its e-mail addresses are not
a second "Comptes" section beside Mentor's accounts, and "MFA" is said in French."""

from allauth.account.apps import AccountConfig
from allauth.mfa.apps import MFAConfig
from django.utils.translation import gettext_lazy as _


class EmailAddressesConfig(AccountConfig):
    verbose_name = _("Adresses électroniques")


class TwoFactorConfig(MFAConfig):
    verbose_name = _("Double authentification")

    def ready(self) -> None:
        super().ready()
        from allauth.mfa.models import Authenticator  # noqa: PLC0415  (models are ready now)

        Authenticator._meta.verbose_name = _("authentificateur")
        Authenticator._meta.verbose_name_plural = _("authentificateurs")
