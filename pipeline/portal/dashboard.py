"""The secretariat's view of the round: one row per actor × tiltak with status, counts, last upload and
deadline, and totals per status and per segment (pure reads, no writes)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from django.db.models import OuterRef, Subquery
from django.utils import timezone

from pipeline.portal import presenting, services
from pipeline.portal.models import ForventetTiltak, Innsending, Runde

STATUSES = [services.MANGLER, services.HAR_FEIL, services.KLAR, "sendt tilbake", "godkjent"]
#: Statuses that are still waiting on the actor after the deadline.
OPEN = {services.MANGLER, services.HAR_FEIL, "sendt tilbake"}


@dataclass
class Row:
    tiltak: ForventetTiltak
    status: str
    feil: int
    advarsler: int
    siste: Innsending | None
    forsinket: bool
    #: A version came after the one approved (the approval no longer holds).
    ny_etter_godkjenning: bool

    def to_dict(self) -> dict:
        return {"id": self.tiltak.pk, "aktor": self.tiltak.aktor.navn, "tiltak": self.tiltak.navn,
                "segment": self.tiltak.segment, "status": self.status, "feil": self.feil,
                "advarsler": self.advarsler, "versjon": self.siste.pk if self.siste else None,
                "sist_opplastet": self.siste.tidspunkt.isoformat() if self.siste else None,
                "lastet_opp_av": self.siste.lastet_opp_av if self.siste else None,
                "forsinket": self.forsinket, "kommentar": self.tiltak.kommentar}


#: The newest version of the tiltak (as :func:`services.latest`), for all tiltak in one query.
_NEWEST = (Innsending.objects.filter(tiltak=OuterRef("pk"), avvist="").order_by("-tidspunkt", "-id").values("id")[:1])


def rows(runde: Runde, today: date | None = None) -> list[Row]:
    """One row per tiltak; two queries whatever the number of tiltak and versions."""
    today = today or timezone.localdate()
    late = runde.frist is not None and today > runde.frist
    result = []
    tiltak_list = list(runde.tiltak.select_related("aktor").annotate(siste_id=Subquery(_NEWEST))
                       .order_by("aktor__navn", "navn"))
    newest_by_id = Innsending.objects.defer("data").in_bulk([t.siste_id for t in tiltak_list if t.siste_id])
    for tiltak in tiltak_list:
        newest = newest_by_id.get(tiltak.siste_id)
        state = services.status(tiltak, newest) if newest else services.MANGLER
        errors, warnings = presenting.counts(newest.report()) if newest else (0, 0)
        renewed = bool(newest and tiltak.godkjent_versjon_id and tiltak.godkjent_versjon_id != newest.pk)
        result.append(Row(tiltak, state, errors, warnings, newest, late and state in OPEN, renewed))
    return result


def totals(table: list[Row]) -> dict[str, int]:
    counted = Counter(r.status for r in table)
    return {s: counted.get(s, 0) for s in STATUSES}


def segment_totals(table: list[Row]) -> list[tuple[str, dict[str, int]]]:
    segments: dict[str, list[Row]] = {}
    for row in table:
        segments.setdefault(row.tiltak.segment or "Uten segment", []).append(row)
    return [(name, totals(rows_)) for name, rows_ in sorted(segments.items())]


