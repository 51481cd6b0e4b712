"""What the pages show of a stored report: findings grouped by sheet, counts, status words (pure)."""

from __future__ import annotations

from dataclasses import dataclass, field

WHOLE_BOOK = "Hele arbeidsboken"
SEVERITY = {"feil": "Feil", "advarsel": "Advarsel"}


@dataclass
class Finding:
    alvorlighet: str
    sted: str
    felt: str
    melding: str
    verdi: str

    @property
    def label(self) -> str:
        return SEVERITY.get(self.alvorlighet, self.alvorlighet)


@dataclass
class SheetFindings:
    ark: str
    funn: list[Finding] = field(default_factory=list)


def findings(report: dict) -> list[SheetFindings]:
    """The file's findings grouped by sheet, in the workbook's order; whole-book findings first."""
    groups: dict[str, SheetFindings] = {}
    items = [f for file in report.get("filer", []) for f in file.get("funn", [])] + list(report.get("hoppet_over", []))
    for item in items:
        sheet = item.get("ark", "") or WHOLE_BOOK
        place = f"{item['ark']}!{item['celle']}" if item.get("ark") and item.get("celle") else item.get("ark", "")
        groups.setdefault(sheet, SheetFindings(sheet)).funn.append(
            Finding(item.get("alvorlighet", ""), place, item.get("felt", ""), item.get("melding", ""), item.get("verdi", "")))
    ordered = sorted(groups.values(), key=lambda g: g.ark != WHOLE_BOOK)
    return ordered


def counts(report: dict) -> tuple[int, int]:
    """(errors, warnings) in the report."""
    files = report.get("filer", [])
    skipped_errors = sum(1 for i in report.get("hoppet_over", []) if i.get("alvorlighet") == "feil")
    return sum(f.get("feil", 0) for f in files) + skipped_errors, sum(f.get("advarsler", 0) for f in files)


def plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def verdict(report: dict) -> str:
    """«2 feil og 1 advarsel», «Ingen feil eller advarsler»."""
    errors, warnings = counts(report)
    if not errors and not warnings:
        return "Ingen feil eller advarsler"
    return f"{plural(errors, 'feil', 'feil')} og {plural(warnings, 'advarsel', 'advarsler')}"
