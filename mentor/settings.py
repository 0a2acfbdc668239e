"""Mentor settings: one module, configured by environment variables.

Embedded default (no variable set): SQLite in WAL mode under ``var/``, local files,
local-memory cache, Celery tasks run inline. Set ``DATABASE_URL`` / ``REDIS_URL`` (and the
storage variables) to run on PostgreSQL, Redis and S3 with no code change.

Importing this module reads the environment and nothing else: it creates no folder and
writes no file. ``var/`` (``MENTOR_VAR_DIR``) is created by whoever starts Mentor (`make
migrate`, `scripts/prod`); the SQLite database needs it, file storages and collectstatic
create their own folders. The tests use ``mentor.settings_test`` on top of this module.
"""

import hashlib
from pathlib import Path
from urllib.parse import urlsplit

import environ
from csp.constants import NONCE
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

env = environ.Env()

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env.str("MENTOR_VAR_DIR", default=str(BASE_DIR / "var")))

DEBUG = env.bool("DEBUG", default=False)

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        # Every web machine must sign with the same key: one generated per machine would
        # break sessions, CSRF tokens and password-reset links from one request to the next.
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. With DEBUG off Mentor refuses to start without it: set "
            "the same long random SECRET_KEY on every machine (e.g. `openssl rand -hex 40`), "
            "or DEBUG=true for development."
        )
    # Development only (DEBUG on): stable for this checkout so sessions survive restarts,
    # never written anywhere; "django-insecure-" makes `check --deploy` flag it.
    SECRET_KEY = "django-insecure-dev-" + hashlib.sha256(str(VAR_DIR).encode()).hexdigest()
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "django_prose_editor",
    "allauth",
    "mentor.accounts.allauth_apps.EmailAddressesConfig",  # allauth.account, named in French
    "mentor.accounts.allauth_apps.TwoFactorConfig",  # allauth.mfa, named in French
    "allauth.socialaccount",  # ProConnect (see the ProConnect block below)
    "csp",
    "dsfr",
    "widget_tweaks",
    "mentor.core",
    "mentor.audit",
    "mentor.organisations",
    "mentor.accounts",
    "mentor.accounts.proconnect",
    "mentor.catalog",
    "mentor.enrolments",
    "mentor.scorm",
    "mentor.learning",
    "mentor.attestations",
    "mentor.surveys",
    "mentor.paths",
    "mentor.reporting",
    "mentor.prescriptions",
    "mentor.editorial",
    "mentor.library",
    "mentor.quality",
    "mentor.help",
    "mentor.api",
    "mentor.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # SCORM commits carrying a signed token: answered here, without session or CSRF.
    "mentor.scorm.middleware.ScormCommitMiddleware",
    "mentor.core.csp.CSPMiddleware",  # before anything that may render a page (nonce)
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "mentor.scorm.middleware.ContentOriginMiddleware",
    "mentor.core.input_guard.InputGuardMiddleware",  # NUL, lone surrogates, deep JSON: 400
    "django.contrib.sessions.middleware.SessionMiddleware",
    "mentor.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "mentor.accounts.backends.RenamedBackendsMiddleware",  # sessions of before the upgrade
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "mentor.accounts.sessions.SessionLifetimeMiddleware",  # idle timeout, absolute lifetime
    "mentor.accounts.reauth.ReauthenticationMiddleware",  # sensitive pages: recent sign-in
    "mentor.core.middleware.RefusalMiddleware",
    # Pages per visit (reporting): one UPDATE per page viewed, one row per visit.
    "mentor.reporting.visits.VisitMiddleware",
    "mentor.core.middleware.DevelopmentMiddleware",  # does nothing unless DEBUG
]

ROOT_URLCONF = "mentor.urls"
WSGI_APPLICATION = "mentor.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "mentor.core.context_processors.site",
                "mentor.help.context_processors.tour",
                "csp.context_processors.nonce",
            ],
        },
    },
]
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

