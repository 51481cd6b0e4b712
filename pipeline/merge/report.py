"""The secretariat's merge report: per file its tiltak, status and every issue; missing and
unexpected submissions. Written as ``merge-rapport.xlsx`` (for people, filterable in Excel) and
``merge-rapport.json`` (the same content, for machines) next to the document.
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

from pipeline.common.gridbook import PLAIN, GridSheet, Style, grid_workbook
from pipeline.contract.formatting import format_date
from pipeline.contract.settings import ReportSettings
from pipeline.merge.chase import CHASE_NAME, PreviousRound, chase_text, missing_rows
from pipeline.merge.plan import FileStatus, MergeOutcome
from pipeline.summary.changes import RoundChanges
from pipeline.contract.identity import tiltak_key
from pipeline.validate.batch import FileResult
from pipeline.contract.formatting import clean_xml_text

REPORT_XLSX = "merge-rapport.xlsx"
REPORT_JSON = "merge-rapport.json"

def report_data(outcome: MergeOutcome, report: ReportSettings, changes: RoundChanges | None = None,
                previous: PreviousRound = PreviousRound({})) -> dict[str, Any]:
    """Everything the merge found, as plain JSON-ready data (pure); ``previous``: contacts for the missing."""
    plan = outcome.plan
    files = [*plan.merged, *plan.rejected]
    files.sort(key=lambda f: f.name.casefold())
    statuses = [plan.status_of(f) for f in files]
    rows = [f.to_dict(status) for f, status in zip(files, statuses)]
    return {
        "periode": report.periode,
        "rapportdato": format_date(report.rapportdato),
        "dokument": str(outcome.document) if outcome.document else None,
        "oppsummering": {
            "arbeidsboker": len(rows),
            "slatt_sammen": sum(s.is_merged for s in statuses),
            "med_advarsler": statuses.count(FileStatus.MERGED_WARNINGS),
            "med_feil_lenient": statuses.count(FileStatus.MERGED_ERRORS),
            "avvist": statuses.count(FileStatus.REJECTED),
            "mangler": len(plan.absent),
            "uventet": len(plan.expected.unexpected),
        },
        "filer": rows,
        "mangler": missing_rows(plan.absent, previous),
        "uventet": _unexpected(files, plan.expected.unexpected),
        "hoppet_over": [i.to_dict() for i in outcome.check.skipped],
        "forrige": changes.previous.label if changes else None,
        "endringer": [c.to_dict() for c in changes.changes] if changes else [],
        "oppdatering": outcome.update.rows() if outcome.update else [],
    }


def _unexpected(files: list[FileResult], names: list[str]) -> list[dict[str, str]]:
    """Each unexpected submission with the segment, aktør and file its workbook gives."""
    wanted = {tiltak_key(n) for n in names}
    return [{"navn": f.tiltak.navn, "segment": f.tiltak.segment, "aktor": f.tiltak.aktor, "fil": f.name}
            for f in files if f.tiltak is not None and f.tiltak.navn and tiltak_key(f.tiltak.navn) in wanted]


# --- xlsx --------------------------------------------------------------------------------------

_HEAD = Style(bold=True, fill="DCE6F1")
_TEXT = Style(wrap=True)  # wrapped, at the top of the cell
_STATUS_FILL = {
    FileStatus.REJECTED: Style(fill="FF9999", wrap=True),
    FileStatus.MERGED_ERRORS: Style(fill="FFD966", wrap=True),
    FileStatus.STOPPED: Style(fill="FFD966", wrap=True),
}


def _sheet(title: str, headers: list[str], rows: list[list[Any]], widths: list[int],
           status_column: int | None = None) -> GridSheet:
    """A sheet with a bold header row, wrapped text cells, frozen header and a filter. Characters XML cannot hold
    (from file names, values) are left out; text is never a formula, whatever the actor typed (=, +, @)."""
    values = [[clean_xml_text(v) if isinstance(v, str) else v for v in row] for row in rows]
    styles = [[_HEAD] * len(headers)]
    for row in values:
        looks = [_TEXT if isinstance(v, str) else PLAIN for v in row]
        if status_column is not None and row[status_column] in _STATUS_FILL:  # FileStatus is a str: the text finds it
            looks[status_column] = _STATUS_FILL[row[status_column]]
        styles.append(looks)
    return GridSheet(title, [headers, *values], styles, widths, freeze_header=True, autofilter=bool(rows))


def report_xlsx(data: dict[str, Any]) -> bytes:
    """The merge report workbook: summary, overview, findings, missing and unexpected."""
    s = data["oppsummering"]
    sheets = [_sheet("Oversikt", ["Fil", "Tiltak", "Aktør", "Segment", "Status", "Feil", "Advarsler"],
                     [[r["fil"], r["tiltak"], r["aktor"], r["segment"], r["status"], r["feil"], r["advarsler"]]
                      for r in data["filer"]], [40, 45, 30, 12, 30, 8, 10], status_column=4)]
    sheets.append(_sheet("Funn", ["Fil", "Tiltak", "Grad", "Kode", "Ark", "Celle", "Felt", "Verdi", "Melding"],
                         [[r["fil"], r["tiltak"], i["alvorlighet"], i["kode"], i["ark"], i["celle"], i["felt"],
                           i["verdi"], i["melding"]] for r in data["filer"] for i in r["funn"]],
                         [35, 35, 10, 22, 18, 8, 25, 30, 80]))
    sheets.append(_sheet("Mangler og uventede", ["Hva", "Tiltak eller fil", "Segment", "Aktør", "Kontaktperson",
                                                 "E-post", "Merknad"],
                         [["mangler", m["navn"], m["segment"], m["aktor"], m["kontaktperson"], m["epost"],
                           f"forventet, men ikke i dokumentet: {m['grunn']}"
                           + (f" (kontakt fra {m['kilde']})" if m["kilde"] else "")] for m in data["mangler"]]
                         + [["uventet", u["navn"], u["segment"], u["aktor"], "", "",
                             f"mottatt ({u['fil']}), men ikke i listen over forventede"] for u in data["uventet"]]
                         + [["hoppet over", i["fil"], "", "", "", "", i["melding"]] for i in data["hoppet_over"]],
                         [14, 50, 14, 30, 25, 32, 60]))
    sheets.append(_sheet("Endringer", ["Tiltak", "Segment", "Hva", "Felt", "Leveranse", "Forrige", "Nå",
                                       "Forskyvning (mnd)"],
                         [[c["tiltak"], c["segment"], c["hva"], c["felt"], c["leveranse"], c["forrige"], c["naa"],
                           c["forskyvning_maneder"]] for c in data["endringer"]], [40, 12, 30, 12, 40, 20, 20, 12]))
    if data.get("oppdatering"):
        sheets.append(_sheet("Oppdatering", ["Del", "Navn", "Segment", "Endring", "Redigert", "Merknad"],
                             [[r["del"], r["navn"], r["segment"], r["endring"], "ja" if r["redigert"] else "nei",
                               r["merknad"]] for r in data["oppdatering"]], [12, 50, 14, 34, 10, 50]))
    summary = [[f"Flettingsrapport – {data['periode']}"]]
    summary += [[label, value] for label, value in [
        ("Rapportdato", data["rapportdato"]), ("Arbeidsbøker lest", s["arbeidsboker"]),
        ("Slått sammen", s["slatt_sammen"]), ("  herav med advarsler", s["med_advarsler"]),
        ("  herav med feil (--lenient)", s["med_feil_lenient"]), ("Avvist", s["avvist"]),
        ("Forventet, men mangler", s["mangler"]), ("Kom inn uten å være forventet", s["uventet"]),
        ("Sammenlignet med", data["forrige"] or "ingen forrige runde"),
        ("Endringer siden forrige rapport", len(data["endringer"])),
        ("Dokument", data["dokument"] or "ikke skrevet (et dokument fra før står uendret)")]]
    summary = [[clean_xml_text(v) if isinstance(v, str) else v for v in row] for row in summary]
    sheets.insert(0, GridSheet("Sammendrag", summary, [[Style(bold=True, size=14)]], [32, 50]))
    return grid_workbook(sheets)


def report_files(outcome: MergeOutcome, report: ReportSettings, folder: Path,
                 changes: RoundChanges | None = None,
                 previous: PreviousRound = PreviousRound({})) -> list[tuple[Path, bytes]]:
    """``merge-rapport.xlsx``, ``merge-rapport.json`` and ``purreliste.txt`` as (path, bytes), for writing."""
    data = report_data(outcome, report, changes, previous)
    return [(folder / REPORT_XLSX, report_xlsx(data)),
            (folder / REPORT_JSON, json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8")),
            (folder / CHASE_NAME, chase_text(outcome.plan.expected.missing, previous, report).encode("utf-8"))]
