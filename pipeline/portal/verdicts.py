"""The secretariat's verdict on a tiltak (approve, send back) and which version goes into Vedlegg 2.

One place for both, used by the dashboard, Django's admin, «Lag Vedlegg 2» and ``portal eksport``:

* :func:`approve` locks the latest version (``godkjent_versjon``) and writes the audit row, wherever the
  approval is made;
* :func:`chosen_version` picks the version per tiltak after the setting ``PORTAL_VERSION_CHOICE``
  (``INNRAPPORTERING_PORTAL_VERSJONSVALG``).
"""

from __future__ import annotations

from django.conf import settings

from pipeline.common.errors import PipelineError
from pipeline.portal import audit, services
from pipeline.portal.models import ForventetTiltak, Innsending

#: The approved version, else the latest version without errors (the default).
APPROVED_ELSE_CLEAN = "godkjent-ellers-siste-rene"
#: Only approved versions; a tiltak without an approval is left out.
APPROVED_ONLY = "bare-godkjent"
#: The latest version, errors or not (what ``portal eksport`` used to take).
LATEST = "siste"
CHOICES = (APPROVED_ELSE_CLEAN, APPROVED_ONLY, LATEST)
GODKJENT = ForventetTiltak.Vurdering.GODKJENT.value
SENDT_TILBAKE = ForventetTiltak.Vurdering.SENDT_TILBAKE.value


class VerdictError(PipelineError):
    """The verdict or the version choice cannot be made (Norwegian message)."""


def version_choice() -> str:
    """The configured choice; an unknown value is an error naming the variable and the allowed values."""
    choice = str(getattr(settings, "PORTAL_VERSION_CHOICE", APPROVED_ELSE_CLEAN)).strip()
    if choice not in CHOICES:
        raise VerdictError(f"INNRAPPORTERING_PORTAL_VERSJONSVALG er «{choice}», men må være én av: "
                           + ", ".join(CHOICES) + ".")
    return choice


def approved_version(tiltak: ForventetTiltak) -> Innsending | None:
    """The locked version while the verdict is «godkjent» (a newer upload clears the verdict)."""
    if tiltak.vurdering == GODKJENT and tiltak.godkjent_versjon_id:
        return tiltak.godkjent_versjon
    return None


def chosen_version(tiltak: ForventetTiltak, choice: str | None = None) -> Innsending | None:
    """The version of ``tiltak`` that goes into the document (and ``portal eksport``), or none."""
    choice = choice or version_choice()
    if choice == LATEST:
        return services.latest(tiltak)
    approved = approved_version(tiltak)
    if approved is not None or choice == APPROVED_ONLY:
        return approved
    return services.versions(tiltak).exclude(resultat="feil").last()


def approve(tiltak: ForventetTiltak, *, by: str, request=None) -> Innsending:
    """Approve the latest version: verdict «godkjent», that version locked, the comment cleared, one audit row."""
    newest = services.latest(tiltak)
    if newest is None:
        raise VerdictError(f"«{tiltak.navn}» har ingen versjon ennå, så det er ingenting å godkjenne.")
    ForventetTiltak.objects.filter(pk=tiltak.pk).update(vurdering=GODKJENT, godkjent_versjon=newest, kommentar="")
    tiltak.vurdering, tiltak.godkjent_versjon, tiltak.kommentar = GODKJENT, newest, ""
    audit.record("godkjenning", f"{tiltak.navn} ({tiltak.aktor.navn})", by=by, request=request,
                 details=f"versjon {newest.pk} ({newest.filnavn}, SHA-256 {newest.sha256[:12]}…)")
    return newest


def send_back(tiltak: ForventetTiltak, comment: str, *, by: str, request=None) -> None:
    """Send back with a comment the actor sees: any approval is lifted; one audit row."""
    comment = comment.strip()
    if not comment:
        raise VerdictError("Skriv hva aktøren skal rette før tiltaket sendes tilbake.")
    ForventetTiltak.objects.filter(pk=tiltak.pk).update(vurdering=SENDT_TILBAKE, kommentar=comment,
                                                        godkjent_versjon=None)
    tiltak.vurdering, tiltak.kommentar, tiltak.godkjent_versjon = SENDT_TILBAKE, comment, None
    audit.record("kommentar", f"{tiltak.navn} ({tiltak.aktor.navn})", by=by, request=request, details=comment)
