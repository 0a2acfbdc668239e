from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "mentor.surveys"
    label = "surveys"
    verbose_name = _("Questionnaires de satisfaction")

    def ready(self) -> None:
        from mentor.surveys import (  # noqa: PLC0415, F401
            authoring,
            copying,
            navigation,
            offers,
            permissions,
            selectors,
        )

        copying.register()
