"""Terbalik settings, read from the environment.

Environment variables:
  DEBUG            "1"/"true" to enable debug mode (off by default).
  SECRET_KEY       required when DEBUG is off (long and random); with DEBUG on a fixed
                   development key is used when unset.
  ALLOWED_HOSTS    comma-separated host names; required when DEBUG is off
                   (DEBUG on: localhost,127.0.0.1,[::1]).
  SITE_URL         the public address (https://terbalik.example.com) used for every absolute
                   link (e-mails, program pages, QR codes); required when DEBUG is off.
  SECURE_PROXY_SSL_HEADER  opt-in, only behind a proxy that sets it: the header that says the
                   request came in over HTTPS, e.g. "X-Forwarded-Proto" (value "https") or
                   "X-Forwarded-Proto,https".
  CSP_FORM_ACTION_ORIGINS  extra origins forms may lead to (e.g. an identity provider).
  SECURE_SSL_REDIRECT, SECURE_HSTS_SECONDS, SECURE_HSTS_INCLUDE_SUBDOMAINS, SECURE_HSTS_PRELOAD,
  SECURE_COOKIES   override the production defaults (all on when DEBUG is off).
  DATABASE_URL     e.g. postgres://user@host:5432/name; a SQLite file under var/ by default.
  EMAIL_URL-style settings: EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD,
  EMAIL_USE_TLS, EMAIL_USE_SSL, DEFAULT_FROM_EMAIL, EMAIL_BACKEND.
  TERBALIK_DATA_DIR  where the default SQLite file lives (default: ./var).
  TERBALIK_STARTUP "match": install only the apps `terbalik match` needs (cli.py sets it for
                   that command; empty: every app, as always elsewhere).
  OIDC_*           single sign-on with OpenID Connect (see terbalik/accounts/sso_config.py).
  METRICS_TOKEN    bearer token for /metrics (without it /metrics is 404 unless DEBUG).
  LOG_LEVEL, LOG_FORMAT  root log level (INFO) and "json" (default) or "text" (default
                   with DEBUG).
  SENTRY_DSN       optional error reports (pip install 'terbalik[sentry]'); see README.
"""

from __future__ import annotations

import os
from importlib.util import find_spec
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int, *, minimum: int | None = None,
            maximum: int | None = None) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        number = int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from exc
    if (minimum is not None and number < minimum) or (maximum is not None and number > maximum):
        raise ImproperlyConfigured(
            f"{name} must be between {minimum if minimum is not None else '-'} and "
            f"{maximum if maximum is not None else '-'}, not {number}.")
    return number


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG")

_DEV_SECRET = "terbalik-development-key-not-for-production"  # noqa: S105
_REQUIRED_IN_PRODUCTION = ("SECRET_KEY", "ALLOWED_HOSTS", "SITE_URL")
if not DEBUG:
    _missing = [name for name in _REQUIRED_IN_PRODUCTION if not os.environ.get(name, "").strip()]
    if _missing:
        raise ImproperlyConfigured(
            "Terbalik refuses to start with DEBUG off until these environment variables are "
            f"set: {', '.join(_missing)}. SECRET_KEY: a long random value kept secret "
            "(python -c 'import secrets; print(secrets.token_urlsafe(50))'); ALLOWED_HOSTS: "
            "the host names the site is served under, comma-separated; SITE_URL: the public "
            "address, e.g. https://terbalik.example.com. For local development set DEBUG=1."
        )
SECRET_KEY = os.environ.get("SECRET_KEY", "").strip() or _DEV_SECRET

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

DATA_DIR = Path(os.environ.get("TERBALIK_DATA_DIR", Path.cwd() / "var")).resolve()
(DATA_DIR / "static").mkdir(parents=True, exist_ok=True)  # SQLite needs the folder to exist

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "allauth.mfa",
    "django_tasks",
    "django_tasks_db",
    "csp",
    "auditlog",  # role and program-ownership changes (AUDITLOG_INCLUDE_TRACKING_MODELS)
    "terbalik.core",
    "terbalik.accounts",
    "terbalik.people",
    "terbalik.skills",
    "terbalik.programs",
    "terbalik.surveys",
    "terbalik.matching",
    "terbalik.pairs",
    "terbalik.notify",
    "terbalik.webhooks",
    "terbalik.reports",
    "terbalik.privacy",
    "terbalik.api",
    # Not "ninja": as an app it is imported at every start (pydantic, django.test: about a
    # sixth of a `terbalik match` run). Its vendored Swagger UI (no CDN) is served from
    # _ninja_dir below: templates in TEMPLATES' DIRS, static files in STATICFILES_DIRS.
    "django.forms",  # last: our widget templates in core/ override Django's
]

