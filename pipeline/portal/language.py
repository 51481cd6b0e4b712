"""Which written standard an actor's pages are in, and the switch on every page (docs/malform.md, «Portalen»).

The default is the actor's ``malform`` in the round's ``[[forventet]]`` (the same rule as for the findings and the
feedback copy: :func:`pipeline.api.listed_standard`), else bokmål. The switch («Bokmål |
Nynorsk») is a plain link to ``/malform/?malform=…&neste=…``; the choice is kept in the session per actor (and for
the pages before logging in), so it works without JavaScript.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET

from pipeline import api
from pipeline.common.errors import PipelineError
from pipeline.common.malform import DEFAULT, Malform, parse_malform
from pipeline.portal import access, services
from pipeline.portal.models import Aktor

SESSION_KEY = "portal_malform"
#: The HTML language code of each standard.
LANG = {Malform.BOKMAL: "nb", Malform.NYNORSK: "nn"}
#: The upload addresses answer POST only; the switch on their answer leads back to the page they belong to.
_POST_ONLY = "last-opp/"
#: The secretariat's pages: always bokmål, no switch.
STAFF_PATHS = ("/runde/", "/sekretariat/")


def default_malform(aktor: Aktor | None) -> Malform:
    """The actor's standard in the round's rapport.toml (``malform`` in ``[[forventet]]``), else bokmål."""
    if aktor is None:
        return DEFAULT
    try:
        listed = api.listed_standard(services.report_settings(aktor.runde), "", aktor.navn)
    except (ValueError, PipelineError):  # settings that no longer read: the pages fall back to bokmål
        listed = None
    return listed or DEFAULT


def _key(aktor: Aktor | None) -> str:
    return str(aktor.pk) if aktor is not None else "-"


def current_malform(request: HttpRequest, aktor: Aktor | None) -> Malform:
    """The standard chosen with the switch for ``aktor`` (or before logging in), else the default."""
    saved = request.session.get(SESSION_KEY) or {}
    chosen = parse_malform(saved.get(_key(aktor))) or (parse_malform(saved.get("-")) if aktor is not None else None)
    return chosen or default_malform(aktor)


def _next_page(request: HttpRequest) -> str:
    path = request.path
    if request.method != "GET":
        path = path[: -len(_POST_ONLY)] if path.endswith(_POST_ONLY) else "/"
        return path
    return request.get_full_path()


def page_context(request: HttpRequest, aktor: Aktor | None) -> dict:
    """What base.html needs for the standard: ``malform``, ``html_lang`` and the switch's links."""
    malform = current_malform(request, aktor)
    from urllib.parse import urlencode

    here = _next_page(request)
    links = [{"navn": {Malform.BOKMAL: "Bokmål", Malform.NYNORSK: "Nynorsk"}[m], "lang": LANG[m],
              "url": "/malform/?" + urlencode({"malform": m.value, "neste": here}), "valgt": m is malform}
             for m in Malform]
    return {"malform": malform, "html_lang": LANG[malform], "malformvalg": links}


def error_context(request: HttpRequest, context: dict) -> dict:
    """An error page's context (``tittel``, ``melding`` in bokmål) in the standard of the actor's pages; the
    secretariat's pages (``/runde/``, ``/sekretariat/``) stay bokmål, without the switch."""
    if request.path.startswith(STAFF_PATHS):
        return context
    from pipeline.portal.texts import translate

    aktor = access.session_actor(request)
    shown = {**page_context(request, aktor), **context, "aktor": aktor}
    return {**shown, "tittel": translate(context["tittel"], shown["malform"]),
            "melding": translate(context["melding"], shown["malform"])}


def remember(request: HttpRequest, malform: Malform, aktor: Aktor | None = None) -> None:
    """Keep ``malform`` in the session for ``aktor`` (None: the pages before logging in)."""
    saved = dict(request.session.get(SESSION_KEY) or {})
    saved[_key(aktor)] = malform.value
    request.session[SESSION_KEY] = saved


@require_GET
def switch(request: HttpRequest) -> HttpResponseRedirect:
    """Keep the chosen standard for the logged-in actor (or for the pages before logging in) and go back."""
    chosen = parse_malform(request.GET.get("malform", ""))
    if chosen is not None:
        remember(request, chosen, access.session_actor(request))
    target = request.GET.get("neste", "/")
    if not target.startswith("/") or not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/"
    return HttpResponseRedirect(target)


def default_standard(request) -> dict[str, str]:
    """Context processor: ``malform`` is empty (bokmål) on every page whose view does not choose one (the
    secretariat's pages), so the shared partials that translate with ``|oversett:malform`` render there too."""
    return {"malform": ""}
