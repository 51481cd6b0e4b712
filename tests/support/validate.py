"""Build RawWorkbook objects for validator tests (no files).

The layout here is the tests' own: header fields in column B of sheet «Tiltak»
from row 2 in catalogue order, Nytte fields in column B of sheet «Nytte» from row 2,
tables with their header in row 4 of their own sheet (Nytteforutsetninger: row 10
of «Nytte»), columns from A in catalogue order, plus blank rows at the end.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pipeline.contract.catalogue import HEADER_FIELDS, HEADER_SHEET, NYTTE_FIELDS, NYTTE_SHEET, SECTIONS_BY_KEY
from pipeline.read.rawbook import RawCell, RawTable, RawWorkbook

FILE = "heliks.xlsx"
OMIT = object()  # header/nytte value meaning "no defined name for this field"

HEADER_ROWS = {f.key: i for i, f in enumerate(HEADER_FIELDS, start=2)}
NYTTE_ROWS = {f.key: i for i, f in enumerate(NYTTE_FIELDS, start=2)}
TABLE_HEADER_ROW = {"nytteforutsetninger": 10}
BLANK_ROWS = 2

PRECONDITIONS = [
    "Andre prosjekter må gjennomføres",
    "EPJ-utvikling, fastleger",
    "EPJ-utvikling, kommune",
    "EPJ-utvikling, spesialist",
    "Organisasjonsutvikling, spesialist",
    "Organisasjonsutvikling, kommune",
    "Rutineendringer hos fastlegene",
]

VALID_HEADER: dict[str, Any] = {
    "navn": "Helhetlig samhandling",
    "aktor": "Helse Nord RHF",
    "kontaktperson": "Kari Nordmann",
    "kontakt_epost": "kari.nordmann@helse-nord.no",
    "beskrivelse": "Første avsnitt.\n• punkt én\n• punkt to",
    "segment": "Samstyre",
    "fase": "Gjennomføre",
    "sluttdato": datetime(2024, 12, 31),
    "knytning": "Helsenorge, Kjernejournal",
    "innsatsomrade": "1.1 - Modernisere journal- og samhandlingsløsninger",
    "status": "Gul",
    "kommentar_status": "Forsinket leveranse fra leverandør.",
    "risiko": "Grønn",
    "risiko_beskrivelse": "Lav risiko.",
    "innforingsstrategi": "Styrt til full utbredelse",
}

VALID_NYTTE: dict[str, Any] = {
    "antall_ar": 10,
    "netto_nytteverdi": 191.5,
    "annen_nytte": "Bedre kvalitet.",
    "hvem": "Pasienter og helsepersonell",
    "vurdering": "God.",
}

VALID_TABLES: dict[str, list[dict[str, Any]]] = {
    "leveranser": [
        {"navn": "Pilot", "beskrivelse": "Pilot i Bodø", "sluttdato": datetime(2021, 6, 30), "levert": "Ja"},
        {"navn": "Utrulling", "beskrivelse": "", "sluttdato": datetime(2022, 12, 31), "levert": "Nei"},
    ],
    "avhengigheter": [
        {"aktor": "Norsk helsenett", "hva": "HelseID", "bruk": "Pålogging", "kategori": "Nasjonale løsninger",
         "kritikalitet": "Høy", "frist": datetime(2022, 3, 1), "avklart_plan": "Ja", "status": "Oppfylt"},
    ],
    "kostnader": [
        {"finansierende_virksomhet": "Helsedirektoratet", "ar": 2021, "belop": 28.3},
        {"finansierende_virksomhet": "Egen virksomhet", "ar": 2022, "belop": 9},
    ],
    "drift": [
        {"losning": "Kjernejournal", "ar": 2023, "endring": -1.5},
    ],
    "nytteforutsetninger": [
        {"forutsetning": "EPJ-utvikling, kommune", "start": datetime(2021, 1, 1), "kritikalitet": "Medium",
         "frist": datetime(2022, 1, 1)},
    ],
}


def header_cell(key: str, value: Any) -> RawCell:
    return RawCell(HEADER_SHEET, f"B{HEADER_ROWS[key]}", value)


def nytte_cell(key: str, value: Any) -> RawCell:
    return RawCell(NYTTE_SHEET, f"B{NYTTE_ROWS[key]}", value)


def header_ref(key: str) -> tuple[str, str]:
    return HEADER_SHEET, f"B{HEADER_ROWS[key]}"


def nytte_ref(key: str) -> tuple[str, str]:
    return NYTTE_SHEET, f"B{NYTTE_ROWS[key]}"


def table_ref(section_key: str, index: int, key: str) -> tuple[str, str]:
    """(sheet, cell) of column ``key`` in data row ``index`` (0-based) of a section's table."""
    section = SECTIONS_BY_KEY[section_key]
    column = [c.key for c in section.columns].index(key)
    row = TABLE_HEADER_ROW.get(section_key, 4) + 1 + index
    return section.sheet, f"{chr(ord('A') + column)}{row}"


