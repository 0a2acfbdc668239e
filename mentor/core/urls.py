from django.urls import path
from django.views.i18n import JavaScriptCatalog

from mentor.core import views

app_name = "core"

urlpatterns = [
    path("mentions-legales/", views.LegalNoticeView.as_view(), name="legal_notice"),
    path("donnees-personnelles/", views.PrivacyView.as_view(), name="privacy"),
    path("accessibilite/", views.AccessibilityView.as_view(), name="accessibility"),
    # The rich-text editor's own strings in French (a script file, no inline script).
    path(
        "jsi18n/editeur/",
        JavaScriptCatalog.as_view(packages=["django_prose_editor"]),
        name="editor_i18n",
    ),
]