# A light start-up for one command, asked for by cli.py (TERBALIK_STARTUP=match): `terbalik
# match` reads the skill taxonomy and nothing of the web site, and setting up ~30 apps was 60%
# of a 12-person run (issue 21). Installed is the app of the models it reads (skills: the
# taxonomy); cli.py loads the command itself, so the matching app (its models cost a tenth of
# the run) is not needed to find it. A model outside INSTALLED_APPS could not be imported, and
# their relations to other apps stay unresolved names the command never follows.
# Our messages come from LOCALE_PATHS, which outranks every app's catalog, so they read as with
# every app (tests/matching/test_command_startup.py compares both set-ups byte for byte).
# MIDDLEWARE and ROOT_URLCONF stay names: the command runs no system checks, nothing imports
# them. The web app, the worker and every other command install everything.
_STARTUP_APPS = {"match": {"terbalik.skills"}}
_startup = os.environ.get("TERBALIK_STARTUP", "").strip()
if _startup:
    if _startup not in _STARTUP_APPS:
        raise ImproperlyConfigured(f"TERBALIK_STARTUP must be one of {sorted(_STARTUP_APPS)}.")
    INSTALLED_APPS = [app for app in INSTALLED_APPS if app in _STARTUP_APPS[_startup]]

MIDDLEWARE = [
    "terbalik.core.observability.RequestIdMiddleware",  # first: every log line has the id
    "terbalik.core.metrics.MetricsMiddleware",
    "terbalik.core.views_ops.ProbeMiddleware",  # /healthz /readyz /metrics by IP, plain HTTP
    "django.middleware.security.SecurityMiddleware",
    "terbalik.core.once.FormOnceRecordMiddleware",  # stores a one-time form's first answer
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "terbalik.core.csp_policy.CSPMiddleware",  # django-csp's, the settings' policy built once
    "terbalik.accounts.middleware.SSOFormActionMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "terbalik.accounts.middleware.UserLanguageMiddleware",
    # who changed a role: the signed-in user (auditlog's middleware without its per-request
    # signal connection, core/audit_actor.py)
    "terbalik.core.audit_actor.AuditActorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "terbalik.accounts.middleware.SignInGuardMiddleware",
    "terbalik.privacy.middleware.NoticeGateMiddleware",  # participants accept the notice
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "terbalik.core.once.FormOnceMiddleware",  # last: a repeated one-time form token is replayed
]

# django-ninja's folder, found without importing it (see INSTALLED_APPS); lower case:
# not a setting, whose NINJA_ prefix Ninja reads as its own
_ninja = find_spec("ninja")
if _ninja is None or not _ninja.submodule_search_locations:
    raise ImproperlyConfigured("django-ninja is not installed.")
_ninja_dir = Path(next(iter(_ninja.submodule_search_locations)))

ROOT_URLCONF = "terbalik.urls"
WSGI_APPLICATION = "terbalik.wsgi.application"

# Audit trail (README, "Audit trail"): django-auditlog keeps the old and new value of every
# change of who may do what. Only these fields are tracked (never names or e-mail addresses
# of the user row itself); what people viewed or exported is core.AuditEntry.
AUDITLOG_INCLUDE_TRACKING_MODELS = (
    {"model": "accounts.User",
     "include_fields": ["role", "is_staff", "is_superuser", "is_active"],
     "m2m_fields": ["groups", "user_permissions"]},
    # the HR managers of a program are its owners; only that relation is tracked
    {"model": "programs.Program", "include_fields": ["owners"], "m2m_fields": ["owners"]},
)
AUDITLOG_STORE_JSON_CHANGES = True
AUDITLOG_DISABLE_REMOTE_ADDR = True  # data minimisation: who and what, not from where

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # Our layout for django-allauth's pages: searched before allauth's own templates.
        # Then django-ninja's docs pages (ninja/swagger.html), as if it were an app.
        "DIRS": [BASE_DIR / "accounts" / "templates" / "overrides", _ninja_dir / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "terbalik.core.context_processors.navigation",
            ],
            "builtins": ["terbalik.core.templatetags.once"],  # {% form_once %} in every form
        },
    },
]

