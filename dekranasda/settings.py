"""Settings for the Dekranasda catalogue, read from the environment.

Every variable has a safe local default; production differs only by environment
(see the table in README.md).
"""

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default):
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def origin_of(url):
    """Return the scheme and host of an absolute URL, "" for a path."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


def tile_origin(url):
    """Return the origin map tiles load from; a {s} subdomain becomes the CSP wildcard."""
    origin = origin_of(url.replace("{s}", "s"))
    return origin.replace("://s.", "://*.", 1) if "://{s}." in url else origin


DEBUG = env_bool("DJANGO_DEBUG", True)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off.")
    # Only for local development: never used when debug is off.
    SECRET_KEY = "insecure-local-development-key-do-not-use-in-production"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    # modeltranslation must come before django.contrib.admin.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django.contrib.sitemaps",
    "django_filters",
    "simple_history",
    "ninja",
    "csp",
    "axes",
    "catalogue",
    "galleries",
    "dekranasda",
    "council",
    "api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Records who made each change in the history of catalogue and gallery records.
    "simple_history.middleware.HistoryRequestMiddleware",
    "api.middleware.ApiMiddleware",
    # Last, as django-axes asks; then the per-address limits of the API and search.
    "axes.middleware.AxesMiddleware",
    "dekranasda.security.RateLimitMiddleware",
]

ROOT_URLCONF = "dekranasda.urls"
WSGI_APPLICATION = "dekranasda.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "dekranasda.context_processors.council",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
# Redis is a cache, not a dependency: when it is down or stops answering, cache calls
# give up after REDIS_TIMEOUT seconds, answer "nothing stored", and Redis is not asked
# again for REDIS_RETRY_SECONDS (dekranasda/redis_cache.py). Pages render from the
# database meanwhile.
REDIS_TIMEOUT = float(os.environ.get("REDIS_TIMEOUT", "0.5"))
REDIS_RETRY_SECONDS = float(os.environ.get("REDIS_RETRY_SECONDS", "5"))
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("DJANGO_CACHE_PREFIX", "dekranasda"),
            "OPTIONS": {
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": REDIS_TIMEOUT,
                "SOCKET_TIMEOUT": REDIS_TIMEOUT,
                "REDIS_CLIENT_CLASS": "dekranasda.redis_cache.FailFastRedis",
            },
        }
    }
    # Sessions (staff only) are read from Redis and written through to the database,
    # so a Redis restart logs nobody out, and without Redis they are read from the database.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    # Each process has its own memory cache: fine for one process, not shared between
    # app servers, so whole-page caching stays off below unless asked for.
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    SESSION_ENGINE = "django.contrib.sessions.backends.db"

# Whole public pages for anonymous visitors (dekranasda/caching.py): kept at most this
# long, and dropped at once by every app server when the content changes.
PAGE_CACHE_SECONDS = int(os.environ.get("DJANGO_PAGE_CACHE_SECONDS", "600" if REDIS_URL else "0"))
# Pages that say whether a gallery is open now are kept within slices of this length.
PAGE_CACHE_CLOCK_SECONDS = max(1, int(os.environ.get("DJANGO_PAGE_CACHE_CLOCK_SECONDS", "300")))

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

FORMS_URLFIELD_ASSUME_HTTPS = True
WHITENOISE_USE_FINDERS = DEBUG

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

MODELTRANSLATION_DEFAULT_LANGUAGE = "id"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("id",)

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = os.environ.get("DJANGO_MEDIA_URL", "/media/")
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Archives written by `manage.py backup` (docs/backups.md).
BACKUP_DIR = Path(os.environ.get("DJANGO_BACKUP_DIR", BASE_DIR / "backups"))
MEDIA_S3_BUCKET = os.environ.get("DJANGO_MEDIA_S3_BUCKET", "")
if MEDIA_S3_BUCKET:
    # Photos in an S3-compatible bucket (AWS, MinIO, Wasabi…), shared by every app server.
    # Keys left empty fall back to boto3's own chain (AWS_* variables, instance role).
    MEDIA_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": MEDIA_S3_BUCKET,
            "endpoint_url": os.environ.get("DJANGO_MEDIA_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("DJANGO_MEDIA_S3_REGION") or None,
            "access_key": os.environ.get("DJANGO_MEDIA_S3_ACCESS_KEY_ID") or None,
            "secret_key": os.environ.get("DJANGO_MEDIA_S3_SECRET_ACCESS_KEY") or None,
            "custom_domain": os.environ.get("DJANGO_MEDIA_S3_CUSTOM_DOMAIN") or None,
            "location": os.environ.get("DJANGO_MEDIA_S3_PREFIX", "media").strip("/"),
            "addressing_style": os.environ.get("DJANGO_MEDIA_S3_ADDRESSING_STYLE") or None,
            # Photos are public: plain URLs, which cached pages can keep.
            "querystring_auth": env_bool("DJANGO_MEDIA_S3_QUERYSTRING_AUTH", False),
            # Two photos named foto.jpg must not overwrite each other.
            "file_overwrite": False,
            "default_acl": os.environ.get("DJANGO_MEDIA_S3_ACL") or None,
            "object_parameters": {"CacheControl": "public, max-age=604800"},
        },
    }
else:
    MEDIA_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": MEDIA_STORAGE,
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Uploads: a photo from a phone camera fits easily; anything larger is refused.
IMAGE_MAX_BYTES = int(os.environ.get("DJANGO_IMAGE_MAX_BYTES", 10 * 1024 * 1024))
# Checking and storing the largest accepted photo takes about 300 MB of a worker's
# memory (a PNG with transparency; WebP is allowed half as many pixels, as it costs twice
# as much). Raise this only with the workers' memory.
IMAGE_MAX_PIXELS = int(os.environ.get("DJANGO_IMAGE_MAX_PIXELS", 40_000_000))
DATA_UPLOAD_MAX_MEMORY_SIZE = IMAGE_MAX_BYTES + 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# A ZIP of product photos: caps on the upload, its unpacked size and its file count.
PHOTO_ZIP_MAX_BYTES = int(os.environ.get("DJANGO_PHOTO_ZIP_MAX_BYTES", 200 * 1024 * 1024))
PHOTO_ZIP_MAX_UNPACKED_BYTES = int(
    os.environ.get("DJANGO_PHOTO_ZIP_MAX_UNPACKED_BYTES", 500 * 1024 * 1024)
)
PHOTO_ZIP_MAX_FILES = int(os.environ.get("DJANGO_PHOTO_ZIP_MAX_FILES", 500))
# Products in one printable catalogue. The PDF is built in the worker's memory before
# it is sent: up to about 170 kB a product with its photo (500: under 100 MB more).
CATALOGUE_PDF_MAX_PRODUCTS = int(os.environ.get("DJANGO_CATALOGUE_PDF_MAX_PRODUCTS", 500))

# The council this instance serves. Another council changes these, not the code.
COUNCIL = {
    "name": os.environ.get("COUNCIL_NAME", "Dekranasda Kabupaten Mojokerto"),
    "short_name": os.environ.get("COUNCIL_SHORT_NAME", "Dekranasda Mojokerto"),
    "region": os.environ.get("COUNCIL_REGION", "Kabupaten Mojokerto"),
    "province": os.environ.get("COUNCIL_PROVINCE", "Jawa Timur"),
    "primary_color": os.environ.get("COUNCIL_PRIMARY_COLOR", "#7a2e1d"),
    "accent_color": os.environ.get("COUNCIL_ACCENT_COLOR", "#b8860b"),
    "email": os.environ.get("COUNCIL_EMAIL", ""),
    "phone": os.environ.get("COUNCIL_PHONE", ""),
}

# ---------------------------------------------------------------------------
# Security: HTTPS, cookies, headers, Content-Security-Policy, login throttling,
# rate limits. What each protects and how to configure it: docs/security.md.
# ---------------------------------------------------------------------------
# Behind a proxy that ends TLS, Django sees plain HTTP: trust its X-Forwarded-Proto
# only when told to, or anyone could claim HTTPS.
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("DJANGO_BEHIND_HTTPS_PROXY", False) else None
)
# How many proxies in front append to X-Forwarded-For; 0 means the client is REMOTE_ADDR.
# Login throttling and rate limits count per client address (dekranasda/security.py).
PROXY_COUNT = int(os.environ.get("DJANGO_PROXY_COUNT", "0"))
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
# Load balancers probe the health check over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
LANGUAGE_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
# No script of ours reads the CSRF cookie: forms carry the token.
CSRF_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", False)
if not SECURE_HSTS_PRELOAD:
    # Preloading binds the whole domain (often a shared .go.id one) into browsers for
    # years: an operator's explicit choice, not a default worth a deploy warning.
    SILENCED_SYSTEM_CHECKS = ["security.W021"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# One JSON object per line on stdout (dekranasda/logs.py), as log collectors read them;
# readable text while developing.
LOG_FORMAT = os.environ.get("DJANGO_LOG_FORMAT", "text" if DEBUG else "json")

# Map tiles, in Leaflet's URL template ({z}/{x}/{y}, {s} for a subdomain). The
# attribution is HTML, shown on the map; empty: the OpenStreetMap credit.
MAP_TILE_URL = os.environ.get(
    "DJANGO_MAP_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
)
MAP_ATTRIBUTION = os.environ.get("DJANGO_MAP_ATTRIBUTION", "")
if not tile_origin(MAP_TILE_URL):
    raise ImproperlyConfigured("DJANGO_MAP_TILE_URL must be an absolute URL.")

# Scripts and styles only from our own origin or with the per-response nonce
# (templates write nonce="{{ request.csp_nonce }}"); never 'unsafe-inline'.
# Map tiles come from the tile server; media may live on another origin (S3).
CSP_IMG_SOURCES = [
    SELF,
    "data:",
    tile_origin(MAP_TILE_URL),
    *([origin_of(MEDIA_URL)] if origin_of(MEDIA_URL) else []),
    *env_list("DJANGO_CSP_IMG_SRC", ""),
]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": CSP_IMG_SOURCES,
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# The back office's address: moving it off /admin/ spares it most scripted attacks.
ADMIN_PATH = os.environ.get("DJANGO_ADMIN_PATH", "admin/").strip("/") + "/"

# Admin login throttling (django-axes): after DJANGO_LOGIN_FAILURE_LIMIT failed
# logins to one account from one client address, that account may not log in from that
# address for the cool-off. Counting per address alone would let one person's typos (or
# one attacker) lock out every colleague behind the same office or mobile network address.
AXES_FAILURE_LIMIT = int(os.environ.get("DJANGO_LOGIN_FAILURE_LIMIT", "5"))
# 0 minutes: locked until staff delete the attempts in the admin (Akses gagal).
AXES_COOLOFF_TIME = (
    timedelta(minutes=int(os.environ.get("DJANGO_LOGIN_COOLOFF_MINUTES", "30"))) or None
)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# Our own reading of X-Forwarded-For, not django-ipware's: with a proxy count, ipware
# either trusts an entry the client wrote itself or (strict) puts every client that
# arrives with a forwarded chain under the proxy's address.
AXES_CLIENT_IP_CALLABLE = "dekranasda.security.client_ip"
# No "AXES: BEGIN …" banner on every manage.py command.
AXES_VERBOSE = False
AXES_LOCKOUT_CALLABLE = "dekranasda.security.login_locked_out"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Requests per client address per window for the JSON API (and CSV), for
# catalogue searches and for printable PDFs (catalogues and buyer sheets, each a
# few seconds of a worker); 0 turns a limit off. Counted in the cache: shared with Redis.
RATE_LIMITS = {
    "api": int(os.environ.get("DJANGO_RATE_LIMIT_API", "120")),
    "search": int(os.environ.get("DJANGO_RATE_LIMIT_SEARCH", "30")),
    "pdf": int(os.environ.get("DJANGO_RATE_LIMIT_PDF", "10")),
}
RATE_LIMIT_WINDOW = int(os.environ.get("DJANGO_RATE_LIMIT_WINDOW", "60"))
# ---------------------------------------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "dekranasda.logs.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "json" if LOG_FORMAT == "json" else "text",
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
}
