"""Settings for the Rotation Registry: one file, read from the environment.

Every variable is listed in `.env.example` and the README. With none set, the registry
runs in development mode on a SQLite file in the project folder.
"""

import datetime
from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)

# A secret key is required in production; development gets a fixed, clearly-marked one.
if DEBUG:
    SECRET_KEY = env("SECRET_KEY", default="dev-only-insecure-key-do-not-use-in-production")
else:
    SECRET_KEY = env("SECRET_KEY")

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "simple_history",
    "axes",
    # Background jobs (spreadsheet imports): Django 6's tasks API, the database backend.
    "django_tasks",
    "django_tasks_db",
    "registry",
    "cadres",
    "postings",
    # Sample data (`seed_demo`, `seed_scale`): above both apps, which never import it.
    "demo",
]

MIDDLEWARE = [
    # Outermost: gives each request its id and logs one line for it, whatever happens inside.
    "rotation_registry.middleware.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "rotation_registry.middleware.RejectNulMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Below whitenoise, so static files keep their long cache; every page is private.
    "rotation_registry.middleware.PrivatePagesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "registry.sessions.IdleTimeoutMiddleware",
    "rotation_registry.locale.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After messages: the password change page it leads to tells why.
    "cadres.passwords.PasswordChangeRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "rotation_registry.urls"
WSGI_APPLICATION = "rotation_registry.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
# An optional PostgreSQL read replica: the report pages' reads go to it, everything else to
# the primary (registry/routers.py, docs/DEPLOYMENT.md). In tests it mirrors the primary.
if env("DATABASE_REPLICA_URL", default=""):
    DATABASES["replica"] = env.db("DATABASE_REPLICA_URL")
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["registry.routers.ReplicaRouter"]
for _database in DATABASES.values():
    _database["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
    _database["CONN_HEALTH_CHECKS"] = True
    if _database["ENGINE"] == "django.db.backends.postgresql":
        # No JIT compilation: the pages' queries read thousands of rows, not millions, but
        # PostgreSQL's estimates at a million rotations start the JIT, which then costs more
        # than the query (35 ms of a unit-history query's 111 ms; docs/PERFORMANCE.md).
        _options = _database.setdefault("OPTIONS", {})
        _options["options"] = f"{_options.get('options', '')} -c jit=off".strip()
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Wait for a writer instead of failing at once; serialise writers from the start.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA foreign_keys=ON; PRAGMA journal_mode=WAL;",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "login"

# Login protection (django-axes): after AXES_FAILURE_LIMIT wrong passwords for one user name
# from one address, that pair is locked for LOGIN_LOCK_MINUTES. The admin's login goes
# through the same backend, so it is protected too.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
# Only the pair is locked: wrong passwords from one address never lock the user name at
# another, nor the address for other user names.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# Behind a reverse proxy every request comes from the proxy's address: the client's is the
# one the trusted proxies append to X-Forwarded-For (docs/DEPLOYMENT.md). 0: no proxy.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
AXES_CLIENT_IP_CALLABLE = "rotation_registry.middleware.client_address"
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env.int("LOGIN_LOCK_MINUTES", default=15))
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "cadres.views.locked_out"
AXES_HTTP_RESPONSE_CODE = 429
AXES_ENABLE_ACCESS_FAILURE_LOG = True

# The audit history is read-only: nobody reverts a record from its history page.
SIMPLE_HISTORY_REVERT_DISABLED = True

# Vietnamese first; English through the language switch.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_TZ = True
FORMAT_MODULE_PATH = ["rotation_registry.formats"]

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Signed scans (registry/scans.py): a private folder no URL serves (not MEDIA_URL, not
# whitenoise), or with SCAN_STORAGE=s3 a bucket of any S3-compatible store, through
# django-storages; read only through the scoped view. docs/DEPLOYMENT.md lists the variables.
SCAN_ROOT = env.path("SCAN_ROOT", default=BASE_DIR / "var" / "scans")
SCAN_MAX_BYTES = env.int("SCAN_MAX_BYTES", default=20 * 1024 * 1024)
SCAN_STORAGE = env("SCAN_STORAGE", default="local")
if SCAN_STORAGE == "s3":
    _scan_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env("AWS_STORAGE_BUCKET_NAME"),
            "endpoint_url": env("AWS_S3_ENDPOINT_URL", default=None),
            "region_name": env("AWS_S3_REGION_NAME", default=None),
            "access_key": env("AWS_ACCESS_KEY_ID", default=None),
            "secret_key": env("AWS_SECRET_ACCESS_KEY", default=None),
            "location": env("AWS_LOCATION", default="scans"),
            # Private objects; the registry streams them, it never hands out their address.
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
else:
    _scan_storage = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": SCAN_ROOT},
    }
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "scans": _scan_storage,
    "staticfiles": {
        "BACKEND": env(
            "STATICFILES_BACKEND",
            default=(
                "django.contrib.staticfiles.storage.StaticFilesStorage"
                if DEBUG
                else "whitenoise.storage.CompressedManifestStaticFilesStorage"
            ),
        )
    },
}

CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}
# Summaries are cached under the data's version, so a write never shows a stale one; the
# timeout only bounds how long unused entries stay (docs/PERFORMANCE.md).
SUMMARY_CACHE_SECONDS = env.int("SUMMARY_CACHE_SECONDS", default=60 * 60)

# Idle timeout: a session expires SESSION_IDLE_SECONDS after it was last refreshed, which an
# active user's requests do at most once a minute (registry/sessions.py), not on every view.
SESSION_COOKIE_AGE = env.int("SESSION_IDLE_SECONDS", default=60 * 60)
SESSION_SAVE_EVERY_REQUEST = False

# Password-reset mail. The console is for development only: with DEBUG off it is an error
# at start-up (registry/checks.py), since the reset links would land in the log.
EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="so-luan-chuyen@localhost")

# Rule thresholds of Regulation 65-QĐ/TW (DOMAIN.md §2). Administrators may change them.
ROTATION_MIN_MONTHS = env.int("ROTATION_MIN_MONTHS", default=36)
ROTATION_MIN_WORKING_YEARS = env.int("ROTATION_MIN_WORKING_YEARS", default=10)
# One term of working time left suffices for key leaders who are not locals and at a
# two-term limit (Decree 138/2020 Art. 56.4b).
ROTATION_TERM_YEARS = env.int("ROTATION_TERM_YEARS", default=5)
# The succession plan (Regulation 50-QĐ/TW, now 377-QĐ/TW): two to four people planned for
# each key title, at most three titles per person. The succession pool (/reports/nguon/)
# calls a title short below the minimum and crowded above the maximum.
SUCCESSION_PLAN_MIN_PER_TITLE = env.int("SUCCESSION_PLAN_MIN_PER_TITLE", default=2)
SUCCESSION_PLAN_MAX_PER_TITLE = env.int("SUCCESSION_PLAN_MAX_PER_TITLE", default=4)
SUCCESSION_PLAN_MAX_TITLES_PER_PERSON = env.int("SUCCESSION_PLAN_MAX_TITLES_PER_PERSON", default=3)
# The daily reminder (`manage.py send_reminders`): rotations whose planned end falls within
# these many days, in two bands.
REMINDER_DUE_DAYS = env.list("REMINDER_DUE_DAYS", cast=int, default=[30, 90])
# The registry's address, for the links in e-mails sent outside a request.
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

# One line per request on `registry.requests`; every line carries the request id, which the
# error pages show so that a user can quote it. Bodies and query strings are never logged.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "rotation_registry.middleware.RequestIdFilter"}},
    "formatters": {
        "line": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": "line",
        }
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
}

# Spreadsheet imports: files above this size are refused with a message (bytes).
IMPORT_MAX_BYTES = env.int("IMPORT_MAX_BYTES", default=10 * 1024 * 1024)
# What one file may hold, checked while it is read so that a hostile file stops early: data
# rows, cells (rows × columns, a blank line counting one), and the bytes an .xlsx really
# unpacks to, whatever its zip declares (registry/workbooks.py).
IMPORT_MAX_ROWS = env.int("IMPORT_MAX_ROWS", default=50_000)
IMPORT_MAX_CELLS = env.int("IMPORT_MAX_CELLS", default=2_000_000)
IMPORT_MAX_UNPACKED_BYTES = env.int("IMPORT_MAX_UNPACKED_BYTES", default=100 * 1024 * 1024)
# An uploaded file (personal data) is kept only while its preview waits for confirmation,
# at most this many hours; `manage.py purge_imports` forgets older ones (docs/DEPLOYMENT.md).
IMPORT_RETENTION_HOURS = env.int("IMPORT_RETENTION_HOURS", default=24)
# An import whose worker gave no sign of life for this long is marked interrupted (its worker
# died); the person can run it again (registry/tasks.py).
IMPORT_STALE_MINUTES = env.int("IMPORT_STALE_MINUTES", default=10)
# Background jobs run by `manage.py db_worker` from the database's queue (`make run` starts
# one beside the server; docs/DEPLOYMENT.md). The tests run them at once, in the request.
TASKS = {
    "default": {
        "BACKEND": env("TASKS_BACKEND", default="django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

# Production security (issue 8). Each is off in DEBUG so that development and the test
# client work over plain HTTP; `manage.py check --deploy` is clean with the defaults.
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
# The load balancer's probe speaks plain HTTP to the application server.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
# Behind a TLS-terminating proxy: "HTTP_X_FORWARDED_PROTO,https". Empty: no proxy header.
_proxy_header = env.list("SECURE_PROXY_SSL_HEADER", default=[])
SECURE_PROXY_SSL_HEADER = tuple(_proxy_header) if len(_proxy_header) == 2 else None
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 365 * 24 * 3600)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SESSION_COOKIE_HTTPONLY = True
# Forms carry the token in a field; no script reads the cookie.
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# No inline script or style anywhere: the admin templates that had some are overridden.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}
