"""Norwegian error pages (and JSON under /api/) instead of Django's English defaults."""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.shortcuts import render

MESSAGES = {
    400: ("Ugyldig forespørsel", "Forespørselen kunne ikke behandles. Gå tilbake og prøv igjen."),
    403: ("Ingen tilgang", "Du har ikke tilgang til denne siden."),
    404: ("Fant ikke siden", "Siden finnes ikke, eller den hører til en annen aktør."),
    500: ("Noe gikk galt", "Det oppstod en feil hos oss. Prøv igjen om litt; meld fra til sekretariatet hvis det "
                           "gjentar seg."),
}
CSRF = ("Skjemaet er utløpt", "Skjemaet kunne ikke sendes fordi sikkerhetskoden mangler eller er utløpt. "
        "Last siden på nytt og prøv igjen. Informasjonskapsler må være slått på.")


def _answer(request: HttpRequest, status: int, title: str, message: str):
    if request.path.startswith("/api/"):
        return JsonResponse({"melding": message}, status=status, json_dumps_params={"ensure_ascii": False})
    context = {"tittel": title, "melding": message}
    if status != 500:  # the actor's pages in the actor's standard (a 500 page asks nothing of the database)
        from pipeline.portal import language

        context = language.error_context(request, context)
    return render(request, "portal/feil.html", context, status=status)


def bad_request(request, exception=None):
    return _answer(request, 400, *MESSAGES[400])


def permission_denied(request, exception=None):
    return _answer(request, 403, *MESSAGES[403])


def not_found(request, exception=None):
    return _answer(request, 404, *MESSAGES[404])


def server_error(request):
    return _answer(request, 500, *MESSAGES[500])


def csrf_failure(request, reason=""):
    return _answer(request, 403, *CSRF)
