"""The secretariat's reminder page: preview the reminders, send them, and send a failed one again."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_POST

from pipeline.portal import audit, reminders
from pipeline.portal.rounds import current_round
from pipeline.portal.staff import staff_page


def _no_round(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/feil.html", {"tittel": "Ingen runde", "sekretariat": request.user,
                  "melding": "Det finnes ingen runde ennå."}, status=409)


@require_GET
@staff_page
def preview(request: HttpRequest) -> HttpResponse:
    runde = current_round()
    if runde is None:
        return _no_round(request)
    items = reminders.chase(runde)
    return render(request, "portal/purring.html", {
        "runde": runde, "sekretariat": request.user,
        "klare": [r for r in items if not r.problem], "uten": [r for r in items if r.problem],
        "ikke_sendt": [p for p in reminders.unresolved_failures(runde) if p.tiltak_id in {r.tiltak.pk for r in items}],
        "tidligere": runde.purringer.select_related("tiltak")[:200],
        "sendt": request.GET.get("sendt", ""), "feilet": request.GET.get("feilet", "")})


@require_POST
@staff_page
def send(request: HttpRequest) -> HttpResponse:
    """Send all reminders, or only those of the tiltak ids posted as ``tiltak`` («Send på nytt»)."""
    runde = current_round()
    if runde is None:
        return _no_round(request)
    chosen = {int(v) for v in request.POST.getlist("tiltak") if v.isdigit()} or None
    rows = reminders.send(reminders.chase(runde, chosen), by=audit.who(request), request=request)
    failed = sum(1 for r in rows if r.status == r.Status.FEILET)
    return HttpResponseRedirect(f"/runde/purring/?sendt={len(rows) - failed}&feilet={failed}")
