"""The secretariat's users: the «sekretariat» group, the approve permission, API tokens, and who a request is."""

from __future__ import annotations

from functools import wraps

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render

from pipeline.common.errors import PipelineError
from pipeline.portal import access, totpgate

GROUP = "sekretariat"
APPROVE = "portal.godkjenne"


class StaffError(PipelineError):
    """The user cannot be made (Norwegian message)."""


def is_staff(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active
                and (user.is_superuser or user.groups.filter(name=GROUP).exists()))


def create_user(name: str, password: str | None, *, approver: bool) -> str:
    """Create (or update) the secretariat user ``name`` in the group; returns a new API token (shown once)."""
    from django.contrib.auth.models import Group, Permission, User

    from pipeline.portal.models import SekretariatNokkel

    name = name.strip()
    if not name:
        raise StaffError("Oppgi et brukernavn med --sekretariat NAVN.")
    group, _ = Group.objects.get_or_create(name=GROUP)
    user, _ = User.objects.get_or_create(username=name)
    if password:
        user.set_password(password)
    elif not user.has_usable_password():
        user.set_unusable_password()
    user.is_active = True
    user.save()
    user.groups.add(group)
    permission = Permission.objects.get(codename="godkjenne", content_type__app_label="portal")
    if approver:
        user.user_permissions.add(permission)
    token, hashed = access.new_token()
    SekretariatNokkel.objects.update_or_create(bruker=user, defaults={"token_hash": hashed})
    return token


def token_user(request: HttpRequest):
    """The secretariat user of ``Authorization: Bearer TOKEN``, or none."""
    from pipeline.portal.models import SekretariatNokkel

    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    key = SekretariatNokkel.objects.filter(token_hash=access.hash_token(token.strip())).select_related("bruker").first()
    return key.bruker if key is not None and is_staff(key.bruker) else None


def staff_page(view):
    """A secretariat page: not logged in → the login page; logged in without the group → 403."""
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs):
        if not request.user.is_authenticated:
            return HttpResponseRedirect(f"/runde/logg-inn/?next={request.path}")
        if not is_staff(request.user):
            return render(request, "portal/feil.html", {"tittel": "Ingen tilgang",
                          "melding": "Denne siden er bare for sekretariatet."}, status=403)
        second_factor = totpgate.redirect(request)
        if second_factor is not None:
            return second_factor
        return view(request, *args, **kwargs)
    return wrapper


def staff_api(view):
    """A secretariat API call: the secretariat's token (or session); an actor's token gets 403, none 401."""
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        user = token_user(request) or (request.user if is_staff(request.user) and totpgate.passed(request) else None)
        if user is None:
            if access.token_actor(request) is not None or request.user.is_authenticated:
                return JsonResponse({"melding": "Bare sekretariatet har tilgang til dette."}, status=403)
            return JsonResponse({"melding": "Mangler gyldig API-nøkkel for sekretariatet "
                                 "(«Authorization: Bearer NØKKEL» fra «innrapportering portal bruker»)."}, status=401)
        request.user = user
        return view(request, *args, **kwargs)
    return wrapper
