"""Who is asking: personal links (signed, expiring, revocable), sessions, API tokens, rate limits, size limit."""

from __future__ import annotations

from pipeline.common.errors import PipelineError

import hashlib
import secrets

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.http import HttpRequest, JsonResponse

from pipeline.portal.models import Aktor

LINK_SALT = "innrapportering.portal.lenke"
SESSION_KEY = "portal_aktor"


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_token() -> tuple[str, str]:
    """A fresh API token and its hash (only the hash is stored)."""
    token = secrets.token_urlsafe(32)
    return token, hash_token(token)


def link_code(aktor: Aktor) -> str:
    """The signed part of the actor's personal link; valid for ``PORTAL_LINK_DAYS`` and until revoked."""
    return signing.dumps({"a": aktor.pk, "g": aktor.lenkegenerasjon}, salt=LINK_SALT, compress=True)


def link_url(aktor: Aktor) -> str:
    return f"{settings.PORTAL_BASE_URL.rstrip('/')}/lenke/{link_code(aktor)}/"


class LinkError(PipelineError):
    """The link cannot be used; the message is Norwegian."""


def actor_from_link(code: str) -> Aktor:
    """The actor a link belongs to; :class:`LinkError` when it is altered, expired or revoked."""
    try:
        data = signing.loads(code, salt=LINK_SALT, max_age=settings.PORTAL_LINK_DAYS * 86400)
    except signing.SignatureExpired:
        raise LinkError("Lenken er utløpt. Be sekretariatet om en ny lenke.") from None
    except signing.BadSignature:
        raise LinkError("Lenken er ikke gyldig. Kontroller at hele lenken fra e-posten er med, "
                        "eller be sekretariatet om en ny.") from None
    aktor = Aktor.objects.filter(pk=data.get("a")).first()
    if aktor is None or aktor.sperret or aktor.lenkegenerasjon != data.get("g"):
        raise LinkError("Lenken er trukket tilbake. Be sekretariatet om en ny lenke.")
    return aktor


def log_in(request: HttpRequest, aktor: Aktor) -> None:
    request.session.cycle_key()
    request.session[SESSION_KEY] = [aktor.pk, aktor.lenkegenerasjon]


def session_actor(request: HttpRequest) -> Aktor | None:
    """The logged-in actor; none when the session's link has since been revoked."""
    value = request.session.get(SESSION_KEY)
    if not value:
        return None
    aktor = Aktor.objects.filter(pk=value[0]).select_related("runde").first()
    if aktor is None or aktor.sperret or aktor.lenkegenerasjon != value[1]:
        return None
    return aktor


def token_actor(request: HttpRequest) -> Aktor | None:
    """The actor of ``Authorization: Bearer TOKEN``; none when missing, unknown or blocked."""
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    aktor = Aktor.objects.filter(token_hash=hash_token(token.strip())).select_related("runde").first()
    return None if aktor is None or aktor.sperret else aktor


def client_address(request: HttpRequest) -> str:
    return request.META.get("REMOTE_ADDR", "")


def allow(kind: str, key: object, rate: tuple[int, int]) -> bool:
    """At most ``rate[0]`` calls for ``key`` in the ``rate[1]`` seconds from its first call (the counter starts
    again after that)."""
    limit, seconds = rate
    name = f"portal-rate:{kind}:{key}"
    cache.add(name, 0, seconds)
    try:
        return cache.incr(name) <= limit
    except ValueError:  # expired between add and incr
        cache.set(name, 1, seconds)
        return True


TOO_LARGE = "Filen er for stor. Største tillatte størrelse er {mb} MB."


def too_large_message() -> str:
    return TOO_LARGE.format(mb=f"{settings.PORTAL_MAX_UPLOAD / 1024 / 1024:.0f}")


class RequestSizeMiddleware:
    """Refuse a request body larger than ``PORTAL_MAX_REQUEST`` before it is read (413, Norwegian)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.PORTAL_MAX_REQUEST:
            if request.path.startswith("/api/"):
                return JsonResponse({"melding": too_large_message()}, status=413)
            from django.shortcuts import render
            return render(request, "portal/feil.html", {"melding": too_large_message(), "tittel": "For stor fil"},
                          status=413)
        return self.get_response(request)
