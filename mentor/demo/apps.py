from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    name = "mentor.demo"
    label = "demo"
    verbose_name = _("Données de référence et de démonstration")
