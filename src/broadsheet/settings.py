"""Broadsheet's one settings module. Every knob is an environment variable; see docs/configure.md."""

from __future__ import annotations

import ipaddress
from pathlib import Path
from typing import Any

import dj_database_url
from django.utils.translation import gettext_lazy as _

from broadsheet.env import ConfigError, env_bool, env_int, env_list, env_path, env_str

PACKAGE_DIR = Path(__file__).resolve().parent

# All state (the SQLite database and every stored file) lives under one folder.
DATA_DIR = env_path("BROADSHEET_DATA_DIR", "./data")

DEBUG = env_bool("BROADSHEET_DEBUG", False)
SECRET_KEY = env_str("BROADSHEET_SECRET_KEY", "")
if not SECRET_KEY:
    # A per-data-dir key, made once, so a demo or test run needs no configuration and
    # sessions survive restarts; production sets BROADSHEET_SECRET_KEY.
    from broadsheet.secret import data_dir_key

    SECRET_KEY = data_dir_key(DATA_DIR / "secret.key")
ALLOWED_HOSTS = env_list("BROADSHEET_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("BROADSHEET_CSRF_TRUSTED_ORIGINS", [])
# Proxies whose X-Forwarded-For is believed (the sign-in throttle's client address).
try:
    TRUSTED_PROXIES = [
        ipaddress.ip_network(value, strict=False)
        for value in env_list("BROADSHEET_TRUSTED_PROXIES", [])
    ]
except ValueError as exc:
    raise ConfigError(f"BROADSHEET_TRUSTED_PROXIES: {exc}") from exc

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",  # its sitemap templates (broadsheet.reader.sitemaps)
    "csp",
    "django_tasks",
    # Before django_tasks_db: its `db_worker` command (with leases) replaces theirs.
    "broadsheet.worker",
    "django_tasks_db",
    "broadsheet.newspaper",
    "broadsheet.ingest",
    "broadsheet.search",
    "broadsheet.reader",
    "broadsheet.access",
    "broadsheet.desk",
    "broadsheet.staticsite",  # `broadsheet export-static` (docs/static.md)
    "broadsheet.ocrtext",  # OCR of scanned pages (docs/ocr.md)
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # The Content-Security-Policy on every page, cached ones included (before the front cache).
    "csp.middleware.CSPMiddleware",
    # Range requests (206) on page PDFs and images, and HEAD without a body, through any server.
    "broadsheet.http.FileRangesMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "broadsheet.compression.TextGZipMiddleware",
    "broadsheet.reader.fastcache.FrontCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "broadsheet.access.middleware.AccessMiddleware",
]

ROOT_URLCONF = "broadsheet.urls"
WSGI_APPLICATION = "broadsheet.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    }
]

_sqlite_path = DATA_DIR / "broadsheet.sqlite3"
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{_sqlite_path}"), conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Hardened SQLite: wait for locks instead of failing, take the write lock at BEGIN
    # so two writers never deadlock, and write-ahead logging so readers never block.
    # Persistent connections: opening SQLite and running the pragmas per request cost more
    # than the reader's queries themselves.
    DATABASES["default"]["CONN_MAX_AGE"] = 600
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Production behind an HTTPS proxy (docs/configure.md). BROADSHEET_PROXY_SSL_HEADER names the
# header the proxy sets to "https" (X-Forwarded-Proto); BROADSHEET_HTTPS=1 redirects to HTTPS,
# marks cookies secure and sends HSTS.
_proxy_header = env_str("BROADSHEET_PROXY_SSL_HEADER", "").strip()
if _proxy_header:
    SECURE_PROXY_SSL_HEADER = ("HTTP_" + _proxy_header.upper().replace("-", "_"), "https")
