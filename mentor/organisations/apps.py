from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    name = "mentor.organisations"
    label = "organisations"
    verbose_name = _("Organisations")

    def ready(self) -> None:
        from mentor.organisations import navigation  # noqa: PLC0415, F401  (registration)
