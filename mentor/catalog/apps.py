from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    name = "mentor.catalog"
    label = "catalog"
    verbose_name = _("Offre de formation")

    def ready(self) -> None:
        from mentor.catalog import navigation, permissions, signals  # noqa: PLC0415, F401  (registration)
