from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "mentor.accounts"
    label = "accounts"
    verbose_name = _("Comptes")

    def ready(self) -> None:
        from mentor.accounts import navigation, permissions, selectors, signals  # noqa: PLC0415, F401  (registration)
