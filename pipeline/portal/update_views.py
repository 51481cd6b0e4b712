"""«Oppdater et redigert Vedlegg 2» for the secretariat: the page ``/runde/oppdater/`` (upload the edited DOCX)
and ``POST /api/v1/runde/oppdater``; both order a background job (:mod:`pipeline.portal.updating`) and answer
with it, as «Lag Vedlegg 2» does."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from pipeline.portal import access, audit, jobs, services
from pipeline.portal.models import Jobb
from pipeline.portal.rounds import current_round
from pipeline.portal.staff import staff_api, staff_page

_JSON = {"json_dumps_params": {"ensure_ascii": False}}
NO_FILE = "Velg Vedlegg 2-dokumentet (.docx) som redaktørene har redigert."
NO_ROUND = "Det finnes ingen runde ennå."


def _problem(request, upload) -> tuple[str, int]:
    """Why the request cannot order an update (message, status), or ("", 0)."""
    if current_round() is None:
        return NO_ROUND, 409
    if upload is None:
        return NO_FILE, 422
    if upload.size > settings.PORTAL_MAX_UPLOAD:
        return access.too_large_message(), 413
    return "", 0


def _order(request, upload, channel: str) -> Jobb:
    who = audit.who(request)
    shown = services.display_name(upload.name)
    stored = services.store_file(upload.read())  # kept as uploaded; the job works on a copy
    jobb = jobs.order(current_round(), who, slag=Jobb.Slag.OPPDATER, redigert=stored, redigert_navn=shown)
    audit.record("fletting", f"jobb {jobb.pk}", by=who, request=request, details=f"oppdater {shown}, bestilt{channel}")
    return jobb


@require_http_methods(["GET", "POST"])
@staff_page
def update_page(request: HttpRequest) -> HttpResponse:
    context = {"runde": current_round(), "sekretariat": request.user,
               "maks_mb": f"{settings.PORTAL_MAX_UPLOAD / 1024 / 1024:.0f}"}
    if request.method == "GET":
        return render(request, "portal/runde_oppdater.html", context)
    upload = request.FILES.get("fil")
    message, status = _problem(request, upload)
    if message:
        return render(request, "portal/runde_oppdater.html", {**context, "feilmelding": message}, status=status)
    return HttpResponseRedirect(f"/runde/jobber/{_order(request, upload, '').pk}/")


@csrf_exempt
@require_POST
@staff_api
def update_api(request: HttpRequest) -> JsonResponse:
    upload = request.FILES.get("fil")
    message, status = _problem(request, upload)
    if message:
        return JsonResponse({"melding": message}, status=status, **_JSON)
    jobb = _order(request, upload, " (API)")
    return JsonResponse({"jobb": jobb.pk, "status": jobb.status, "adresse": f"/api/v1/jobber/{jobb.pk}"},
                        status=202, **_JSON)