HTTPS = env_bool("BROADSHEET_HTTPS", False)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = LANGUAGE_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = env_int("BROADSHEET_HSTS_SECONDS", 31536000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("BROADSHEET_HSTS_INCLUDE_SUBDOMAINS", HTTPS)
SECURE_HSTS_PRELOAD = env_bool("BROADSHEET_HSTS_PRELOAD", HTTPS)
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True  # the desk's scripts read the token from the page's form
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (django-csp). No page has an inline script or event handler: every
# script is a static file, so 'self' is the whole script policy (nonces would not do: the
# reader's pages are cached, and a cached nonce is no nonce). Styles allow 'unsafe-inline' for
# the style attributes that carry a page's aspect ratio and the zoom's transforms (no script
# can run from a style).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = env_str("BROADSHEET_TIME_ZONE", "Asia/Shanghai")

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
# Stored files: DATA_DIR/files, or an S3 bucket when BROADSHEET_S3_BUCKET is set (docs/storage.md).
from broadsheet.storage import default_storage_setting, s3_config  # noqa: E402

BROADSHEET_S3 = s3_config()
BROADSHEET_S3_SIGNED_URL_SECONDS = BROADSHEET_S3.signed_url_seconds if BROADSHEET_S3 else 300
if BROADSHEET_S3 is not None:
    # Restricted images are answered with a redirect to a signed URL on the bucket's host.
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"].append(BROADSHEET_S3.origin())
STORAGES = {
    "default": default_storage_setting(DATA_DIR, BROADSHEET_S3),
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        ),
    },
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# Several app servers (docs/scale-out.md): BROADSHEET_REDIS_URL puts the cache (the front
# cache, rendered pages), the sessions (cached_db: read from Redis, written through to the
# database) and the sign-in throttle in one Redis that every server shares. Without it the
# cache is per process, which is right for one server.
REDIS_URL = env_str("BROADSHEET_REDIS_URL", "").strip()
CACHES: dict[str, dict[str, Any]]
if REDIS_URL:
    if not REDIS_URL.startswith(("redis://", "rediss://", "unix://")):
        raise ConfigError(
            f"BROADSHEET_REDIS_URL={REDIS_URL!r} is not a Redis URL"
            " (redis://host:6379/0, rediss://… or unix:///path/redis.sock)"
        )
    if not env_str("BROADSHEET_SECRET_KEY", ""):
        # A key made per data folder differs between servers: a session signed in on one
        # would be signed out on the next.
        raise ConfigError(
            "BROADSHEET_REDIS_URL is set (several app servers): set BROADSHEET_SECRET_KEY too,"
            " the same on every server"
        )
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "broadsheet",
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 2000},
        }
    }

# A background worker renews its lease every third of this; a job whose worker has not renewed
# for this long runs again on a live worker.
BROADSHEET_WORKER_LEASE_SECONDS = env_int("BROADSHEET_WORKER_LEASE_SECONDS", 30, minimum=1)

TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
    }
}

# Ingest limits: an upload beyond these is refused before anything is stored.
BROADSHEET_MAX_PDF_MB = env_int("BROADSHEET_MAX_PDF_MB", 200, minimum=1)
BROADSHEET_MAX_PAGES = env_int("BROADSHEET_MAX_PAGES", 400, minimum=1)
# Largest page side accepted, in PDF points (a broadsheet is about 1,700 pt tall; this allows
# a double-page spread with margin).
BROADSHEET_MAX_PAGE_POINTS = env_int("BROADSHEET_MAX_PAGE_POINTS", 3000, minimum=100)
BROADSHEET_PAGE_IMAGE_WIDTH = env_int("BROADSHEET_PAGE_IMAGE_WIDTH", 1600, minimum=200)
BROADSHEET_THUMB_WIDTH = env_int("BROADSHEET_THUMB_WIDTH", 240, minimum=50)
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# Accounts (the desk and registered readers): Django's auth views under /accounts/; e-mail for
# password resets goes to the console unless BROADSHEET_EMAIL_BACKEND says otherwise.
LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/desk/"
LOGOUT_REDIRECT_URL = "/accounts/login/"
EMAIL_BACKEND = env_str(
    "BROADSHEET_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = env_str("BROADSHEET_FROM_EMAIL", "broadsheet@localhost")
# Shared secret of the subscription API (docs/access.md); empty turns the API off.
BROADSHEET_SUBSCRIPTION_API_TOKEN = env_str("BROADSHEET_SUBSCRIPTION_API_TOKEN", "")

SEARCH_BACKEND = env_str("BROADSHEET_SEARCH_BACKEND", "auto")
# How long a page of search results is kept (replicated backend only; 0: never kept).
BROADSHEET_SEARCH_CACHE_SECONDS = env_int("BROADSHEET_SEARCH_CACHE_SECONDS", 300, minimum=0)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("BROADSHEET_LOG_LEVEL", "WARNING")},
}
