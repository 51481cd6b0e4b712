"""The actor's pages: the personal link, the list of tiltak, one tiltak with its versions, uploads, downloads."""

from __future__ import annotations

from functools import wraps

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from pipeline import api
from pipeline.portal import access, audit, documents, language, presenting, services
from pipeline.portal.texts import translate
from pipeline.portal.models import Innsending, ForventetTiltak


def _page(request: HttpRequest, template: str, context: dict, status: int = 200) -> HttpResponse:
    context = {"maks_mb": f"{settings.PORTAL_MAX_UPLOAD / 1024 / 1024:.0f}",
               **language.page_context(request, context.get("aktor") or getattr(request, "aktor", None)), **context}
    for key in ("tittel", "melding"):  # the pages' own messages, in the actor's standard
        if key in context:
            context[key] = translate(context[key], context["malform"])
    return render(request, f"portal/{template}", context, status=status)


def _problem(request: HttpRequest, title: str, message: str, status: int) -> HttpResponse:
    return _page(request, "feil.html", {"tittel": title, "melding": message}, status)


def actor_required(view):
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs):
        aktor = access.session_actor(request)
        if aktor is None:
            return _problem(request, "Ikke logget inn", "Åpne den personlige lenken du fikk på e-post for å logge inn. "
                            "Er lenken utløpt eller trukket tilbake, be sekretariatet om en ny.", 401)
        request.aktor = aktor
        return view(request, *args, **kwargs)
    return wrapper


def attachment(data: bytes, name: str, content_type: str = documents.XLSX) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{_quote(name)}"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def _quote(name: str) -> str:
    from urllib.parse import quote
    return quote(name, safe="")


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    if access.session_actor(request) is not None:
        return HttpResponseRedirect("/tiltak/")
    return _page(request, "forside.html", {})


@require_http_methods(["GET", "POST"])
def link(request: HttpRequest, code: str) -> HttpResponse:
    """GET shows a confirm page (e-mail scanners open links); POST logs in."""
    if not access.allow("lenke", access.client_address(request), settings.PORTAL_LINK_RATE):
        return _problem(request, "For mange forsøk", "For mange forsøk på kort tid. Vent et minutt og prøv igjen.", 429)
    try:
        aktor = access.actor_from_link(code)
    except access.LinkError as exc:
        return _problem(request, "Lenken kan ikke brukes", str(exc), 410)
    if request.method == "GET":
        return _page(request, "bekreft.html", {"aktor": aktor})
    access.log_in(request, aktor)
    audit.record("innlogging", aktor.navn, by=aktor.navn, request=request, details="personlig lenke")
    return HttpResponseRedirect("/tiltak/")


@require_POST
def log_out(request: HttpRequest) -> HttpResponse:
    malform = language.current_malform(request, access.session_actor(request))
    request.session.flush()
    language.remember(request, malform)  # the page after logging out stays in the actor's standard
    return _page(request, "feil.html", {"tittel": "Logget ut", "melding": "Du er logget ut. Bruk lenken for å logge inn igjen."})


def _rows(aktor):
    rows = []
    for tiltak in aktor.tiltak.order_by("navn"):
        newest = services.latest(tiltak)
        rows.append({"tiltak": tiltak, "status": services.status(tiltak, newest), "siste": newest,
                     "antall": services.versions(tiltak).count()})
    return rows


@require_GET
@actor_required
def tiltak_list(request: HttpRequest) -> HttpResponse:
    return _page(request, "tiltak_liste.html", {"aktor": request.aktor, "rader": _rows(request.aktor)})


def _detail_context(aktor, tiltak: ForventetTiltak, shown: Innsending | None = None, malform=None, **extra) -> dict:
    newest = services.latest(tiltak)
    shown = shown or newest
    report = shown.report() if shown else None
    since_version, since_round = documents.changes(shown) if shown else (None, None)
    return {"aktor": aktor, "tiltak": tiltak, "status": services.status(tiltak, newest), "vist": shown,
            "grupper": presenting.findings(report, malform) if report else [],
            "oppsummering": presenting.verdict(report, malform) if report else "",
            "versjoner": list(services.versions(tiltak).order_by("-tidspunkt", "-id")),
            "avviste": list(tiltak.versjoner.exclude(avvist="").order_by("-tidspunkt", "-id")[:5]),
            "siden_versjon": since_version, "siden_runde": since_round,
            "har_forhandsutfylt": documents.previous_record(tiltak) is not None,
            "opplasting_url": f"/tiltak/{tiltak.pk}/last-opp/", **extra}


