"""One settings module, driven by the environment.

Locally nothing needs to be set: SQLite in the project folder, DEBUG on. Production sets
DATABASE_URL, SECRET_KEY, ALLOWED_HOSTS, REDIS_URL and DEBUG=0 (see docs/deploy.md).
"""

import ipaddress
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


TRUE_WORDS = frozenset({"1", "true", "yes", "on"})
FALSE_WORDS = frozenset({"0", "false", "no", "off"})


def env_bool(name: str, default: bool) -> bool:
    """A yes/no setting. Unset or empty: the default. Anything but the words below is an error
    naming the variable: a typo (`ture`) must not silently open what the setting closes."""
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return default
    if value in TRUE_WORDS:
        return True
    if value in FALSE_WORDS:
        return False
    words = ", ".join(sorted(TRUE_WORDS | FALSE_WORDS))
    raise ImproperlyConfigured(
        f"{name}={os.environ[name]!r} is not a yes/no value; use one of: {words}."
    )


def env_int(name: str, default: int) -> int:
    """A whole number setting (seconds, bytes). Unset or empty: the default; anything else that
    is not a whole number >= 0 is an error naming the variable."""
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    if not value.isdigit():
        raise ImproperlyConfigured(f"{name}={value!r} is not a whole number >= 0.")
    return int(value)


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)
# Only for a developer's machine: `check --deploy` fails on it (centres/checks.py), and with
# DEBUG off the site does not start without a SECRET_KEY of its own.
DEVELOPMENT_SECRET_KEY = "insecure-local-development-key-do-not-use-in-production"
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = DEVELOPMENT_SECRET_KEY
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",  # sitemap.xml (centres/seo.py)
    "django.contrib.postgres",  # search lookups; harmless on SQLite
    "django_filters",
    "simple_history",
    "import_export",
    "axes",
    # Optional two-factor login for staff (STAFF_TWO_FACTOR below): always installed, so the
    # tables exist whether it is on or off.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "centres",
]

MIDDLEWARE = [
    # /livez/ and /healthz/ for the platform's checks, before Host validation (docs/deploy.md),
    # and before the request log, which they would fill every few seconds.
    "centres.availability.HealthCheckMiddleware",
    # One log line per request with its id (centres/logs.py).
    "centres.logs.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy (SECURE_CSP below) and Permissions-Policy on every response.
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "centres.headers.PermissionsPolicyMiddleware",
    # Bodies larger than MAX_REQUEST_BODY_BYTES get 413 before they are read.
    "centres.availability.RequestBodyLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages compressed (a list page's HTML: ~30 KB to ~6 KB); static files are served already
    # compressed by WhiteNoise above. Django's GZipMiddleware pads its output against BREACH.
    "django.middleware.gzip.GZipMiddleware",
    # Public pages for anonymous visitors from the shared cache, before sessions, CSRF and
    # authentication: a hit touches neither the database nor a session (docs/caching.md).
    "centres.pagecache.PageCacheMiddleware",
    # With a read replica: anonymous reads from it, staff and writes from the primary
    # (centres/routers.py). Nothing without DATABASE_REPLICA_URL.
    "centres.routers.ReadReplicaMiddleware",
    # A database that is down or hangs: the friendly 503 page instead of a 500.
    "centres.availability.DatabaseUnavailableMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The language comes from the URL only: /en/… is English, everything else German, whatever
    # the browser's Accept-Language says (i18n_patterns with prefix_default_language=False in
    # stadtteilzentren/urls.py; docs/languages.md). After sessions and before CommonMiddleware,
    # as Django documents, so /en/zentren (no slash) is redirected within English. Django's
    # LocaleMiddleware, minus a `Vary: Accept-Language` that is not true here (centres/languages.py).
    "centres.languages.UrlLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): whether the login was confirmed by a code (STAFF_TWO_FACTOR).
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Records the user of each change in the objects' history.
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a lockout raised during login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

# django-axes first, so a locked-out username/address is refused before the password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "stadtteilzentren.urls"
# Where the staff admin lives (`admin/` → /admin/). Another path does not secure anything by
# itself, but keeps the scanners that try /admin/ away from the login and its lockout.
ADMIN_PATH = os.environ.get("ADMIN_PATH", "admin/").strip().strip("/") + "/"
if ADMIN_PATH == "/" or not all(
    part.isascii() and part.replace("-", "").replace("_", "").isalnum()
    for part in ADMIN_PATH.strip("/").split("/")
):
    raise ImproperlyConfigured(
        f"ADMIN_PATH={os.environ.get('ADMIN_PATH')!r}: use letters, digits, - and _ (e.g. verwaltung/)."
    )
WSGI_APPLICATION = "stadtteilzentren.wsgi.application"

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
            ],
        },
    },
]

