"""The audit log: one row per action (link issued, login, upload, download, comment, approval, merge)."""

from __future__ import annotations

import csv
import io

from pipeline.portal.models import Logghendelse

#: The actions, and how the log page names them.
ACTIONS = {
    "lenke": "Lenke utstedt",
    "innlogging": "Innlogging",
    "opplasting": "Opplasting",
    "nedlasting": "Nedlasting",
    "kommentar": "Sendt tilbake med kommentar",
    "godkjenning": "Godkjenning",
    "fletting": "Lag Vedlegg 2",
    "purring": "Påminnelse",
    "totrinn": "Totrinnsinnlogging",
}


def who(request) -> str:
    """The person behind a request: the secretariat user, else the logged-in actor."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"{user.get_username()} (sekretariatet)"
    aktor = getattr(request, "aktor", None)
    return aktor.navn if aktor is not None else "ukjent"


def record(action: str, what: str, *, by: str, request=None, details: str = "", address: str = "") -> Logghendelse:
    if request is not None:
        address = request.META.get("REMOTE_ADDR", "")
    return Logghendelse.objects.create(hvem=by[:300], handling=action, objekt=what[:500], detaljer=details,
                                       klientadresse=address[:100])


def filtered(params) -> "list[Logghendelse]":
    """The rows matching the page's filters: ``handling``, ``hvem`` (part of the name), ``fra``/``til`` (dates)."""
    rows = Logghendelse.objects.all()
    if params.get("handling") in ACTIONS:
        rows = rows.filter(handling=params["handling"])
    if params.get("hvem", "").strip():
        rows = rows.filter(hvem__icontains=params["hvem"].strip())
    for key, lookup in (("fra", "tidspunkt__date__gte"), ("til", "tidspunkt__date__lte")):
        value = _date(params.get(key, ""))
        if value is not None:
            rows = rows.filter(**{lookup: value})
    return rows


def _date(text: str):
    from datetime import date

    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        return None


def as_csv(rows) -> str:
    """The rows as CSV (semicolon, as Norwegian Excel opens it), times in Norwegian time."""
    from django.utils import timezone

    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(["tidspunkt", "hvem", "handling", "objekt", "detaljer", "klientadresse"])
    for row in rows:
        writer.writerow([timezone.localtime(row.tidspunkt).strftime("%d.%m.%Y %H:%M:%S"), row.hvem, row.handling,
                         row.objekt, row.detaljer, row.klientadresse])
    return out.getvalue()
