"""The e-mail settings for the reminders, from the environment (pure: a mapping in, Django settings out).

``INNRAPPORTERING_PORTAL_SMTP_VERT`` (else Django's own ``EMAIL_HOST``) selects SMTP; without a host the
reminders are printed to the console (Django's console backend), nothing leaves the machine.
"""

from __future__ import annotations

from collections.abc import Mapping

from pipeline.common.errors import PipelineError

SMTP = "django.core.mail.backends.smtp.EmailBackend"
CONSOLE = "django.core.mail.backends.console.EmailBackend"
PREFIX = "INNRAPPORTERING_PORTAL_"
#: Our name → Django's name (also read from the environment when ours is not set).
NAMES = {"SMTP_VERT": "EMAIL_HOST", "SMTP_PORT": "EMAIL_PORT", "SMTP_BRUKER": "EMAIL_HOST_USER",
         "SMTP_PASSORD": "EMAIL_HOST_PASSWORD", "SMTP_TLS": "EMAIL_USE_TLS", "SMTP_SSL": "EMAIL_USE_SSL",
         "AVSENDER": "DEFAULT_FROM_EMAIL", "SMTP_TIDSAVBRUDD": "EMAIL_TIMEOUT"}
_TRUE, _FALSE = {"1", "ja", "true", "yes", "on"}, {"", "0", "nei", "false", "no", "off"}


class MailSettingsError(PipelineError):
    """A mail setting cannot be used (Norwegian message naming the variable)."""


def _get(env: Mapping[str, str], ours: str) -> tuple[str, str]:
    """(the variable that was set, its value); ours first, then Django's."""
    for name in (PREFIX + ours, NAMES[ours]):
        if env.get(name, "").strip():
            return name, env[name].strip()
    return PREFIX + ours, ""


def _number(env: Mapping[str, str], ours: str, default: int) -> int:
    name, text = _get(env, ours)
    if not text:
        return default
    if not text.isdigit() or int(text) == 0:
        raise MailSettingsError(f"{name}={text!r} er ikke et positivt heltall.")
    return int(text)


def _flag(env: Mapping[str, str], ours: str) -> bool:
    name, text = _get(env, ours)
    if text.lower() not in _TRUE | _FALSE:
        raise MailSettingsError(f"{name}={text!r}: skriv 1 (på) eller 0 (av).")
    return text.lower() in _TRUE


def email_settings(env: Mapping[str, str]) -> dict[str, object]:
    """Django's EMAIL_* settings and DEFAULT_FROM_EMAIL from ``env``."""
    sender = _get(env, "AVSENDER")[1] or "innrapportering@localhost"
    host = _get(env, "SMTP_VERT")[1]
    if not host:
        return {"EMAIL_BACKEND": CONSOLE, "DEFAULT_FROM_EMAIL": sender}
    tls, ssl = _flag(env, "SMTP_TLS"), _flag(env, "SMTP_SSL")
    if tls and ssl:
        raise MailSettingsError(f"Velg én av {PREFIX}SMTP_TLS (STARTTLS, port 587) og {PREFIX}SMTP_SSL "
                                "(TLS fra start, port 465), ikke begge.")
    return {"EMAIL_BACKEND": SMTP, "EMAIL_HOST": host, "EMAIL_PORT": _number(env, "SMTP_PORT", 465 if ssl else 587 if tls else 25),
            "EMAIL_HOST_USER": _get(env, "SMTP_BRUKER")[1], "EMAIL_HOST_PASSWORD": _get(env, "SMTP_PASSORD")[1],
            "EMAIL_USE_TLS": tls, "EMAIL_USE_SSL": ssl, "EMAIL_TIMEOUT": _number(env, "SMTP_TIDSAVBRUDD", 20),
            "DEFAULT_FROM_EMAIL": sender}