# --- Database -------------------------------------------------------------------------
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'mentor.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers run while one writer commits; IMMEDIATE takes the write lock at
        # BEGIN so concurrent transactions queue instead of failing with "database locked".
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
        ),
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if env.str("REPLICA_DATABASE_URL", default=""):
    DATABASES["replica"] = env.db_url("REPLICA_DATABASE_URL")
    DATABASES["replica"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["mentor.core.db.ReportingReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache, sessions, tasks -------------------------------------------------------------
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "mentor.core.cache.FailOpenRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {
                # A Redis outage turns into cache misses, never into a 500.
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": 0.5,
                "SOCKET_TIMEOUT": 0.5,
            },
        }
    }
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Sessions live in the database, cached: losing the cache logs nobody out (Django's
# cached_db, a new session written once: mentor/accounts/session_store.py).
SESSION_ENGINE = "mentor.accounts.session_store"
# A State platform (ANSSI / ASVS level 2): signed out after 30 minutes without a request,
# and after 12 hours whatever happens (a working day), the browser closed or not. The
# session cookie itself lives no longer than the absolute lifetime.
SESSION_IDLE_TIMEOUT = env.int("SESSION_IDLE_TIMEOUT", default=30 * 60)
SESSION_ABSOLUTE_LIFETIME = env.int("SESSION_ABSOLUTE_LIFETIME", default=12 * 3600)
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_LIFETIME
# Sensitive actions (personal-data export, e-mail, password, TOTP, admin) need a sign-in
# (password, or ProConnect with prompt=login) younger than this.
REAUTHENTICATION_TIMEOUT = env.int("REAUTHENTICATION_TIMEOUT", default=10 * 60)
ACCOUNT_REAUTHENTICATION_TIMEOUT = REAUTHENTICATION_TIMEOUT
# Flash messages travel in the session: no cookie beyond the session and CSRF ones.
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=REDIS_URL or "memory://")
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_TASK_DEFAULT_QUEUE", default="celery")
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULE = {
    "clear-expired-sessions": {
        "task": "mentor.core.tasks.clear_expired_sessions",
        "schedule": 6 * 3600,
    },
    # Opens the campaigns of the day, queues their reminders, resumes unfinished sending.
    # Exports left pending (broker down) or interrupted (worker gone) are queued again.
    # The daily rollups of the dashboards (incremental: only the days that changed).
    "reporting-rollups": {
        "task": "mentor.reporting.tasks.rollups_refresh_task",
        "schedule": 900,
    },
    "reporting-rollups-rebuild": {
        "task": "mentor.reporting.tasks.rollups_rebuild_task",
        "schedule": 24 * 3600,
    },
    "exports-resume": {
        "task": "mentor.core.tasks.export_jobs_resume_task",
        "schedule": 600,
    },
    # Export files (personal data) deleted after EXPORT_RETENTION_DAYS.
    "exports-purge": {
        "task": "mentor.core.tasks.export_files_purge_task",
        "schedule": 3600,
    },
    # Data retention (privacy page): inactive accounts warned then deleted; old logs purged.
    "retention-daily": {
        "task": "mentor.accounts.tasks.retention_daily_task",
        "schedule": 24 * 3600,
    },
    "prescriptions-daily": {
        "task": "mentor.prescriptions.tasks.campaigns_daily_task",
        "schedule": 3600,
    },
    # Images of the rich-text editor that no text uses any more.
    "editorial-images-purge": {
        "task": "mentor.editorial.tasks.editor_images_purge_task",
        "schedule": 24 * 3600,
    },
}
#: Days an editor image no text uses is kept (time to save the page it was uploaded for).
EDITOR_IMAGE_UNUSED_DAYS = env.int("EDITOR_IMAGE_UNUSED_DAYS", default=7)
#: The campaigns' e-mail fan-out: messages per batch, seconds between batches (throttle).
PRESCRIPTIONS_EMAIL_BATCH = env.int("PRESCRIPTIONS_EMAIL_BATCH", default=200)
PRESCRIPTIONS_EMAIL_INTERVAL = env.float("PRESCRIPTIONS_EMAIL_INTERVAL", default=1.0)
#: Sending chains queued per campaign: as many workers send its e-mails in parallel, each
#: claiming its own batches (the throttle above applies to each chain).
PRESCRIPTIONS_EMAIL_CHAINS = env.int("PRESCRIPTIONS_EMAIL_CHAINS", default=2)
#: How long a worker owns a claimed batch (seconds); past it, another worker takes it over.
#: Must exceed the time one batch takes to send.
PRESCRIPTIONS_CLAIM_LEASE = env.int("PRESCRIPTIONS_CLAIM_LEASE", default=600)
#: Manual reminders ("Relancer", for everyone or for one person) skip whoever was reminded
#: less than this many seconds ago; personal ones are also limited per administrator.
PRESCRIPTIONS_RELAUNCH_INTERVAL = env.int("PRESCRIPTIONS_RELAUNCH_INTERVAL", default=24 * 3600)
#: A campaign of more people than this shows its follow-up from a snapshot the worker
#: computes (at most this many seconds old), not from queries run by the web at each view.
PRESCRIPTIONS_LIVE_FIGURES_MAX = env.int("PRESCRIPTIONS_LIVE_FIGURES_MAX", default=20_000)
PRESCRIPTIONS_FIGURES_MAX_AGE = env.int("PRESCRIPTIONS_FIGURES_MAX_AGE", default=600)
PRESCRIPTIONS_PERSONAL_RELAUNCH_PER_MINUTE = env.int(
    "PRESCRIPTIONS_PERSONAL_RELAUNCH_PER_MINUTE", default=20
)