_default_db = f"sqlite:///{DATA_DIR / 'terbalik.sqlite3'}"
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", "") or _default_db, conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {"timeout": 20, "transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"}
    )
    DATABASES["default"]["CONN_MAX_AGE"] = 0
# PostgreSQL: parameters bound on the server, and a statement run 5 times on a connection is
# prepared, so PostgreSQL plans it once per connection instead of at every request (the
# participant pages' joins cost more to plan than to run; bench/bench_request_cost.py measured
# the database's CPU per request halved). Behind a pooler in transaction mode (PgBouncer
# before 1.21) prepared statements break: set DATABASE_PREPARED_STATEMENTS=0 there.
if DATABASES["default"]["ENGINE"].endswith("postgresql") and env_bool(
    "DATABASE_PREPARED_STATEMENTS", default=True
):
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"server_side_binding": True, "prepare_threshold": 5}
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["terbalik.accounts.backends.EmailBackend"]
PASSWORD_HASHERS = [
    "terbalik.accounts.hashers.TunedArgon2PasswordHasher",  # why: accounts/hashers.py
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
ARGON2_TIME_COST = int(os.environ.get("ARGON2_TIME_COST", "2"))
ARGON2_MEMORY_COST_KIB = int(os.environ.get("ARGON2_MEMORY_COST_KIB", "19456"))
ARGON2_PARALLELISM = int(os.environ.get("ARGON2_PARALLELISM", "1"))
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Sign-in (django-allauth): e-mail codes for employees, passwords for admins and anyone who
# set one, TOTP for staff. See README, "Sign-in and security".
ACCOUNT_ADAPTER = "terbalik.accounts.adapter.AccountAdapter"
ACCOUNT_FORMS = {"request_login_code": "terbalik.accounts.forms.RequestLoginCodeForm"}
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*"]
ACCOUNT_EMAIL_VERIFICATION = "none"  # addresses come from the directory or from an admin
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False  # an unknown address gets the same page and no e-mail
ACCOUNT_SESSION_REMEMBER = True  # as before: no "remember me" box
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "Terbalik: "
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_LOGIN_BY_CODE_TIMEOUT = int(os.environ.get("LOGIN_CODE_TIMEOUT", "600"))  # seconds
ACCOUNT_LOGIN_BY_CODE_MAX_ATTEMPTS = 3
ACCOUNT_LOGOUT_REDIRECT_URL = "accounts:login"
# Throttles (allauth's rate limits; "amount/period/per", per = ip | key | user). Failed password
# sign-ins are keyed on account AND client address (see AccountAdapter), and the escalating
# windows give a backoff: 5 tries per 5 minutes, then 10 per hour, then 20 per day.
ACCOUNT_RATE_LIMITS = {
    "login_failed": os.environ.get(
        "THROTTLE_LOGIN_FAILED", "30/10m/ip,5/5m/key,10/1h/key,20/1d/key"
    ),
    "request_login_code": os.environ.get("THROTTLE_LOGIN_CODE", "20/10m/ip,3/10m/key"),
    "reset_password": os.environ.get("THROTTLE_PASSWORD_RESET", "20/10m/ip,3/10m/key"),
    "reset_password_from_key": "20/m/ip",
    # Every sign-in attempt per client address. Behind an office NAT or proxy a launch-day
    # wave shares one address: raise it there (1,000 people in 5 minutes = 200/m).
    "login": os.environ.get("THROTTLE_LOGIN", "30/m/ip"),
    "signup": "20/m/ip",
    "confirm_email": "1/3m/key",
    "manage_email": "10/m/user",
    "change_password": "5/m/user",
    "reauthenticate": "10/m/user",
}
# The rate limits live in the cache: a database cache is shared by every process and machine,
# and its atomic insert is what allauth's lock relies on (created by accounts migration 0003).
# Live entries spared below a hard ceiling (core/cache.py): a flood must not wipe the
# throttles' history, nor grow the table without bound.
CACHES = {
    "default": {
        "BACKEND": "terbalik.core.cache.ThrottleSafeDatabaseCache",
        "LOCATION": "terbalik_cache",
        # past MAX_ENTRIES the expired rows go; at 10 × MAX_ENTRIES the soonest-expiring ones
        "OPTIONS": {"MAX_ENTRIES": env_int("CACHE_MAX_ENTRIES", 100000,
                                           minimum=100, maximum=10_000_000)},
    }
}
# Number of reverse proxies in front of the app, so throttles see the real client address.
ALLAUTH_TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Terbalik"
# Platform admins and HR program managers must set up TOTP before anything else.
REQUIRE_STAFF_MFA = env_bool("REQUIRE_STAFF_MFA", default=not DEBUG)
SOCIALACCOUNT_ONLY = False

# --- Single sign-on (OpenID Connect) ---
# Off unless OIDC_SERVER_URL and OIDC_CLIENT_ID are set; every variable is described in
# terbalik/accounts/sso_config.py and in the README ("Single sign-on").
# Callback URL to register at the identity provider:
#   <SITE_URL>/accounts/oidc/<OIDC_PROVIDER_ID, default "company">/login/callback/
from terbalik.accounts.sso_config import openid_connect_apps  # noqa: E402

SOCIALACCOUNT_ADAPTER = "terbalik.accounts.sso.SocialAccountAdapter"
SOCIALACCOUNT_PROVIDERS = {
    "openid_connect": {
        "OAUTH_PKCE_ENABLED": True,
        "APPS": openid_connect_apps(os.environ, debug=DEBUG),
    }
}
SOCIALACCOUNT_AUTO_SIGNUP = False  # accounts come from the directory, never a sign-up form
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False  # linking by address is ours (directory match)
SOCIALACCOUNT_EMAIL_VERIFICATION = "none"  # the identity provider verified the address
SOCIALACCOUNT_LOGIN_ON_GET = False  # the button POSTs (CSRF-protected)
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_REQUESTS_TIMEOUT = 10
# --- end of single sign-on ---

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Indonesian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "terbalik_language"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
TIME_ZONE = "Asia/Jakarta"
# Our English formats (day-month-year, 24-hour clock) before Django's American ones.
FORMAT_MODULE_PATH = ["terbalik.formats"]
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [_ninja_dir / "static"]  # the Swagger UI files (static/ninja/...)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
MEDIA_ROOT = DATA_DIR / "media"

# Every e-mail goes through the metered backend, which counts sent and failed ones for
# /metrics and hands them to the real one.
EMAIL_BACKEND = "terbalik.core.metrics.MeteredEmailBackend"
EMAIL_METERED_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG and not os.environ.get("EMAIL_HOST")
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL")
EMAIL_TIMEOUT = 20
# The one base of every absolute link (e-mails, program pages, QR codes, invitation links):
# never the Host header of a request. See terbalik.core.links.absolute_url.
SITE_URL = (os.environ.get("SITE_URL", "").strip() or "http://127.0.0.1:8000").rstrip("/")
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if SITE_URL.startswith("https://") else "http"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Terbalik <no-reply@terbalik.local>")

TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}
# Messages (notify): logged with their idempotency key, then sent by a `db_worker` ("worker");
# "inline" sends right after the commit in the same process (development, tests). A message
# not sent within the lease is handed out again by `terbalik tick`, at most MAX_ATTEMPTS times.
NOTIFY_SEND = os.environ.get("NOTIFY_SEND", "inline" if DEBUG else "worker")
NOTIFY_LEASE_SECONDS = int(os.environ.get("NOTIFY_LEASE_SECONDS", "300"))
NOTIFY_MAX_ATTEMPTS = int(os.environ.get("NOTIFY_MAX_ATTEMPTS", "8"))
# Webhooks (README, "Webhooks"): deliveries are posted by a `db_worker` ("worker") or right
# after the commit in the same process ("inline", development); a failed attempt is retried
# after each wait of the schedule (seconds), then given up. Targets inside the network
# (loopback, private, link-local) and plain http are refused unless ALLOW_PRIVATE_TARGETS.
WEBHOOKS_SEND = os.environ.get("WEBHOOKS_SEND", "inline" if DEBUG else "worker")
WEBHOOKS_LEASE_SECONDS = int(os.environ.get("WEBHOOKS_LEASE_SECONDS", "120"))
WEBHOOKS_RETRY_SCHEDULE = [
    int(s) for s in env_list("WEBHOOKS_RETRY_SCHEDULE", "60,300,1800,7200,43200")]