@require_GET
@actor_required
def tiltak_detail(request: HttpRequest, pk: int) -> HttpResponse:
    tiltak = get_object_or_404(ForventetTiltak, pk=pk, aktor=request.aktor)
    shown = None
    if request.GET.get("versjon", "").isdigit():
        shown = get_object_or_404(Innsending, pk=int(request.GET["versjon"]), tiltak=tiltak, avvist="")
    malform = language.current_malform(request, request.aktor)
    return _page(request, "tiltak.html", _detail_context(request.aktor, tiltak, shown, malform))


def _upload_error(request, aktor, tiltak: ForventetTiltak | None, message: str, status: int, kept: Innsending | None = None):
    malform = language.current_malform(request, aktor)
    message = presenting.refusal_in(message, kept.report() if kept else {}, malform)
    if tiltak is None:
        context = {"aktor": aktor, "rader": _rows(aktor), "feilmelding": message, "avvist": kept}
        return _page(request, "tiltak_liste.html", context, status)
    return _page(request, "tiltak.html", _detail_context(aktor, tiltak, None, malform, feilmelding=message, avvist=kept),
                 status)


@require_POST
@actor_required
def upload(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """Store a version; the page answers with its findings (or why the file was refused)."""
    aktor = request.aktor
    target = get_object_or_404(ForventetTiltak, pk=pk, aktor=aktor) if pk is not None else None
    if not access.allow("opplasting", aktor.pk, settings.PORTAL_UPLOAD_RATE):
        return _upload_error(request, aktor, target, "For mange opplastinger på kort tid. Vent et minutt og prøv igjen.", 429)
    upload_file = request.FILES.get("fil")
    if upload_file is None:
        return _upload_error(request, aktor, target, "Velg en arbeidsbok (.xlsx) å laste opp.", 400)
    if upload_file.size > settings.PORTAL_MAX_UPLOAD:
        return _upload_error(request, aktor, target, access.too_large_message(), 413)
    outcome = services.receive(aktor, upload_file.read(), upload_file.name, uploader=f"{aktor.navn} (nettleser)",
                               target=target, address=access.client_address(request))
    if not outcome.accepted:
        return _upload_error(request, aktor, target, outcome.refusal, outcome.code, outcome.innsending)
    tiltak = outcome.innsending.tiltak
    malform = language.current_malform(request, aktor)
    return _page(request, "tiltak.html", _detail_context(aktor, tiltak, outcome.innsending, malform, ny=True))


def _own_version(request, pk: int) -> Innsending:
    return get_object_or_404(Innsending.objects.select_related("aktor__runde"), pk=pk, aktor=request.aktor)


@require_GET
@actor_required
def download_version(request: HttpRequest, pk: int) -> HttpResponse:
    innsending = _own_version(request, pk)
    audit.record("nedlasting", f"{innsending.filnavn} (versjon {innsending.pk})", by=request.aktor.navn, request=request)
    return attachment(services.stored_path(innsending).read_bytes(), innsending.filnavn, "application/octet-stream")


@require_GET
@actor_required
def download_feedback(request: HttpRequest, pk: int) -> HttpResponse:
    innsending = _own_version(request, pk)
    copy = documents.feedback(innsending, language.current_malform(request, request.aktor))
    audit.record("nedlasting", f"tilbakemelding for versjon {innsending.pk}", by=request.aktor.navn, request=request)
    if copy is None:
        return _problem(request, "Ingen tilbakemeldingskopi", "Denne versjonen har ingen funn å merke, "
                        "eller filen kan ikke leses som arbeidsbok.", 404)
    return attachment(copy[1], copy[0])


@require_GET
@actor_required
def download_prefilled(request: HttpRequest, pk: int) -> HttpResponse:
    tiltak = get_object_or_404(ForventetTiltak, pk=pk, aktor=request.aktor)
    data = documents.prefilled(tiltak, language.current_malform(request, request.aktor))
    if data is None:
        return _problem(request, "Ingen forhåndsutfylt arbeidsbok", f"«{tiltak.navn}» var ikke med i forrige runde. "
                        "Bruk den tomme malen.", 404)
    audit.record("nedlasting", f"forhåndsutfylt arbeidsbok for {tiltak.navn}", by=request.aktor.navn, request=request)
    return attachment(data, f"{api.workbook_stems([tiltak.navn])[0]}.xlsx")


@require_GET
@actor_required
def download_template(request: HttpRequest) -> HttpResponse:
    audit.record("nedlasting", "tom mal", by=request.aktor.navn, request=request)
    malform = language.current_malform(request, request.aktor)
    return attachment(documents.template(malform), documents.template_name(malform))