# --- Files ------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"  # filled by collectstatic
STATICFILES_DIRS = [
    BASE_DIR / "static",
    # Front-end dependencies come from npm (package.json), never copied into the repo.
    ("vendor/htmx", BASE_DIR / "node_modules" / "htmx.org" / "dist"),
    ("vendor/scorm-again", BASE_DIR / "node_modules" / "scorm-again" / "dist"),
    ("vendor/chart.js", BASE_DIR / "node_modules" / "chart.js" / "dist"),  # the quality radar
    (
        "vendor/dsfr-chart",
        BASE_DIR / "node_modules" / "@gouvfr" / "dsfr-chart" / "dist" / "DSFRChart",
    ),
    ("vendor/driver.js", BASE_DIR / "node_modules" / "driver.js" / "dist"),
]
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"
_static_backend = (
    "django.contrib.staticfiles.storage.StaticFilesStorage"
    if DEBUG
    else "mentor.core.staticfiles.StaticFilesStorage"  # whitenoise's, URLs kept per process
)
if env.str("AWS_STORAGE_BUCKET_NAME", default=""):
    AWS_STORAGE_BUCKET_NAME = env.str("AWS_STORAGE_BUCKET_NAME")
    AWS_S3_ENDPOINT_URL = env.str("AWS_S3_ENDPOINT_URL", default=None)
    AWS_S3_REGION_NAME = env.str("AWS_S3_REGION_NAME", default=None)
    AWS_DEFAULT_ACL = None
    AWS_QUERYSTRING_AUTH = True
    _default_storage = {"BACKEND": "mentor.core.storage.ContentAddressedS3Storage"}
else:
    _default_storage = {"BACKEND": "mentor.core.storage.ContentAddressedFileSystemStorage"}
#: Uploaded files under these folders are named after the digest of their bytes: the same
#: bytes uploaded twice are stored once (mentor/core/storage.py).
CONTENT_ADDRESSED_PREFIXES = ("activities/", "trainings/", "editor/", "resources/")
# Exports prepared by workers (core.export_jobs): private files, never under MEDIA_URL; served
# only through a view that checks who asks. On S3, a prefix of the (private) bucket.
EXPORTS_ROOT = VAR_DIR / "exports"
_exports_storage = (
    {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {"location": "exports"}}
    if env.str("AWS_STORAGE_BUCKET_NAME", default="")
    else {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": EXPORTS_ROOT, "base_url": None},
    }
)
#: Days an export file (reporting) is kept before a beat job deletes it.
#: Days an export file prepared by a worker is kept (``core.export_jobs``; the former
#: name ``REPORTING_EXPORT_RETENTION_DAYS`` is still read).
EXPORT_RETENTION_DAYS = env.int(
    "EXPORT_RETENTION_DAYS", default=env.int("REPORTING_EXPORT_RETENTION_DAYS", default=7)
)
STORAGES = {
    "default": _default_storage,
    "staticfiles": {"BACKEND": _static_backend},
    "exports": _exports_storage,
}
WHITENOISE_USE_FINDERS = DEBUG

