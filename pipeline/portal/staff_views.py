"""The secretariat's pages: log in, the round's dashboard (htmx polling), send back / approve a submission,
«Lag Vedlegg 2» as a background job, and the audit log."""

from __future__ import annotations

from django.contrib.auth import logout
from django.contrib.auth.views import LoginView
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET, require_POST

from pipeline.portal import audit, dashboard, dashboard_filter, documents, history, jobs, services, verdicts
from pipeline.portal.models import ForventetTiltak, Innsending, Jobb
from pipeline.portal.rounds import current_round
from pipeline.portal.staff import APPROVE, staff_page
from pipeline.portal.views import attachment


class StaffLogin(LoginView):
    template_name = "portal/sekretariat_logg_inn.html"
    redirect_authenticated_user = False

    def form_valid(self, form):
        response = super().form_valid(form)
        audit.record("innlogging", "sekretariatet", by=audit.who(self.request), request=self.request)
        return response

    def get_default_redirect_url(self):
        return self.get_redirect_url() or "/runde/"


@require_POST
def staff_logout(request: HttpRequest) -> HttpResponse:
    logout(request)
    return HttpResponseRedirect("/runde/logg-inn/")


def _context(request) -> dict:
    runde = current_round()
    table = dashboard.rows(runde) if runde else []
    chosen = dashboard_filter.parse(request.GET, table)
    return {"runde": runde, "rader": dashboard_filter.apply(table, chosen), "totalt": dashboard.totals(table),
            "filter": chosen, "valg": dashboard_filter.choices(table), "alle_rader": len(table),
            "segmenter": dashboard.segment_totals(table), "sekretariat": request.user,
            "kan_godkjenne": request.user.has_perm(APPROVE),
            "jobb": runde.jobber.first() if runde else None}


@require_GET
@staff_page
def overview(request: HttpRequest) -> HttpResponse:
    context = _context(request)
    runde = context["runde"]
    context["historikk"] = history.labels(runde) if runde else []
    return render(request, "portal/runde.html", context)


@require_GET
@staff_page
def overview_table(request: HttpRequest) -> HttpResponse:
    """The table alone, for htmx polling."""
    return render(request, "portal/_runde_tabell.html", _context(request))


def _tiltak(pk: int) -> ForventetTiltak:
    return get_object_or_404(ForventetTiltak.objects.select_related("aktor", "runde"), pk=pk)


@require_GET
@staff_page
def submission(request: HttpRequest, pk: int) -> HttpResponse:
    tiltak = _tiltak(pk)
    newest = services.latest(tiltak)
    return render(request, "portal/runde_tiltak.html", {
        "tiltak": tiltak, "status": services.status(tiltak, newest), "siste": newest, "sekretariat": request.user,
        "versjoner": list(services.versions(tiltak).order_by("-tidspunkt", "-id")),
        "kan_godkjenne": request.user.has_perm(APPROVE), "melding": request.GET.get("ok", "")})


@require_POST
@staff_page
def send_back(request: HttpRequest, pk: int) -> HttpResponse:
    tiltak = _tiltak(pk)
    try:
        verdicts.send_back(tiltak, request.POST.get("kommentar", ""), by=audit.who(request), request=request)
    except verdicts.VerdictError as exc:
        return render(request, "portal/feil.html", {"tittel": "Mangler kommentar", "sekretariat": request.user,
                      "melding": str(exc)}, status=400)
    return HttpResponseRedirect(f"/runde/tiltak/{tiltak.pk}/?ok=sendt")


@require_POST
@staff_page
def approve(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.has_perm(APPROVE):
        return render(request, "portal/feil.html", {"tittel": "Ingen tilgang", "sekretariat": request.user,
                      "melding": "Du har ikke lov til å godkjenne innsendinger."}, status=403)
    tiltak = _tiltak(pk)
    try:
        verdicts.approve(tiltak, by=audit.who(request), request=request)
    except verdicts.VerdictError as exc:
        return render(request, "portal/feil.html", {"tittel": "Ingenting å godkjenne", "sekretariat": request.user,
                      "melding": str(exc)}, status=409)
    return HttpResponseRedirect(f"/runde/tiltak/{tiltak.pk}/?ok=godkjent")


@require_GET
@staff_page
def download_version(request: HttpRequest, pk: int) -> HttpResponse:
    innsending = get_object_or_404(Innsending, pk=pk)
    audit.record("nedlasting", f"{innsending.filnavn} (versjon {innsending.pk})", by=audit.who(request), request=request)
    return attachment(services.stored_path(innsending).read_bytes(), innsending.filnavn, "application/octet-stream")


@require_GET
@staff_page
def download_feedback(request: HttpRequest, pk: int) -> HttpResponse:
    """The marked copy of one version (as the actor gets it, in bokmål) for a version with findings."""
    innsending = get_object_or_404(Innsending, pk=pk)
    copy = documents.feedback(innsending)
    audit.record("nedlasting", f"tilbakemelding for versjon {innsending.pk}", by=audit.who(request), request=request)
    if copy is None:
        return render(request, "portal/feil.html", {"tittel": "Ingen tilbakemeldingskopi", "sekretariat": request.user,
                      "melding": "Denne versjonen har ingen funn å merke, eller filen kan ikke leses som arbeidsbok."},
                      status=404)
    return attachment(copy[1], copy[0])


@require_POST
@staff_page
def make_vedlegg2(request: HttpRequest) -> HttpResponse:
    runde = current_round()
    if runde is None:
        return render(request, "portal/feil.html", {"tittel": "Ingen runde", "sekretariat": request.user,
                      "melding": "Det finnes ingen runde ennå."}, status=409)
    jobb = jobs.order(runde, audit.who(request))
    audit.record("fletting", f"jobb {jobb.pk}", by=audit.who(request), request=request, details="bestilt")
    return HttpResponseRedirect(f"/runde/jobber/{jobb.pk}/")


@require_GET
@staff_page
def job(request: HttpRequest, pk: int) -> HttpResponse:
    jobb = get_object_or_404(Jobb, pk=pk)
    template = "portal/_jobb.html" if request.headers.get("HX-Request") else "portal/jobb.html"
    return render(request, template, {"jobb": jobb, "filer": jobs.attachments(jobb), "sekretariat": request.user})


@require_GET
@staff_page
def job_file(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    jobb = get_object_or_404(Jobb, pk=pk)
    path = jobs.attachments(jobb).get(kind)
    if path is None:
        return render(request, "portal/feil.html", {"tittel": "Finnes ikke", "sekretariat": request.user,
                      "melding": "Jobben er ikke ferdig, eller filen finnes ikke."}, status=404)
    audit.record("nedlasting", f"jobb {jobb.pk}: {path.name}", by=audit.who(request), request=request)
    return attachment(path.read_bytes(), path.name, "application/octet-stream")


@require_GET
@staff_page
def log_page(request: HttpRequest) -> HttpResponse:
    rows = audit.filtered(request.GET)[:500]
    return render(request, "portal/logg.html", {"rader": rows, "handlinger": audit.ACTIONS, "filter": request.GET,
                                                "sekretariat": request.user})