WEBHOOKS_TIMEOUT_SECONDS = float(os.environ.get("WEBHOOKS_TIMEOUT_SECONDS", "10"))
WEBHOOKS_ALLOW_PRIVATE_TARGETS = env_bool("WEBHOOKS_ALLOW_PRIVATE_TARGETS", default=DEBUG)
# Chat notifications next to e-mail (README, "Chat notifications"). A channel without its
# variables is hidden. The tokens and webhook addresses are credentials: never logged.
SLACK_BOT_TOKEN = os.environ.get("SLACK_BOT_TOKEN", "").strip()
SLACK_API_URL = os.environ.get("SLACK_API_URL", "https://slack.com/api/").strip()
TEAMS_WEBHOOK_HOSTS = env_list("TEAMS_WEBHOOK_HOSTS", "")
WHATSAPP_ACCESS_TOKEN = os.environ.get("WHATSAPP_ACCESS_TOKEN", "").strip()
WHATSAPP_PHONE_NUMBER_ID = os.environ.get("WHATSAPP_PHONE_NUMBER_ID", "").strip()
WHATSAPP_TEMPLATE_NAME = os.environ.get("WHATSAPP_TEMPLATE_NAME", "").strip()
WHATSAPP_TEMPLATE_LANGUAGES = dict(
    item.split(":", 1) for item in env_list("WHATSAPP_TEMPLATE_LANGUAGES", "en:en,id:id")
    if ":" in item
)
WHATSAPP_API_URL = os.environ.get("WHATSAPP_API_URL", "https://graph.facebook.com/v21.0").strip()
CHAT_TIMEOUT_SECONDS = env_int("CHAT_TIMEOUT_SECONDS", 10)
# Finished background tasks (succeeded or failed) are deleted after this many days.
TASK_RESULTS_KEEP_DAYS = int(os.environ.get("TASK_RESULTS_KEEP_DAYS", "7"))

DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024
IMPORT_MAX_BYTES = 20 * 1024 * 1024
# REST API (terbalik.api): requests per token and period ("600/m"; "" switches it off).
API_THROTTLE_RATE = os.environ.get("API_THROTTLE_RATE", "600/m") or None
# Spreadsheet limits (employee import, `terbalik match`): a file beyond any of them is
# refused with a message before anything is written.
IMPORT_MAX_ROWS = int(os.environ.get("IMPORT_MAX_ROWS", "100000"))
IMPORT_MAX_COLUMNS = int(os.environ.get("IMPORT_MAX_COLUMNS", "200"))
IMPORT_MAX_CELL_CHARS = int(os.environ.get("IMPORT_MAX_CELL_CHARS", "1000"))
IMPORT_MAX_UNZIPPED_BYTES = int(os.environ.get("IMPORT_MAX_UNZIPPED_BYTES", str(100 * 1024 * 1024)))
IMPORT_MAX_COMPRESSION_RATIO = int(os.environ.get("IMPORT_MAX_COMPRESSION_RATIO", "100"))
# Skills and interests one person may name per list (intake forms and surveys, the employee
# import, `terbalik match`): a longer list is refused with a message naming the row. The
# matching engine classifies pairs by list sizes, so the ceiling is 150.
SKILLS_MAX_PER_PERSON = env_int("SKILLS_MAX_PER_PERSON", 100)
if not 1 <= SKILLS_MAX_PER_PERSON <= 150:
    raise ImproperlyConfigured("SKILLS_MAX_PER_PERSON must be between 1 and 150.")

# Secure by default when DEBUG is off; every value can be overridden from the environment.
SECURE_COOKIES = env_bool("SECURE_COOKIES", default=not DEBUG)
SESSION_COOKIE_SECURE = SECURE_COOKIES
SESSION_ENGINE = "terbalik.accounts.sessions"  # Django's database sessions, read more cheaply
CSRF_COOKIE_SECURE = SECURE_COOKIES
LANGUAGE_COOKIE_SECURE = SECURE_COOKIES
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True  # HTMX gets the token from the page (hx-headers), not the cookie
LANGUAGE_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"  # Lax, not Strict: links from e-mails must arrive signed in
CSRF_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SAMESITE = "Lax"
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "terbalik.core.errors.csrf_failure"  # in the layout and language

# Content-Security-Policy (django-csp). No inline script anywhere: every script is a static
# file, page data travels in <script type="application/json"> blocks (json_script), HTMX is
# told not to inject its indicator <style> (meta htmx-config). style-src is 'self' only:
# sizes that depend on data (progress bars, chart boxes) are set from data-* attributes by
# terbalik.js through the CSSOM, which CSP does not restrict; no style="" attribute is used.
# img-src allows data: because Bootstrap's CSS draws its small icons as data: SVG.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        # A form whose answer redirects to another origin (e.g. the start of a single
        # sign-on) is blocked unless that origin is listed: CSP_FORM_ACTION_ORIGINS.
        # The single sign-on provider's origin is added per response by
        # terbalik.accounts.middleware.SSOFormActionMiddleware; other origins a form may lead
        # to: CSP_FORM_ACTION_ORIGINS.
        "form-action": [SELF, *env_list("CSP_FORM_ACTION_ORIGINS", "")],
        "frame-ancestors": [NONE],
    },
}

