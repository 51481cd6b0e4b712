"""Django settings: everything from the data folder (``INNRAPPORTERING_PORTAL_DATA``) and ``DATABASE_URL``.

Embedded default: SQLite ``portal.sqlite3`` in the data folder. ``DATABASE_URL`` (``postgresql://…``)
selects PostgreSQL. The secret key is made once and kept in ``hemmelig-nokkel`` in the data folder (mode 600).
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import dj_database_url

DATA_DIR = Path(os.environ.get("INNRAPPORTERING_PORTAL_DATA", "portal-data")).resolve()
#: Uploaded files: outside every served path, with generated names.
UPLOAD_DIR = DATA_DIR / "filer"
BASE_DIR = Path(__file__).resolve().parent


def _secret_key() -> str:
    if os.environ.get("INNRAPPORTERING_PORTAL_SECRET"):
        return os.environ["INNRAPPORTERING_PORTAL_SECRET"]
    path = DATA_DIR / "hemmelig-nokkel"
    if not path.exists():
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(secrets.token_urlsafe(50))
    return path.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = os.environ.get("INNRAPPORTERING_PORTAL_DEBUG") == "1"
ALLOWED_HOSTS = [h for h in os.environ.get("INNRAPPORTERING_PORTAL_HOSTS", "localhost,127.0.0.1,testserver").split(",") if h]
#: The address printed in the personal links.
PORTAL_BASE_URL = os.environ.get("INNRAPPORTERING_PORTAL_URL", "http://localhost:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "pipeline.portal.apps.PortalConfig",
]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "pipeline.portal.access.RequestSizeMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
ROOT_URLCONF = "pipeline.portal.urls"
CSRF_FAILURE_VIEW = "pipeline.portal.errors.csrf_failure"
TEMPLATES = [{
    "BACKEND": "django.template.backends.django.DjangoTemplates",
    "DIRS": [],
    "APP_DIRS": True,
    "OPTIONS": {"context_processors": [
        "django.template.context_processors.request",
        "django.contrib.auth.context_processors.auth",
        "django.contrib.messages.context_processors.messages",
        "pipeline.portal.language.default_standard",
    ]},
}]
WSGI_APPLICATION = "pipeline.portal.wsgi.application"

_SQLITE = {
    "ENGINE": "django.db.backends.sqlite3",
    "NAME": str(DATA_DIR / "portal.sqlite3"),
    "OPTIONS": {
        "timeout": 30,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;",
    },
}
DATABASES = {"default": dj_database_url.parse(os.environ["DATABASE_URL"], conn_max_age=60)
             if os.environ.get("DATABASE_URL") else _SQLITE}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

LANGUAGE_CODE = "nb"
TIME_ZONE = "Europe/Oslo"
USE_I18N = True
USE_TZ = True
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "static"

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 8 * 3600
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
if PORTAL_BASE_URL.startswith("https://"):
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = True
    #: Forms posted from the public https address pass the CSRF origin check also when the proxy in front
    #: talks plain http to the portal (docs/drift.md).
    CSRF_TRUSTED_ORIGINS = ["https://" + PORTAL_BASE_URL.removeprefix("https://").split("/", 1)[0]]
#: The reverse proxy's address (e.g. 127.0.0.1 for nginx on the same machine): the portal then takes the client's
#: address and the scheme from X-Forwarded-For and X-Forwarded-Proto (the log and the rate limits see the real
#: client). Without it these headers are removed, so no client can claim another address.
PORTAL_PROXY = os.environ.get("INNRAPPORTERING_PORTAL_PROXY", "").strip()

#: Largest workbook accepted (bytes), and largest request.
PORTAL_MAX_UPLOAD = int(os.environ.get("INNRAPPORTERING_PORTAL_MAKS_FIL", 10 * 1024 * 1024))
PORTAL_MAX_REQUEST = PORTAL_MAX_UPLOAD + 256 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = PORTAL_MAX_UPLOAD
DATA_UPLOAD_MAX_MEMORY_SIZE = 256 * 1024
#: Which version of a tiltak goes into Vedlegg 2 and ``portal eksport`` (pipeline/portal/verdicts.py):
#: «godkjent-ellers-siste-rene», «bare-godkjent» or «siste».
PORTAL_VERSION_CHOICE = os.environ.get("INNRAPPORTERING_PORTAL_VERSJONSVALG", "godkjent-ellers-siste-rene")
#: «Lag Vedlegg 2» also makes the PDF when LibreOffice is there; 0 turns that off (pipeline/portal/jobs.py).
PORTAL_PDF = os.environ.get("INNRAPPORTERING_PORTAL_PDF", "1") != "0"
#: How long a personal link is valid (days).
PORTAL_LINK_DAYS = int(os.environ.get("INNRAPPORTERING_PORTAL_LENKEDAGER", 60))
#: Rate limits: (count, seconds) per actor for uploads, per client address for link use.
PORTAL_UPLOAD_RATE = (int(os.environ.get("INNRAPPORTERING_PORTAL_OPPLASTINGER", 60)), 60)
PORTAL_LINK_RATE = (int(os.environ.get("INNRAPPORTERING_PORTAL_LENKEBRUK", 20)), 60)
LOGGING = {"version": 1, "disable_existing_loggers": False,
           "handlers": {"console": {"class": "logging.StreamHandler"}},
           "loggers": {"django": {"handlers": ["console"], "level": "WARNING"}}}

#: E-mail for the reminders: SMTP when a host is set, else the console (see pipeline/portal/mailconfig.py).
from pipeline.portal.mailconfig import email_settings  # noqa: E402

globals().update(email_settings(os.environ))
#: Secretariat users must use a second factor (TOTP) when set to 1 (see pipeline/portal/twofactor.py).
PORTAL_TOTP_REQUIRED = os.environ.get("INNRAPPORTERING_PORTAL_TOTRINN", "") == "1"
