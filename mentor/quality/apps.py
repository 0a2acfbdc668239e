from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QualityConfig(AppConfig):
    name = "mentor.quality"
    label = "quality"
    verbose_name = _("Auto-évaluation qualité")

    def ready(self) -> None:
        from mentor.quality import authoring, navigation, permissions, personal_data, review  # noqa: PLC0415, F401