# --- Upload limits: a larger upload is refused with a message saying the limit ----------
# Each one is read from the environment variable of the same name (bytes unless stated).
_MB = 1024 * 1024
# A training's illustration (catalogue).
CATALOG_MAX_IMAGE_BYTES = env.int("CATALOG_MAX_IMAGE_BYTES", default=2 * _MB)
# Course activities: a document to download, a video, its WebVTT captions, a page's image.
LEARNING_MAX_DOCUMENT_BYTES = env.int("LEARNING_MAX_DOCUMENT_BYTES", default=100 * _MB)
LEARNING_MAX_VIDEO_BYTES = env.int("LEARNING_MAX_VIDEO_BYTES", default=1024 * _MB)
LEARNING_MAX_CAPTIONS_BYTES = env.int("LEARNING_MAX_CAPTIONS_BYTES", default=2 * _MB)
LEARNING_MAX_IMAGE_BYTES = env.int("LEARNING_MAX_IMAGE_BYTES", default=5 * _MB)
# Larger images are decompression bombs, not illustrations (width x height).
LEARNING_MAX_IMAGE_PIXELS = env.int("LEARNING_MAX_IMAGE_PIXELS", default=40_000_000)
# SCORM packages (zip bombs, absurd packages): the zip itself, its content once
# uncompressed, its number of files, the ratio of any member, its imsmanifest.xml.
# Help centre: who answers the questions that are not a ministry's, the size of a contact
# request's attachment, and how many requests one person may send per hour.
HELP_PLATFORM_EMAILS = env.list("HELP_PLATFORM_EMAILS", default=["support@mentor.gouv.fr"])
HELP_MAX_ATTACHMENT_BYTES = env.int("HELP_MAX_ATTACHMENT_BYTES", default=5 * _MB)
HELP_CONTACT_PER_HOUR = env.int("HELP_CONTACT_PER_HOUR", default=5)
# Personal files ("Mes fichiers"): the largest file and each person's quota.
PERSONAL_FILE_MAX_BYTES = env.int("PERSONAL_FILE_MAX_BYTES", default=10 * _MB)
PERSONAL_FILES_QUOTA_BYTES = env.int("PERSONAL_FILES_QUOTA_BYTES", default=50 * _MB)
# First-time tours start on their own (the browser journeys of other pages turn it off).
HELP_TOURS_AUTOSTART = env.bool("HELP_TOURS_AUTOSTART", default=True)
SCORM_MAX_UPLOAD_BYTES = env.int("SCORM_MAX_UPLOAD_BYTES", default=500 * _MB)
SCORM_MAX_UNCOMPRESSED_BYTES = env.int("SCORM_MAX_UNCOMPRESSED_BYTES", default=2048 * _MB)
SCORM_MAX_FILES = env.int("SCORM_MAX_FILES", default=10_000)
SCORM_MAX_COMPRESSION_RATIO = env.int("SCORM_MAX_COMPRESSION_RATIO", default=200)
# SCORM packages run on their own origin, with no session (README: "SCORM content origin").
SCORM_CONTENT_ORIGIN = env.str("SCORM_CONTENT_ORIGIN", default="http://localhost:8000").rstrip("/")
SCORM_CONTENT_URL_MAX_AGE = env.int("SCORM_CONTENT_URL_MAX_AGE", default=4 * 3600)
# A SCORM commit token's life (mentor/scorm/commit_tokens.py): how long a signed-out
# learner's open player may still save its commits, at most.
SCORM_COMMIT_TOKEN_MAX_AGE = env.int("SCORM_COMMIT_TOKEN_MAX_AGE", default=10 * 60)
if (
    _content_host := urlsplit(SCORM_CONTENT_ORIGIN).hostname
) and _content_host not in ALLOWED_HOSTS:
    ALLOWED_HOSTS.append(_content_host)
