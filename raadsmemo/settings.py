"""Settings for raadsmemo, read from environment variables with safe development defaults."""

import datetime as dt
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from whitenoise.compress import Compressor

from raadsmemo.storage import stored_files_storage
from raadsmemo.theme import theme_from_environment

BASE_DIR = Path(__file__).resolve().parent.parent

DEVELOPMENT_SECRET_KEY = "development-only-not-secret"  # noqa: S105


TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off"}


def env_bool(name: str, default: bool) -> bool:
    """A yes/no setting; a value that is neither (DEBUG=ture) stops the start, not guessed."""
    value = os.environ.get(name)
    if value is None or not value.strip():
        return default
    word = value.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(f"{name}={value!r} is no yes/no value: use 1/0, true/false, yes/no or on/off.")


def refuse_development_secret_key() -> None:
    """Production (DEBUG off) does not start with the development key. manage.py, wsgi.py and
    asgi.py call this at start; the test suite sets its own settings and never starts a server."""
    from django.conf import settings

    if not settings.DEBUG and settings.SECRET_KEY == DEVELOPMENT_SECRET_KEY:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Production (DEBUG off) refuses the development key; "
            "set SECRET_KEY, or DEBUG=1 for development."
        )


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", DEVELOPMENT_SECRET_KEY)

# The municipality's name, logo, colour and footer links (raadsmemo/theme.py).
RAADSMEMO_THEME = theme_from_environment(os.environ)
ALLOWED_HOSTS = [
    h.strip() for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h.strip()
]
CSRF_TRUSTED_ORIGINS = [o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()]

INSTALLED_APPS = [
    # The admin (/beheer/) is only for beheerders and superusers (raadsmemo.accounts.sites).
    "raadsmemo.accounts.apps.BeheerAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # SearchVectorField for the search index (raadsmemo/search); harmless on SQLite.
    "django.contrib.postgres",
    "django_htmx",
    "django_tasks_db",
    "axes",
    "mozilla_django_oidc",
    "simple_history",
    "raadsmemo.accounts",
    "raadsmemo.people",
    "raadsmemo.memos",
    "raadsmemo.meetings",
    "raadsmemo.publishing",
    "raadsmemo.lta",
    "raadsmemo.verzoeken",
    "raadsmemo.collegevoorstellen",
    "raadsmemo.api",
    "raadsmemo.search",
]

