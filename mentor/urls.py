from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView

from mentor.accounts import views as accounts_views
from mentor.api.api import SIGNED_IN, api
from mentor.core import csp
from mentor.core import views as core_views
from mentor.reporting.api import router as stats_router

admin.site.site_header = _("Administration de Mentor")
admin.site.site_title = _("Administration de Mentor")
admin.site.index_title = _("Tableau de bord")

# The statistics endpoints (reporting) join the public API here: no app imports reporting.
api.add_router("", stats_router, auth=SIGNED_IN)

urlpatterns = [
    path("", include("mentor.catalog.urls")),
    path("", include("mentor.core.urls")),
    path("mes-formations/", include("mentor.enrolments.urls")),
    path("apprendre/", include("mentor.learning.urls")),
    path("scorm/", include("mentor.scorm.urls")),
    path("attestations/", include("mentor.attestations.urls")),
    path("questionnaires/", include("mentor.surveys.urls")),
    path("pilotage/", include("mentor.reporting.urls")),
    path("parcours/", include("mentor.paths.urls")),
    path("prescriptions/", include("mentor.prescriptions.urls")),
    path("", include("mentor.editorial.urls")),
    path("bibliotheque/", include("mentor.library.urls")),
    path("qualite/", include("mentor.quality.urls")),
    path("aide/", include("mentor.help.urls")),
    path("mes-fichiers/", include("mentor.help.files_urls")),
    path("api/v1/", api.urls),
    # allauth's page of third-party connections: ProConnect is managed from the profile.
    path(
        "compte/3rdparty/",
        RedirectView.as_view(pattern_name="accounts:profile"),
        name="socialaccount_connections",
    ),
    # allauth's sign-in, a visitor's page cached (accounts.views.login).
    path("compte/login/", accounts_views.login, name="account_login"),
    path("compte/", include("allauth.urls")),
    path("profil/jetons/", include("mentor.api.urls")),
    path("profil/", include("mentor.accounts.urls")),
    path("entites/", include("mentor.organisations.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("healthz", core_views.healthz, name="healthz"),
    path(settings.CSP_REPORT_PATH.lstrip("/"), csp.csp_report, name="csp_report"),
    path("favicon.ico", core_views.favicon, name="favicon"),
]
# Uploaded files: only the public folders answer here, in every mode (DEBUG included);
# private files have their own permission-checked views (docs/security.md).
if settings.MEDIA_URL.startswith("/"):
    urlpatterns.append(
        path(f"{settings.MEDIA_URL.strip('/')}/<path:name>", core_views.public_media, name="media")
    )

handler400 = "mentor.core.views.bad_request"
handler403 = "mentor.core.views.permission_denied"
handler404 = "mentor.core.views.page_not_found"
handler500 = "mentor.core.views.server_error"