# Permissions-Policy (django-permissions-policy): Terbalik needs no device feature. Passkeys
# (publickey-credentials-*) stay allowed for this origin for multi-factor sign-in.
PERMISSIONS_POLICY: dict[str, list[str]] = {
    **{
        feature: []
        for feature in (
            "accelerometer", "autoplay", "bluetooth", "browsing-topics", "camera",
            "display-capture", "encrypted-media", "geolocation", "gyroscope", "hid",
            "magnetometer", "microphone", "midi", "payment", "picture-in-picture", "serial",
            "usb", "xr-spatial-tracking",
        )
    },
    "publickey-credentials-get": ["self"],
    "publickey-credentials-create": ["self"],
}


def _proxy_ssl_header(raw: str) -> tuple[str, str] | None:
    """Turn `X-Forwarded-Proto` or `X-Forwarded-Proto,https` into (`HTTP_X_...`, `https`)."""
    if not raw.strip():
        return None
    name, _sep, value = raw.partition(",")
    header = name.strip().upper().replace("-", "_")
    if not header.startswith("HTTP_"):
        header = f"HTTP_{header}"
    return header, (value.strip() or "https")


# Opt-in: only set it when a proxy in front of Terbalik always sets (or strips) this header.
SECURE_PROXY_SSL_HEADER = _proxy_ssl_header(os.environ.get("SECURE_PROXY_SSL_HEADER", ""))

# Logs: one JSON object per line on stderr (python-json-logger), each with the request id of
# the request, task or scheduler run that wrote it (terbalik.core.observability).
LOG_FORMAT = os.environ.get("LOG_FORMAT", "text" if DEBUG else "json").strip().lower()
_LOG_FORMATTER = "text" if LOG_FORMAT == "text" else "json"
_LOG_FORMATTERS = {
    "json": {
        "()": "pythonjsonlogger.json.JsonFormatter",
        "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s",
        "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
    },
    "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
}
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "terbalik.core.observability.RequestIdFilter"}},
    # only the formatter the handler uses: dictConfig builds every one it is given (the json
    # one imports python-json-logger, a cost with text logs for nothing; issue 21)
    "formatters": {_LOG_FORMATTER: _LOG_FORMATTERS[_LOG_FORMATTER]},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": _LOG_FORMATTER,
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}

if _startup:
    # Django's default logging (applied before LOGGING) builds an AdminEmailHandler, which
    # imports this reporter at once, and with it the error pages' views and template engine:
    # a light start-up imports it only if a report is ever written (issue 21)
    DEFAULT_EXCEPTION_REPORTER = "terbalik.core.observability.exception_reporter"

METRICS_TOKEN = os.environ.get("METRICS_TOKEN", "").strip()

from terbalik.core.observability import sentry_init  # noqa: E402

SENTRY_ENABLED = sentry_init(os.environ)

# Personal data retention (issue 20, UU PDP): days each kind of data is kept. Shown in the
# privacy notice and enforced by the scheduled retention task of the privacy app.
PRIVACY_RETENTION_DAYS = {
    # a leaver's identity is replaced by a pseudonym this long after their leaving date
    "after_leaving": env_int("RETENTION_AFTER_LEAVING_DAYS", 365),
    # free text of a closed program (feedback, notes, goals' wording) is removed
    "after_program_closes": env_int("RETENTION_AFTER_PROGRAM_CLOSES_DAYS", 730),
    # match-run input snapshots (pseudonymised at publish) are purged
    "match_snapshots": env_int("RETENTION_MATCH_SNAPSHOTS_DAYS", 180),
    # the e-mail and notification log
    "messages": env_int("RETENTION_MESSAGES_DAYS", 365),
    # the audit trail itself
    "audit": env_int("RETENTION_AUDIT_DAYS", 1825),
}
# Who answers questions about personal data (shown in the privacy notice).
PRIVACY_DPO_EMAIL = os.environ.get("PRIVACY_DPO_EMAIL", "privacy@terbalik.local").strip()
# Participants who have not accepted the current notice are asked at their next visit; the
# test suite switches it off (like REQUIRE_STAFF_MFA) and the privacy tests switch it on.
PRIVACY_NOTICE_AT_VISIT = env_bool("PRIVACY_NOTICE_AT_VISIT", True)