SCORM_MAX_MANIFEST_BYTES = env.int("SCORM_MAX_MANIFEST_BYTES", default=5 * _MB)
# Django's own: a request body without its files (forms, SCORM commits) and the size from
# which an uploaded file goes to a temporary file rather than memory.
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("DATA_UPLOAD_MAX_MEMORY_SIZE", default=5 * _MB)
FILE_UPLOAD_MAX_MEMORY_SIZE = env.int("FILE_UPLOAD_MAX_MEMORY_SIZE", default=5 * _MB)

# --- E-mail -----------------------------------------------------------------------------
EMAIL_BACKEND = env.str(
    "EMAIL_BACKEND",
    default="django.core.mail.backends.console.EmailBackend"
    if not env.str("EMAIL_HOST", default="")
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_FILE_PATH = env.str("EMAIL_FILE_PATH", default=str(VAR_DIR / "mail"))
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env.str(
    "DEFAULT_FROM_EMAIL", default="Mentor <ne-pas-repondre@mentor.gouv.fr>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Accounts ---------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
# Django's and allauth's backends, the signed-in account read with SQL built once.
AUTHENTICATION_BACKENDS = [
    "mentor.accounts.backends.ModelBackend",
    "mentor.accounts.backends.AuthenticationBackend",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "catalog:home"  # or the page the person came for (`next`)
PASSWORD_HASHERS = [
    # OWASP's current advice: Argon2id, m = 19 MiB, t = 2, p = 1.
    "mentor.accounts.hashers.OwaspArgon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

ACCOUNT_ADAPTER = "mentor.accounts.adapter.AccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "mentor.accounts.forms.SignupExtraForm"
ACCOUNT_FORMS = {"login": "mentor.accounts.login_form.LoginForm"}
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
# Confirming the address signs the person in (in the browser that signed up: allauth
# checks the sign-up is pending in that session), no second sign-in.
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS = 3
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Mentor] "
ACCOUNT_LOGOUT_REDIRECT_URL = "catalog:home"
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/5m/key",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "signup": "20/m/ip",
    "confirm_email": "1/3m/key",
    "change_password": "5/m/user",
}
# Behind the production reverse proxy / load balancer: the number of X-Forwarded-For hops
# to trust, so per-IP rate limits see each person's address, not the proxy's.
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Mentor"

# --- ProConnect (OpenID Connect federation of the State) ---------------------- begin ---
# Configured by environment; with no PROCONNECT_ISSUER/PROCONNECT_CLIENT_ID, allauth lists
# no ProConnect app: the button is not shown and /compte/proconnect/* answers 404.
SOCIALACCOUNT_ADAPTER = "mentor.accounts.proconnect.adapter.SocialAccountAdapter"
SOCIALACCOUNT_AUTO_SIGNUP = True  # a first ProConnect sign-in creates the account
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False  # never sign in to a local account by e-mail alone
SOCIALACCOUNT_LOGIN_ON_GET = False  # the button POSTs (CSRF-protected) to start a sign-in
SOCIALACCOUNT_STORE_TOKENS = False  # the id_token lives in the session, for logout only
SOCIALACCOUNT_REQUESTS_TIMEOUT = env.int("PROCONNECT_TIMEOUT", default=5)
PROCONNECT_ISSUER = env.str("PROCONNECT_ISSUER", default="").rstrip("/")
PROCONNECT_CLIENT_ID = env.str("PROCONNECT_CLIENT_ID", default="")
SOCIALACCOUNT_PROVIDERS: dict = {}
if PROCONNECT_ISSUER and PROCONNECT_CLIENT_ID:
    SOCIALACCOUNT_PROVIDERS["proconnect"] = {
        "APPS": [
            {
                "client_id": PROCONNECT_CLIENT_ID,
                "secret": env.str("PROCONNECT_CLIENT_SECRET", default=""),
                "settings": {
                    # discovery: <issuer>/.well-known/openid-configuration
                    "server_url": PROCONNECT_ISSUER,
                    "token_auth_method": "client_secret_post",
                    "scope": env.str(
                        "PROCONNECT_SCOPES",
                        default="openid given_name usual_name email uid siret idp_id",
                    ).split(),
                    "acr_values": env.str("PROCONNECT_ACR_VALUES", default="eidas1").split(),
                },
            }
        ]
    }
# --- ProConnect ----------------------------------------------------------------- end ---

# --- Data retention (the privacy page's promises) ------------------------------------
# Accounts without a sign-in for this many days are deleted, after a notice e-mail sent
# RETENTION_NOTICE_DAYS before; audit and log rows older than RETENTION_LOG_DAYS are deleted.
RETENTION_INACTIVE_DAYS = env.int("RETENTION_INACTIVE_DAYS", default=3 * 365)
RETENTION_NOTICE_DAYS = env.int("RETENTION_NOTICE_DAYS", default=30)
RETENTION_LOG_DAYS = env.int("RETENTION_LOG_DAYS", default=365)
RETENTION_BATCH = env.int("RETENTION_BATCH", default=500)

# --- Internationalisation ---------------------------------------------------------------
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("Français")), ("en", _("Anglais"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

# --- Security (production values whenever DEBUG is off) ---------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"  # views meant for iframes (SCORM) opt in with xframe_options_sameorigin
SESSION_COOKIE_HTTPONLY = True
if not DEBUG and env.bool("SECURE_COOKIES", default=True):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# Hostile input (mentor/core/input_guard.py): JSON bodies deeper or larger than this are
# refused with a 400 before any view parses them.
INPUT_MAX_JSON_DEPTH = env.int("INPUT_MAX_JSON_DEPTH", default=64)
INPUT_MAX_JSON_BYTES = env.int("INPUT_MAX_JSON_BYTES", default=DATA_UPLOAD_MAX_MEMORY_SIZE)

# Content-Security-Policy (django-csp) on every page of the app origin; the SCORM content
# origin sets its own, stricter, per response. No 'unsafe-inline' anywhere: a <script> or
# <style> in a template carries nonce="{{ request.csp_nonce }}" (docs/security.md).
_s3_origin = ""
if env.str("AWS_STORAGE_BUCKET_NAME", default=""):
    _s3 = urlsplit(env.str("AWS_S3_ENDPOINT_URL", default="") or "https://s3.amazonaws.com")
    _s3_origin = f"{_s3.scheme}://*.{_s3.netloc} {_s3.scheme}://{_s3.netloc}"
CSP_REPORT_PATH = "/csp-report/"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", NONCE],
        "style-src": ["'self'", NONCE],
        "img-src": ["'self'", "data:", *_s3_origin.split()],
        "media-src": ["'self'", *_s3_origin.split()],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        # frame-src: the SCORM content origin, added per request (mentor.core.csp).
        "frame-ancestors": ["'none'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        # The ProConnect button posts here, then is redirected to the provider: its origin
        # is added per request (mentor.core.csp), as the provider may be configured late.
        "form-action": ["'self'"],
        "report-uri": [CSP_REPORT_PATH],
    },
}
# Reports: at most this many per client per minute are logged (the rest are dropped).
CSP_REPORTS_PER_MINUTE = env.int("CSP_REPORTS_PER_MINUTE", default=20)
# The public attestation verification: requests per client per minute.
ATTESTATION_VERIFY_PER_MINUTE = env.int("ATTESTATION_VERIFY_PER_MINUTE", default=30)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"once_per_interval": {"()": "mentor.core.logging.OncePerInterval"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        "console_throttled": {
            "class": "logging.StreamHandler",
            "filters": ["once_per_interval"],
        },
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        # Cache errors are ignored (misses); say so once in a while, not on every call.
        "django_redis": {"handlers": ["console_throttled"], "propagate": False},
        "mentor.core.tasks": {"handlers": ["console_throttled"], "propagate": False},
        "django.request": {"level": "ERROR"},
        "django.server": {"level": "INFO"},
        # WeasyPrint (the attestation PDF) and fontTools narrate each step at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
