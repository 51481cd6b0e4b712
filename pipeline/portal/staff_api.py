"""The secretariat's HTTP API (docs/portal.md «For sekretariatet»): the round as JSON, «Lag Vedlegg 2» as a
job, the job's state and files, and the audit log as CSV. An actor's token gets 403."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from pipeline.portal import audit, dashboard, dashboard_filter, jobs
from pipeline.portal.models import Jobb
from pipeline.portal.rounds import current_round
from pipeline.portal.staff import staff_api
from pipeline.portal.views import attachment

_JSON = {"json_dumps_params": {"ensure_ascii": False}}


@require_GET
@staff_api
def round_state(request: HttpRequest) -> JsonResponse:
    runde = current_round()
    if runde is None:
        return JsonResponse({"melding": "Det finnes ingen runde ennå."}, status=404, **_JSON)
    table = dashboard.rows(runde)
    chosen = dashboard_filter.parse(request.GET, table)  # the dashboard's filters; totals stay for the whole round
    return JsonResponse({"periode": runde.periode, "frist": runde.frist.strftime("%d.%m.%Y") if runde.frist else None,
                         "tiltak": [r.to_dict() for r in dashboard_filter.apply(table, chosen)], "totalt": dashboard.totals(table)}, **_JSON)


@csrf_exempt
@require_POST
@staff_api
def order_vedlegg2(request: HttpRequest) -> JsonResponse:
    runde = current_round()
    if runde is None:
        return JsonResponse({"melding": "Det finnes ingen runde ennå."}, status=409, **_JSON)
    who = audit.who(request)
    jobb = jobs.order(runde, who)
    audit.record("fletting", f"jobb {jobb.pk}", by=who, request=request, details="bestilt (API)")
    return JsonResponse({"jobb": jobb.pk, "status": jobb.status, "adresse": f"/api/v1/jobber/{jobb.pk}"},
                        status=202, **_JSON)


def _job(pk: int) -> Jobb | None:
    return Jobb.objects.filter(pk=pk).first()


@require_GET
@staff_api
def job_state(request: HttpRequest, pk: int) -> JsonResponse:
    jobb = _job(pk)
    if jobb is None:
        return JsonResponse({"melding": f"Jobb {pk} finnes ikke."}, status=404, **_JSON)
    files = {kind: f"/api/v1/jobber/{jobb.pk}/{kind}" for kind in jobs.attachments(jobb)}
    return JsonResponse({"jobb": jobb.pk, "status": jobb.status, "fremdrift": jobb.fremdrift,
                         "melding": jobb.melding, "filer": files}, **_JSON)


@require_GET
@staff_api
def job_file(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    jobb = _job(pk)
    path = jobs.attachments(jobb).get(kind) if jobb else None
    if path is None:
        return JsonResponse({"melding": "Jobben er ikke ferdig, eller filen finnes ikke."}, status=404, **_JSON)
    audit.record("nedlasting", f"jobb {jobb.pk}: {path.name}", by=audit.who(request), request=request)
    return attachment(path.read_bytes(), path.name, "application/octet-stream")


@require_GET
@staff_api
def log_csv(request: HttpRequest) -> HttpResponse:
    response = attachment(("\ufeff" + audit.as_csv(audit.filtered(request.GET))).encode("utf-8"), "logg.csv",
                          "text/csv; charset=utf-8")
    return response
