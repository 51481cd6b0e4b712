"""Whether a secretariat session has passed the second factor (TOTP), for every secretariat page and API call.

A user with TOTP turned on is logged in only after the code (``twofactor``), which marks the session; a
session without the mark (e.g. logged in some other way) is sent back to the login. With
``PORTAL_TOTP_REQUIRED`` a user without TOTP is sent to turn it on before any other page.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponseRedirect

#: Session keys: the user waiting for the code after the password, and the mark of a passed code.
PENDING = "portal_totrinn_venter"
PASSED = "portal_totrinn_ok"
ENROL_URL = "/runde/totrinn/ny/"


def enrolled(user) -> bool:
    from pipeline.portal.models import Totrinn

    return Totrinn.objects.filter(bruker=user, aktiv=True).exists()


def passed(request: HttpRequest) -> bool:
    """The session's user has no TOTP (and none is required), or passed the code in this session."""
    if request.session.get(PASSED):
        return True
    return not enrolled(request.user) and not settings.PORTAL_TOTP_REQUIRED


def redirect(request: HttpRequest) -> HttpResponseRedirect | None:
    """Where a logged-in secretariat user must go first, or none."""
    if passed(request):
        return None
    if enrolled(request.user):
        from django.contrib.auth import logout

        logout(request)
        return HttpResponseRedirect(f"/runde/logg-inn/?next={request.path}")
    return HttpResponseRedirect(ENROL_URL)