# A silent or overloaded database must not hold a worker: connecting gives up after
# DATABASE_CONNECT_TIMEOUT seconds, a statement after DATABASE_STATEMENT_TIMEOUT seconds (0: no
# limit, for long migrations), and the page answers 503 (centres/availability.py).
DATABASE_CONNECT_TIMEOUT = env_int("DATABASE_CONNECT_TIMEOUT", 3)
DATABASE_STATEMENT_TIMEOUT = env_int("DATABASE_STATEMENT_TIMEOUT", 5)
# DATABASE_POOL=N (PostgreSQL): psycopg 3's connection pool of at most N connections per
# process instead of one persistent connection per worker thread (0: off, the default).
# docs/performance.md compares both; with gunicorn's sync workers they perform alike.
DATABASE_POOL = env_int("DATABASE_POOL", 0)


def database_config(
    url: str, *, connect_timeout: int, statement_timeout: int, pool: int = 0
) -> dict:
    """A DATABASES entry for a URL: sqlite:///… or postgres://…

    PostgreSQL runs through psycopg 3 with persistent connections, health checks and the
    timeouts; its backend (centres/postgresql/) adds a client-side deadline for a server that
    stops answering on an established connection, where the server's own timeouts cannot help.
    The server cancels a statement after `statement_timeout`; a server gone from the network is
    noticed by the kernel after `tcp_user_timeout` of unacknowledged data, and idle persistent
    connections are probed by keepalives. libpq counts a connect timeout of at least 2 s.
    """
    database = dj_database_url.parse(url, conn_max_age=600, conn_health_checks=True)
    if database["ENGINE"] == "django.db.backends.sqlite3":
        # Persistent connections buy nothing on SQLite and keep the file locked in tests.
        database["CONN_MAX_AGE"] = 0
    if database["ENGINE"] == "django.db.backends.postgresql":
        database["ENGINE"] = "centres.postgresql"
        database["OPTIONS"] = {
            "connect_timeout": connect_timeout,
            # No JIT compilation: it spent up to 300 ms compiling a larger list query that
            # runs in less than that (docs/performance.md, "Cheap cache misses").
            "options": f"-c statement_timeout={statement_timeout * 1000} -c jit=off",
            "keepalives": 1,
            "keepalives_idle": 30,
            "keepalives_interval": 5,
            "keepalives_count": 3,
            "tcp_user_timeout": connect_timeout * 1000,
            **database.get("OPTIONS", {}),  # what the URL says (?sslmode=…) wins
        }
        if pool:
            # Django's pooling replaces persistent connections (it refuses both at once).
            database["CONN_MAX_AGE"] = 0
            database["CONN_HEALTH_CHECKS"] = False
            database["OPTIONS"]["pool"] = {
                "min_size": 1,
                "max_size": pool,
                "timeout": connect_timeout,
            }
    return database


# No (or an empty) DATABASE_URL: a SQLite file in the project folder, so a first run needs no
# server.
DATABASES = {
    "default": database_config(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        connect_timeout=DATABASE_CONNECT_TIMEOUT,
        statement_timeout=DATABASE_STATEMENT_TIMEOUT,
        pool=DATABASE_POOL,
    )
}
# A read replica (docs/deploy.md, "Beyond one machine"): with DATABASE_REPLICA_URL set,
# anonymous GET/HEAD requests read from it; writes, the admin, logged-in staff, commands and
# migrations use the primary (centres/routers.py).
DATABASE_REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL", "")
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = database_config(
        DATABASE_REPLICA_URL,
        connect_timeout=DATABASE_CONNECT_TIMEOUT,
        statement_timeout=DATABASE_STATEMENT_TIMEOUT,
    )
    DATABASE_ROUTERS = ["centres.routers.PrimaryReplicaRouter"]

# Sessions in the database every app server shares: any instance answers any request, and a
# restart logs no one out (docs/deploy.md). Django's default, said here on purpose.
SESSION_ENGINE = "django.contrib.sessions.backends.db"


REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "centres.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "stz",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# The page cache (centres/pagecache.py, docs/caching.md). Pages are keyed by the data version,
# so they are never stale; these only say how long unused entries stay, how long browsers and
# proxies may keep a page before they revalidate it (ETag, 304), and the slot length of pages
# that depend on the time of day ("jetzt geöffnet"). PAGE_CACHE_RELEASE is mixed into every key
# on top of the fingerprint of the code and templates.
# On by default only with Redis: the data version must be shared by every process that writes
# (each gunicorn worker, `manage.py` commands), which a per-process memory cache is not.
PAGE_CACHE_ENABLED = env_bool("PAGE_CACHE_ENABLED", bool(REDIS_URL))
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 3600)
PAGE_CACHE_MAX_AGE = env_int("PAGE_CACHE_MAX_AGE", 60)
PAGE_CACHE_CLOCK_MINUTES = env_int("PAGE_CACHE_CLOCK_MINUTES", 5)
if PAGE_CACHE_CLOCK_MINUTES not in {1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30, 60}:
    raise ImproperlyConfigured(
        f"PAGE_CACHE_CLOCK_MINUTES={PAGE_CACHE_CLOCK_MINUTES}: use a divisor of 60 (e.g. 5 or 15)."
    )
PAGE_CACHE_RELEASE = os.environ.get("PAGE_CACHE_RELEASE", "")

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# German is the language of the site and of its content; the public pages are also in English
# under /en/ (docs/languages.md). The names are each language's own, as a switcher shows them.
LANGUAGE_CODE = "de"
LANGUAGES = [("de", "Deutsch"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# Where collectstatic puts the files WhiteNoise serves (an image build, a test run may choose).
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT") or BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Uploaded photos: on the local disk (MEDIA_ROOT), or with AWS_STORAGE_BUCKET_NAME set in an
# S3-compatible object storage that every app server shares (django-storages; docs/deploy.md).
# The credentials are boto3's own variables (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY).
AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME", "").strip()
S3_ENDPOINT_URL = os.environ.get("S3_ENDPOINT_URL", "").strip().rstrip("/")
AWS_S3_REGION_NAME = os.environ.get("AWS_S3_REGION_NAME", "").strip()
AWS_S3_CUSTOM_DOMAIN = os.environ.get("AWS_S3_CUSTOM_DOMAIN", "").strip().strip("/")
if AWS_STORAGE_BUCKET_NAME:
    MEDIA_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": S3_ENDPOINT_URL or None,
            "region_name": AWS_S3_REGION_NAME or None,
            "custom_domain": AWS_S3_CUSTOM_DOMAIN or None,
            # Another S3 service (MinIO, Ceph, a cloud's own) addresses buckets by path.
            "addressing_style": "path" if S3_ENDPOINT_URL else None,
            "location": os.environ.get("AWS_LOCATION", "media").strip("/"),
            # Photos are public: plain, cacheable addresses instead of signed ones that expire
            # inside cached pages. The bucket (or its CDN) must allow public reads.
            "querystring_auth": False,
            # A new upload never replaces another's file of the same name, as on disk.
            "file_overwrite": False,
        },
    }
    # Where the photos' addresses point, for the Content-Security-Policy's img-src. AWS
    # itself answers at the bucket's global name and, for a region, at its regional one.
    if AWS_S3_CUSTOM_DOMAIN:
        MEDIA_ORIGINS = [f"https://{AWS_S3_CUSTOM_DOMAIN.split('/')[0]}"]
    elif S3_ENDPOINT_URL:
        MEDIA_ORIGINS = ["/".join(S3_ENDPOINT_URL.split("/")[:3])]
    else:
        MEDIA_ORIGINS = [f"https://{AWS_STORAGE_BUCKET_NAME}.s3.amazonaws.com"]
        if AWS_S3_REGION_NAME:
            MEDIA_ORIGINS.append(
                f"https://{AWS_STORAGE_BUCKET_NAME}.s3.{AWS_S3_REGION_NAME}.amazonaws.com"
            )
else:
    MEDIA_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    MEDIA_ORIGINS = []
