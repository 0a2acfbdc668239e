from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AttestationsConfig(AppConfig):
    name = "mentor.attestations"
    label = "attestations"
    verbose_name = _("Attestations")

    def ready(self) -> None:
        # Rules, the completion offer, the personal-data section and the receivers.
        from mentor.attestations import (  # noqa: PLC0415, F401
            documents,
            navigation,
            offers,
            permissions,
            selectors,
            signals,
        )