def precondition_rows(filled: dict[str, dict[str, Any]] | None = None) -> list[dict[str, Any]]:
    """The seven fixed preconditions, with the given ones filled in."""
    filled = filled or {}
    return [{"forutsetning": text, **filled.get(text, {})} for text in PRECONDITIONS]


def make_table(section_key: str, rows: list[dict[str, Any]], blank_rows: int = BLANK_ROWS) -> RawTable:
    section = SECTIONS_BY_KEY[section_key]
    header_row = TABLE_HEADER_ROW.get(section_key, 4)
    raw_rows = []
    for index, values in enumerate([*rows, *({} for _ in range(blank_rows))]):
        raw_rows.append({c.key: RawCell(*table_ref(section_key, index, c.key), values.get(c.key))
                         for c in section.columns})
    assert section.table is not None
    return RawTable(section.table, section.sheet, header_row, raw_rows)


def build_workbook(header: dict[str, Any] | None = None, nytte: dict[str, Any] | None = None,
                   tables: dict[str, list[dict[str, Any]]] | None = None, *, version: Any = "1.0",
                   date1904: bool = False, valid_tables: bool = True) -> RawWorkbook:
    """A valid Samstyre workbook, with ``header``/``nytte`` values and ``tables`` rows replaced.

    A table given in ``tables`` replaces that table's rows (Nytteforutsetninger rows are
    given as whole rows; see :func:`precondition_rows`). ``valid_tables=False`` starts
    from empty tables (Nytteforutsetninger: the seven fixed rows, unfilled).
    """
    header_values = {**VALID_HEADER, **(header or {})}
    nytte_values = {**VALID_NYTTE, **(nytte or {})}
    fields = {f.meta.name: header_cell(f.key, header_values[f.key]) for f in HEADER_FIELDS
              if header_values[f.key] is not OMIT}
    fields.update({f.meta.name: nytte_cell(f.key, nytte_values[f.key]) for f in NYTTE_FIELDS
                   if nytte_values[f.key] is not OMIT})
    base = VALID_TABLES if valid_tables else {"nytteforutsetninger": []}
    all_rows = {**{k: [] for k in VALID_TABLES}, **base, **(tables or {})}
    if "nytteforutsetninger" not in (tables or {}):
        given = {r["forutsetning"]: r for r in all_rows["nytteforutsetninger"]}
        all_rows["nytteforutsetninger"] = precondition_rows(given)
    raw_tables = {SECTIONS_BY_KEY[k].table: make_table(k, rows) for k, rows in all_rows.items()}
    version_cell = None if version is OMIT else RawCell("Lister", "A1", version)
    return RawWorkbook(FILE, fields, raw_tables, version_cell, date1904)  # type: ignore[arg-type]


def empty_nytte() -> dict[str, Any]:
    return {key: None for key in NYTTE_ROWS}


def only(issues, code) -> list:
    """The issues with a given Code."""
    return [i for i in issues if i.code == code.code]