STORAGES = {
    "default": MEDIA_STORAGE,
    "staticfiles": {
        # Hashed, compressed names; with DEBUG on, Django serves the plain names unhashed.
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# HTTPS (docs/deploy.md, "HTTPS and the proxy"): on in production, off on a developer's machine.
# TLS ends at the proxy, which says so in X-Forwarded-Proto; Django then redirects plain HTTP to
# HTTPS and sends HSTS. The platform's health checks may use plain HTTP inside the network.
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if not DEBUG else None
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz/$", r"^livez/$"]
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 365 * 24 * 3600)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# Logs go to standard error: JSON lines (one per request, with its id; centres/logs.py) unless
# LOG_FORMAT=text, the default while DEBUG is on.
LOG_FORMAT = os.environ.get("LOG_FORMAT", "text" if DEBUG else "json").strip().lower()
if LOG_FORMAT not in {"json", "text"}:
    raise ImproperlyConfigured(f"LOG_FORMAT={LOG_FORMAT!r}: use json or text.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        # A request with a Host not in ALLOWED_HOSTS is a scanner's, not a fault of the site:
        # one WARNING line per host, no traceback (it was an ERROR with a traceback each time).
        "disallowed_host_once": {"()": "centres.logs.DisallowedHostOncePerHost"},
        "request_id": {"()": "centres.logs.RequestIdFilter"},
    },
    "formatters": {
        "json": {"()": "centres.logs.JsonFormatter"},
        "text": {"format": "%(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.security.DisallowedHost": {"filters": ["disallowed_host_once"]},
        # Django's own "Not Found: /path" lines repeat what the request line says.
        "django.request": {"level": "ERROR"},
    },
}

# Admin login protection (django-axes, centres/staff/lockout.py, docs/staff.md): after five
# failed logins for a username from one address, the next try from that address for that
# username waits a minute after the last failure, and each further failure doubles the wait
# (2, 4, 8 … minutes, at most an hour); failures are remembered for a day. Twenty failures
# within an hour from one address, whatever the usernames, lock the address for that hour.
# Locking the username only from the address that failed keeps anyone elsewhere from locking
# a colleague out, and one shared office network from locking out all its colleagues.
AXES_FAILURE_LIMIT = 5
AXES_ADDRESS_FAILURE_LIMIT = 20
AXES_ADDRESS_LOCK_HOURS = 1
LOGIN_DELAY_FIRST_SECONDS = 60
LOGIN_DELAY_MAX_SECONDS = 3600
AXES_COOLOFF_TIME = 24  # hours: how long failures are remembered
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_HANDLER = "centres.staff.lockout.LockoutHandler"
AXES_LOCKOUT_TEMPLATE = "admin/locked_out.html"
AXES_LOCKOUT_CALLABLE = "centres.staff.lockout.lockout_response"
# A try refused during the wait is not a failure: it neither counts nor restarts the wait.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_RESET_ON_SUCCESS = True
# The client's address: REMOTE_ADDR, or behind the reverse proxies listed in TRUSTED_PROXIES
# (addresses or networks, comma-separated) the address they put in X-Forwarded-For.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", "")
for _proxy in TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(_proxy, strict=False)
    except ValueError as _error:
        raise ImproperlyConfigured(
            f"TRUSTED_PROXIES: {_proxy!r} is not an IP address or network."
        ) from _error
AXES_CLIENT_IP_CALLABLE = "centres.staff.lockout.client_address"

# A forgotten staff password, reset by e-mail (centres/staff/password_reset.py): how many
# requests one client address may make per hour, and how many reset mails one e-mail address
# may receive per hour (both counted in the shared cache). The link in the mail holds a day.
PASSWORD_RESET_PER_HOUR = env_int("PASSWORD_RESET_PER_HOUR", 5)
PASSWORD_RESET_TIMEOUT = 24 * 3600

# Two-factor login for staff (centres/staff/two_factor.py, docs/staff.md): on, the admin login
# also asks for a code from an authenticator app or a backup code, and admits only logins
# confirmed that way; `manage.py staff_two_factor_setup USERNAME` gives a person theirs.
STAFF_TWO_FACTOR = env_bool("STAFF_TWO_FACTOR", False)
OTP_TOTP_ISSUER = "Stadtteilzentren Berlin"

# Request bodies: a photo may have 5 MB (centres/staff/photos.py); up to 10 MB the form says
# so beside the field, larger declared bodies are refused with 413 before they are read; the
# proxy should refuse them too (docs/deploy.md). Non-file fields stay at Django's 2.5 MB
# (DATA_UPLOAD_MAX_MEMORY_SIZE); uploads above FILE_UPLOAD_MAX_MEMORY_SIZE (2.5 MB) are written
# to a temporary file instead of memory.
MAX_REQUEST_BODY_BYTES = env_int("MAX_REQUEST_BODY_BYTES", 10 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# Imports run in one transaction: one invalid row means nothing is written.
IMPORT_EXPORT_USE_TRANSACTIONS = True
# Importing changes rows, so it needs the change permission; exporting needs view. Which rows
# come on top of that from centres/staff/permissions.py.
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "change"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"

# E-mail (the inbox's notifications to editors, centres/services/inbox.py), through Django's
# MAILERS: printed to the console on a developer's machine, sent by SMTP with DEBUG off
# (EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, EMAIL_USE_TLS, EMAIL_TIMEOUT),
# unless EMAIL_BACKEND names another backend. Tests send to the locmem outbox.
_SMTP = "django.core.mail.backends.smtp.EmailBackend"
_email_backend = os.environ.get(
    "EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend" if DEBUG else _SMTP
)
MAILERS = {
    "default": {
        "BACKEND": _email_backend,
        "OPTIONS": {
            "host": os.environ.get("EMAIL_HOST", "localhost"),
            "port": env_int("EMAIL_PORT", 25),
            "username": os.environ.get("EMAIL_HOST_USER", ""),
            "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
            "use_tls": env_bool("EMAIL_USE_TLS", False),
            "timeout": env_int("EMAIL_TIMEOUT", 10),
        }
        if _email_backend == _SMTP
        else {},
    }
}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "stadtteilzentren@localhost")

# Residents' messages to a centre (centres/inbox.py, docs/security.md): how many one client
# address may send per hour (counted in the shared cache), whether the centre's editors get
# an e-mail when one arrives, and how many days after closing a message the daily
# `manage.py inbox_purge` deletes it (the privacy page states the period).
INBOX_MESSAGES_PER_HOUR = env_int("INBOX_MESSAGES_PER_HOUR", 5)
INBOX_NOTIFY_EDITORS = env_bool("INBOX_NOTIFY_EDITORS", True)
INBOX_RETENTION_DAYS = env_int("INBOX_RETENTION_DAYS", 90)

# Directory-specific settings
CENTRES_PER_PAGE = 20
OFFERINGS_PER_PAGE = 30
# The partner organisations listed per page of a Bezirk page (its centres: CENTRES_PER_PAGE).
PARTNERS_PER_PAGE = 50
# Search (centres/search.py): up to this many matches are ordered by how well they match
# (PostgreSQL's ts_rank reads every match); more keep the list's own order, and the page says so.
SEARCH_RANK_LIMIT = 2000
# The agenda (/termine/): occurrences shown per day over four weeks, and on a single day.
AGENDA_PER_DAY = 20
AGENDA_PER_DAY_ONE_DAY = 300
# A day's occurrences are counted up to this many (a single day: up to the 300 it shows); beyond,
# "mehr als 100 Termine" (`centres.agenda`).
AGENDA_COUNT_LIMIT = 100
# The funders' overview (/uebersicht/) and its exports are public unless this is on; then only
# logged-in users with the permission centres.view_overview (group "Fördermittelgeber") see them.
OVERVIEW_REQUIRES_LOGIN = env_bool("OVERVIEW_REQUIRES_LOGIN", False)

# Map tiles of the interactive maps (docs/maps.md). Any XYZ tile server works; its attribution
# is shown on every map. The Content-Security-Policy below allows exactly MAP_TILE_ORIGIN for
# images besides 'self' and data:.
MAP_TILE_URL = os.environ.get("MAP_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
MAP_TILE_ATTRIBUTION = os.environ.get(
    "MAP_TILE_ATTRIBUTION",
    '© <a href="https://www.openstreetmap.org/copyright">OpenStreetMap-Mitwirkende</a>',
)
MAP_TILE_ORIGIN = "/".join(MAP_TILE_URL.split("/")[:3])

# Content-Security-Policy (Django's own, docs/security.md): scripts only as files from this site
# (no inline script, no eval), images also from the tile server, no framing, no plugins.
# Style attributes stay allowed: the admin's import/export pages use a few, and an attribute
# style can neither run script nor load from elsewhere (url() is held by img-src).
# One inline handler is allowed by its hash alone ('unsafe-hashes' permits no other): the
# "Select all" box of django-import-export 4.4's export page (onchange="onSelectToggleChange(event)").
IMPORT_EXPORT_SELECT_ALL_HANDLER = "'sha256-wid4zL8fR53ZYy1ljOepzR77Dn6vWUUxuNnnWWBP3I8='"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "script-src-attr": [CSP.UNSAFE_HASHES, IMPORT_EXPORT_SELECT_ALL_HANDLER],
    "style-src": [CSP.SELF],
    "style-src-attr": [CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:", MAP_TILE_ORIGIN, *MEDIA_ORIGINS],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
# Permissions-Policy (centres/headers.py): these features off everywhere; geolocation off except
# on the views named here, where "Meinen Standort verwenden" (static/js/near-me.js) asks for it.
PERMISSIONS_POLICY_DENIED = [
    "accelerometer",
    "camera",
    "gyroscope",
    "magnetometer",
    "microphone",
    "payment",
    "usb",
]
GEOLOCATION_VIEWS = {"centres:centre_list"}
