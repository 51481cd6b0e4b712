"""The secretariat's second factor (TOTP, :mod:`pipeline.portal.totp`): after the password a user with TOTP
turned on gives a 6-digit code before being logged in; turning it on shows the secret (text and otpauth URI)
and takes effect only when a code from the app is confirmed. ``PORTAL_TOTP_REQUIRED`` makes every secretariat
user turn it on at the next login."""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib.auth import get_user_model, login
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.views.decorators.http import require_http_methods, require_POST

from pipeline.portal import audit, totp
from pipeline.portal.models import Totrinn
from pipeline.portal.staff import is_staff, staff_page
from pipeline.portal.staff_views import StaffLogin
from pipeline.portal.totpgate import ENROL_URL, PASSED, PENDING, enrolled, passed

CODE_URL = "/runde/totrinn/"
#: How long the password step waits for the code (seconds), and how many wrong codes per user in 5 minutes
#: (kept in the cache: per server process, as the other limits).
PENDING_SECONDS = 300
RATE = (5, 300)
NEW_SECRET = "portal_totrinn_ny"
BACKEND = "django.contrib.auth.backends.ModelBackend"
#: The clock the codes are checked against (the tests set a fixed one).
clock = time.time


class StaffLoginWithCode(StaffLogin):
    """The secretariat's login: the password, then the code when the user has TOTP (or must have it)."""

    def form_valid(self, form):
        user = form.get_user()
        if not (is_staff(user) and (enrolled(user) or settings.PORTAL_TOTP_REQUIRED)):
            return super().form_valid(form)  # no mark: if TOTP is turned on later, this session must give a code
        self.request.session.cycle_key()
        self.request.session[PENDING] = {"bruker": user.pk, "neste": self.get_success_url(), "tid": clock()}
        return HttpResponseRedirect(CODE_URL if enrolled(user) else ENROL_URL)


def _pending(request: HttpRequest):
    data = request.session.get(PENDING)
    if not data or clock() - data["tid"] > PENDING_SECONDS:
        return None
    return get_user_model().objects.filter(pk=data["bruker"], is_active=True).first()


def _finish(request: HttpRequest, user, details: str) -> HttpResponse:
    target = request.session[PENDING]["neste"]
    login(request, user, backend=BACKEND)
    request.session.pop(PENDING, None)
    request.session[PASSED] = True
    audit.record("innlogging", "sekretariatet", by=audit.who(request), request=request, details=details)
    return HttpResponseRedirect(target)


def _page(request, template: str, context: dict, status: int = 200) -> HttpResponse:
    return render(request, f"portal/{template}", context, status=status)


def _checked(request: HttpRequest, user, secret: str, after: int) -> tuple[int | None, str | None]:
    """(the accepted time step, or why the code is refused, in Norwegian)."""
    wrong = f"portal-totrinn-feil:{user.pk}"
    if cache.get(wrong, 0) >= RATE[0]:
        return None, "For mange feil koder på kort tid. Vent fem minutter og prøv igjen."
    step = totp.accepted_step(secret, request.POST.get("kode", ""), clock(), after=after)
    if step is None:
        cache.add(wrong, 0, RATE[1])
        cache.incr(wrong)
        audit.record("totrinn", user.get_username(), by=f"{user.get_username()} (sekretariatet)", request=request,
                     details="feil kode")
        return None, ("Koden stemmer ikke. Skriv de 6 sifrene appen viser nå (en kode kan bare brukes én gang).")
    return step, None


@require_http_methods(["GET", "POST"])
def code(request: HttpRequest) -> HttpResponse:
    """The code after the password."""
    user = _pending(request)
    if user is None or not enrolled(user):
        return HttpResponseRedirect("/runde/logg-inn/")
    if request.method == "GET":
        return _page(request, "totrinn.html", {})
    record = Totrinn.objects.get(bruker=user, aktiv=True)
    step, problem = _checked(request, user, record.hemmelighet, record.siste_steg)
    if problem is not None or not Totrinn.objects.filter(pk=record.pk, siste_steg__lt=step).update(siste_steg=step):
        return _page(request, "totrinn.html", {"feil": problem or "Koden er allerede brukt."}, 400)
    return _finish(request, user, "med totrinnskode")


@require_http_methods(["GET", "POST"])
def enrol(request: HttpRequest) -> HttpResponse:
    """Turn TOTP on (or get a new secret): for a logged-in secretariat user, or one that must turn it on
    before logging in."""
    pending = _pending(request)
    user = request.user if is_staff(request.user) and passed(request) else pending
    if user is None or (user is pending and enrolled(user)):
        return HttpResponseRedirect("/runde/logg-inn/")
    secret = request.session.get(NEW_SECRET) or totp.new_secret()
    request.session[NEW_SECRET] = secret
    context = {"hemmelighet": totp.grouped(secret), "uri": totp.otpauth_uri(secret, user.get_username()),
               "aktiv": enrolled(user), "venter": user is pending, "sekretariat": None if user is pending else user}
    if request.method == "GET":
        return _page(request, "totrinn_ny.html", {**context, "ok": request.GET.get("ok", "")})
    step, problem = _checked(request, user, secret, 0)
    if problem is not None:
        return _page(request, "totrinn_ny.html", {**context, "feil": problem}, 400)
    Totrinn.objects.update_or_create(bruker=user, defaults={"hemmelighet": secret, "aktiv": True, "siste_steg": step})
    request.session.pop(NEW_SECRET, None)
    audit.record("totrinn", user.get_username(), by=f"{user.get_username()} (sekretariatet)", request=request,
                 details="slått på")
    if user is pending:
        return _finish(request, user, "totrinnsinnlogging slått på")
    request.session[PASSED] = True  # the code was just given in this session
    return HttpResponseRedirect(ENROL_URL + "?ok=1")


@require_POST
@staff_page
def turn_off(request: HttpRequest) -> HttpResponse:
    """Turn TOTP off (a current code is needed; not when it is required for everyone)."""
    record = Totrinn.objects.filter(bruker=request.user, aktiv=True).first()
    if settings.PORTAL_TOTP_REQUIRED or record is None:
        return _page(request, "feil.html", {"tittel": "Kan ikke slås av", "sekretariat": request.user,
                     "melding": "Totrinnsinnlogging er påkrevd for alle i sekretariatet, eller er ikke slått på."}, 409)
    step, problem = _checked(request, request.user, record.hemmelighet, 0)  # proof of the app; nothing to replay
    if problem is not None:
        return _page(request, "feil.html", {"tittel": "Ikke slått av", "sekretariat": request.user, "melding": problem}, 400)
    record.delete()
    audit.record("totrinn", request.user.get_username(), by=audit.who(request), request=request, details="slått av")
    return HttpResponseRedirect(ENROL_URL)
