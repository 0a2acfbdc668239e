"""Settings of the test suite (pytest's ``DJANGO_SETTINGS_MODULE``, see pyproject.toml):
the production module with the few choices that only tests make, all of them here.

Tests run with ``DEBUG`` off, as in production, except where noted.
"""

import os
import tempfile
from pathlib import Path

# A fixed key, for tests only: with DEBUG off, mentor.settings refuses to start without one.
os.environ.setdefault("SECRET_KEY", "mentor-tests-only-not-a-secret-" + "0" * 40)

from mentor.settings import *  # noqa: E402, F403
from mentor.settings import DATABASES, MIDDLEWARE, STORAGES  # noqa: E402

# Fast, deterministic hashing in tests only; production keeps Argon2id.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not the shared in-memory database: concurrency tests need real locking. In the
    # system's temporary folder, which exists: the suite creates no folder of its own.
    DATABASES["default"]["TEST"] = {
        "NAME": str(Path(tempfile.gettempdir()) / f"mentor-test-{os.getpid()}.sqlite3")
    }

# Static files straight from the finders (no collectstatic, no manifest), as with DEBUG on.
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
STATIC_ROOT = None  # nothing collected: whitenoise looks for no folder

# Plain HTTP test client and live server: no HTTPS redirect, HSTS or secure-only cookies.
SECURE_PROXY_SSL_HEADER = None
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = False
SECURE_HSTS_PRELOAD = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False

# The first-time guided tours cover the home page: the journeys of other features would
# meet them at every first sign-in. The help centre's tests turn them back on.
HELP_TOURS_AUTOSTART = False

# Counts the requests the live server is answering, so that the browser journeys wait for
# the last one before the database is emptied for the next test (tests/e2e/inflight.py).
MIDDLEWARE = ["tests.e2e.inflight.InFlightMiddleware", *MIDDLEWARE]
