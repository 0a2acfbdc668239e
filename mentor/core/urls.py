from django.urls import path

from mentor.core import views

app_name = "core"

urlpatterns = [
    path("mentions-legales/", views.LegalNoticeView.as_view(), name="legal_notice"),
    path("donnees-personnelles/", views.PrivacyView.as_view(), name="privacy"),
    path("accessibilite/", views.AccessibilityView.as_view(), name="accessibility"),
]
