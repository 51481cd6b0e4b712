"""Filters for the secretariat's dashboard: status, segment, aktør and «bare forsinket», read from the query
string and applied to the rows already read (no extra queries). Unknown values are ignored."""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.portal.dashboard import STATUSES, Row

#: The segment label of a tiltak without segment (as in :func:`dashboard.segment_totals`).
NO_SEGMENT = "Uten segment"


def _segment(row: Row) -> str:
    return row.tiltak.segment or NO_SEGMENT


@dataclass(frozen=True)
class Filter:
    status: str = ""
    segment: str = ""
    aktor: str = ""
    forsinket: bool = False

    @property
    def active(self) -> bool:
        return bool(self.status or self.segment or self.aktor or self.forsinket)

    def keeps(self, row: Row) -> bool:
        return ((not self.status or row.status == self.status)
                and (not self.segment or _segment(row) == self.segment)
                and (not self.aktor or row.tiltak.aktor.navn == self.aktor)
                and (not self.forsinket or row.forsinket))


def choices(table: list[Row]) -> dict[str, list[str]]:
    """The values the form offers: every status, and the segments and actors of the round."""
    return {"statuser": list(STATUSES), "segmenter": sorted({_segment(r) for r in table}),
            "aktorer": sorted({r.tiltak.aktor.navn for r in table})}


def parse(query, table: list[Row]) -> Filter:
    """The filter in ``query`` (a QueryDict or dict); a value the round does not have is ignored."""
    offered = choices(table)

    def pick(name: str, allowed: list[str]) -> str:
        value = (query.get(name) or "").strip()
        return value if value in allowed else ""

    return Filter(status=pick("status", offered["statuser"]), segment=pick("segment", offered["segmenter"]),
                  aktor=pick("aktor", offered["aktorer"]), forsinket=(query.get("forsinket") or "") in ("1", "on", "ja"))


def apply(table: list[Row], chosen: Filter) -> list[Row]:
    return [r for r in table if chosen.keeps(r)]
