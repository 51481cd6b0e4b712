"""The HTTP API (docs/portal.md): ``POST /api/v1/innsendinger`` and ``GET /api/v1/tiltak``, token in
``Authorization: Bearer``. Refusals are JSON ``{"melding": …}`` with 401/403/404/413/422/429."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from pipeline.portal import access, services
from pipeline.portal.models import ForventetTiltak

NO_TOKEN = ("Mangler gyldig API-nøkkel. Send den i overskriften «Authorization: Bearer NØKKEL» "
            "(nøkkelen står i invitasjonen fra sekretariatet).")


def refusal(message: str, status: int, **extra) -> JsonResponse:
    return JsonResponse({"melding": message, **extra}, status=status, json_dumps_params={"ensure_ascii": False})


def _tiltak_row(tiltak: ForventetTiltak) -> dict:
    newest = services.latest(tiltak)
    return {"id": tiltak.pk, "navn": tiltak.navn, "segment": tiltak.segment,
            "status": services.status(tiltak, newest),
            "siste_versjon": None if newest is None else {
                "versjon": newest.pk, "fil": newest.filnavn, "sha256": newest.sha256,
                "tidspunkt": newest.tidspunkt.isoformat(), "resultat": newest.resultat}}


@require_GET
def tiltak_list(request: HttpRequest) -> JsonResponse:
    aktor = access.token_actor(request)
    if aktor is None:
        return refusal(NO_TOKEN, 401)
    runde = aktor.runde
    return JsonResponse({"aktor": aktor.navn, "periode": runde.periode,
                         "frist": runde.frist.strftime("%d.%m.%Y") if runde.frist else None,
                         "tiltak": [_tiltak_row(t) for t in aktor.tiltak.order_by("navn")]},
                        json_dumps_params={"ensure_ascii": False})


@csrf_exempt
@require_POST
def submit(request: HttpRequest) -> JsonResponse:
    aktor = access.token_actor(request)
    if aktor is None:
        return refusal(NO_TOKEN, 401)
    if not access.allow("opplasting", aktor.pk, settings.PORTAL_UPLOAD_RATE):
        return refusal("For mange opplastinger på kort tid. Vent et minutt og prøv igjen.", 429)
    upload = request.FILES.get("fil")
    if upload is None:
        return refusal("Mangler filen: send arbeidsboken som multipart-feltet «fil».", 422)
    if upload.size > settings.PORTAL_MAX_UPLOAD:
        return refusal(access.too_large_message(), 413)
    target = None
    if request.POST.get("tiltak"):
        target = aktor.tiltak.filter(pk=request.POST["tiltak"]).first() if request.POST["tiltak"].isdigit() else None
        if target is None:
            return refusal(f"Tiltak {request.POST['tiltak']} finnes ikke blant dine tiltak.", 403)
    outcome = services.receive(aktor, upload.read(), upload.name, uploader=f"{aktor.navn} (API)", kanal="api",
                               target=target, address=access.client_address(request))
    if not outcome.accepted:
        return refusal(outcome.refusal, outcome.code, innsending=outcome.innsending.pk, **outcome.report)
    tiltak = outcome.innsending.tiltak
    return JsonResponse({**outcome.report, "versjon": outcome.innsending.pk, "tiltak_id": tiltak.pk,
                         "status": services.status(tiltak)}, status=201, json_dumps_params={"ensure_ascii": False})
