"""The URLs of the SCORM content origin (``settings.SCORM_CONTENT_ORIGIN``): package files
and the launcher, nothing else. Requests to that host name resolve here only (see
``mentor.scorm.middleware``); the app's own URLs do not include these."""

from django.urls import path

from mentor.scorm import content_views

urlpatterns = [
    path("lanceur/<str:token>/", content_views.launcher, name="launcher"),
    path("lanceur/<str:token>/<int:sco_id>/", content_views.launcher, name="launcher_sco"),
    path("paquet/<str:token>/<path:path>", content_views.package_file, name="file"),
]

handler400 = "mentor.scorm.content_views.bad_request"
handler403 = "mentor.scorm.content_views.permission_denied"
handler404 = "mentor.scorm.content_views.page_not_found"
handler500 = "mentor.scorm.content_views.server_error"
