from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProConnectConfig(AppConfig):
    """Installed so that allauth's provider registry finds ``provider.py`` and its URLs."""

    name = "mentor.accounts.proconnect"
    label = "proconnect"
    verbose_name = _("ProConnect")

    def ready(self) -> None:
        from mentor.accounts.proconnect import selectors, signals  # noqa: PLC0415, F401  (registration)
