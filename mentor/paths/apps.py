from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PathsConfig(AppConfig):
    name = "mentor.paths"
    label = "paths"
    verbose_name = _("Parcours pédagogiques")

    def ready(self) -> None:
        from mentor.paths import (  # noqa: PLC0415, F401
            attestation_details,
            authoring_parts,
            earlier_work,
            kinds,
            navigation,
            permissions,
            personal_data,
            receivers,
            sheet,
        )
        from mentor.paths.copying import register as register_copier  # noqa: PLC0415

        register_copier()