MIDDLEWARE = [
    # First: every log line of the request carries its id (raadsmemo/observability.py).
    "raadsmemo.observability.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "raadsmemo.middleware.PrivacyHeadersMiddleware",
    "raadsmemo.middleware.MalformedInputMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "raadsmemo.htmx.HtmxMessagesMiddleware",
    "raadsmemo.middleware.HtmxVaryMiddleware",
    "raadsmemo.accounts.middleware.LoginRedirectMiddleware",
    # Puts request.user on every historical record a request writes (raadsmemo.history).
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a lockout into our Dutch 429 page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "raadsmemo.urls"
WSGI_APPLICATION = "raadsmemo.wsgi.application"

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
                "raadsmemo.accounts.context_processors.roles",
                "raadsmemo.theme.theme",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# django-axes checks every login (ours, the admin's, a password check) before the password:
# too many failures for one account, or from one address, lock it for LOGIN_COOLOFF_MINUTES,
# and then even the right password is refused. A successful login starts the count afresh.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    # Single sign-on; does nothing unless OIDC_ENABLED (below).
    "raadsmemo.accounts.oidc.StaffOIDCBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "10"))
AXES_COOLOFF_TIME = dt.timedelta(minutes=int(os.environ.get("LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "raadsmemo.accounts.security.lockout_response"
AXES_HTTP_RESPONSE_CODE = 429
# Behind the TLS proxy (HTTPS=1) the client's address is the last one the proxy added.
AXES_CLIENT_IP_CALLABLE = "raadsmemo.accounts.security.client_ip"
# Our audit log (raadsmemo.audit) records every attempt already; axes keeps the counts only.
AXES_DISABLE_ACCESS_LOG = True
AXES_VERBOSE = False

# Optional single sign-on for staff through the municipality's OpenID Connect provider (Entra ID,
# Keycloak, ...): on when OIDC_RP_CLIENT_ID is set. OIDC_ROLE_GROUPS maps our roles to the IdP's
# group names ("griffie=grp-griffie,agendacommissie=grp-agendacommissie"); the group names come in
# the OIDC_GROUPS_CLAIM of the userinfo. docs/operations.md describes the registration.
OIDC_RP_CLIENT_ID = os.environ.get("OIDC_RP_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = os.environ.get("OIDC_RP_CLIENT_SECRET", "")
OIDC_ENABLED = bool(OIDC_RP_CLIENT_ID)
OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ.get("OIDC_OP_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = os.environ.get("OIDC_OP_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = os.environ.get("OIDC_OP_USER_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = os.environ.get("OIDC_OP_JWKS_ENDPOINT", "")
OIDC_RP_SIGN_ALGO = os.environ.get("OIDC_RP_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = os.environ.get("OIDC_RP_SCOPES", "openid email profile groups")
OIDC_GROUPS_CLAIM = os.environ.get("OIDC_GROUPS_CLAIM", "groups")
OIDC_ROLE_GROUPS = dict(
    pair.strip().split("=", 1)
    for pair in os.environ.get(
        "OIDC_ROLE_GROUPS", "griffie=griffie,agendacommissie=agendacommissie,raadslid=raadslid"
    ).split(",")
    if "=" in pair
)
OIDC_USE_PKCE = True
OIDC_TIMEOUT = 10
LOGIN_REDIRECT_URL_FAILURE = "/inloggen/?sso=mislukt"

# The cache: Redis when REDIS_URL is set (shared by every app server and worker), otherwise the
# memory of each process. The public page cache (raadsmemo/publishing/caching.py) needs a cache
# that all processes share, so it is on by default only with Redis; PUBLIC_PAGE_CACHE=1 turns it
# on for a single process (runserver), PUBLIC_PAGE_CACHE=0 turns it off.

REDIS_TIMEOUT_SECONDS = 1


def caches_from_environment(environ) -> dict:
    """CACHES: Redis at REDIS_URL when it is set, else the memory of each process."""
    redis_url = environ.get("REDIS_URL", "").strip()
    if not redis_url:
        return {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    return {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": redis_url,
            "KEY_PREFIX": "raadsmemo",
            # Redis answers within milliseconds; one that does not (gone from the network) should
            # hold a request a second, not redis-py's 5 s a try: the page is then rendered without
            # the cache (raadsmemo/publishing/caching.py).
            "OPTIONS": {
                "socket_connect_timeout": REDIS_TIMEOUT_SECONDS,
                "socket_timeout": REDIS_TIMEOUT_SECONDS,
            },
        }
    }


REDIS_URL = os.environ.get("REDIS_URL", "").strip()
CACHES = caches_from_environment(os.environ)
PUBLIC_PAGE_CACHE = env_bool("PUBLIC_PAGE_CACHE", bool(REDIS_URL))

# A session lasts a working day unless SESSION_HOURS says otherwise; then log in again.
SESSION_HOURS = float(os.environ.get("SESSION_HOURS", "9"))
SESSION_COOKIE_AGE = int(SESSION_HOURS * 60 * 60)
# The admin stays available for beheerders; ADMIN_ENABLED=0 removes it altogether.
ADMIN_ENABLED = env_bool("ADMIN_ENABLED", True)

# Content Security Policy: scripts and styles only from our own static files; no frames, no plugins, forms post only to us. Memo text is
# sanitised already; this is the second lock on the door.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    # No nonce: every script is a file of ours, and a cached public page must not depend on a
    # value that changes per response (raadsmemo/publishing/caching.py).
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

# Browser features no page of ours uses stay off, also for anything that might get injected.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
    )
)

# Dutch interface: "12 januari 2022", Amsterdam time.
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", "Nederlands")]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

# Uploads: a file is refused while it streams in once it passes FILE_UPLOAD_MAX_SIZE (our own
# setting, read by raadsmemo.uploads), so it is never read whole; files over
# FILE_UPLOAD_MAX_MEMORY_SIZE are spooled to a temporary file instead of memory. The form fields
# of one request (without files) may hold DATA_UPLOAD_MAX_MEMORY_SIZE bytes.
FILE_UPLOAD_MAX_SIZE = int(os.environ.get("FILE_UPLOAD_MAX_SIZE", 10 * 1024 * 1024))
FILE_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # 2.5 MB, Django's default, stated here on purpose
FILE_UPLOAD_HANDLERS = [
    "raadsmemo.uploads.SizeLimitedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# NL Design System CSS, design tokens and the font come from pinned npm packages and are
# served straight from node_modules (installed by `make run` / `make test`).
NODE_MODULES = BASE_DIR / "node_modules"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/utrecht", NODE_MODULES / "@utrecht/component-library-css/dist"),
    ("vendor/utrecht-tokens", NODE_MODULES / "@utrecht/design-tokens/dist"),
    ("vendor/source-sans-3/files", NODE_MODULES / "@fontsource/source-sans-3/files"),
    # Whole TrueType fonts for the PDF (publishing/pdf.py): Source Sans 3 and the DejaVu fallback.
    ("vendor/source-sans/TTF", NODE_MODULES / "source-sans/TTF"),
    ("vendor/dejavu/ttf", NODE_MODULES / "dejavu-fonts-ttf/ttf"),
    ("vendor/sortablejs", NODE_MODULES / "sortablejs"),
]
STATICFILES_FINDERS = [
    "raadsmemo.finders.TrimmedFileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
# Stored files (published memo and collegevoorstel versions, agenda and RIS packages, exports) go
# through Django's storage API: local files under MEDIA_ROOT by default, or an S3-compatible object
# store when AWS_STORAGE_BUCKET_NAME is set (with AWS_S3_ENDPOINT_URL, AWS_S3_REGION_NAME,
# AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_LOCATION, AWS_S3_ADDRESSING_STYLE; see
# raadsmemo/storage.py and docs/operations.md). They are never served from MEDIA_URL or from the
# bucket: views check access and send them (raadsmemo.publishing.serving). Back them up with the
# database.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": stored_files_storage(os.environ),
    "staticfiles": {
        "BACKEND": os.environ.get(
            "STATICFILES_STORAGE", "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG
# The TrueType fonts are read from disk by the PDF renderer, never sent to a browser (pages use
# WOFF2): compressing 8 MB of them took two thirds of collectstatic's time for nothing.
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = [*Compressor.SKIP_COMPRESS_EXTENSIONS, "ttf"]

# Production runs behind a reverse proxy that terminates TLS: HTTPS=1 makes cookies secure,
# redirects plain HTTP and trusts the proxy's X-Forwarded-Proto. HSTS_SECONDS once all is HTTPS.
HTTPS = env_bool("HTTPS", False)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
SECURE_HSTS_SECONDS = int(os.environ.get("HSTS_SECONDS", "0"))

# Background work (PDF bundles, reminders) runs through Django's tasks framework. The database
# backend keeps the queue in our own database; `make run` starts its worker (manage.py db_worker).
# Tests run tasks immediately, in the request (tests/conftest.py).
TASKS = {"default": {"BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}

# E-mail (the daily LTA reminders) goes through Django's mailers: printed to the console in
# development, sent over SMTP (EMAIL_HOST, EMAIL_PORT) otherwise. Tests use the locmem outbox.
MAILERS = {
    "default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}
    if DEBUG
    else {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": os.environ.get("EMAIL_HOST", "localhost"),
            "port": int(os.environ.get("EMAIL_PORT", "25")),
        },
    }
}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "raadsmemo@localhost")

# Agenda- and inspreekverzoeken (raadsmemo.verzoeken): personal data is removed this many days
# after the decision (or the meeting) by `manage.py verzoeken_opschonen`; asking to speak closes
# this many hours before the meeting; a public form takes this many submissions per address per hour.
VERZOEKEN_BEWAARTERMIJN_DAGEN = int(os.environ.get("VERZOEKEN_BEWAARTERMIJN_DAGEN", "365"))
INSPREKEN_CLOSES_HOURS = int(os.environ.get("INSPREKEN_CLOSES_HOURS", "24"))
VERZOEKEN_RATE_LIMIT = int(os.environ.get("VERZOEKEN_RATE_LIMIT", "5"))

# The organisation that publishes, by its TOOI code (https://identifier.overheid.nl/tooi/id/gemeente/
# <code>): the Woo sitemap (DiWoo publisher), the RIS package (MDTO archiefvormer) and open data.
# gm0014 is the gemeente Groningen.
RAADSMEMO_TOOI_ORGANISATIE = os.environ.get("RAADSMEMO_TOOI_ORGANISATIE", "gm0014")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Every line is one JSON object with the request's id (raadsmemo/observability.py); audit lines
    # are JSON already (raadsmemo.accounts.audit) and only get that id added.
    "filters": {"request_id": {"()": "raadsmemo.observability.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "raadsmemo.observability.JsonFormatter"},
        "bare": {"format": "%(message)s"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "json", "filters": ["request_id"]},
        "audit": {"class": "logging.StreamHandler", "formatter": "bare"},
    },
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        # Django's own lines (a 500's traceback, refused requests) as JSON too, once.
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        # Security events: logins, failures, lockouts, role changes, publication, exports.
        "raadsmemo.audit": {"handlers": ["audit"], "level": "INFO", "propagate": False},
        # WeasyPrint logs each refused fetch; that is expected for hostile memo text.
        "weasyprint": {"handlers": ["console"], "level": "ERROR"},
    },
}
