"""Builders for reader tests: a minimal contract workbook and ways to damage it.

The workbook has every defined name of the contract (workbook-scoped, one cell
each) and all five tables, and nothing else (no labels), so any template text
the real layout adds cannot collide with it.
"""

from __future__ import annotations

import re
import struct
import zipfile
from datetime import datetime
from pathlib import Path
from typing import Callable

from openpyxl import Workbook
from openpyxl.utils.datetime import CALENDAR_MAC_1904
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.table import Table

from pipeline.contract import catalogue

VERSION_SHEET = "Versjon"
HEADER_ROW = 3  # table header row on each section sheet
NYTTE_HEADER_ROW = 10  # Nytteforutsetninger sits below the Nytte fields

FIELD_VALUES: dict[str, object] = {
    "Tiltak_Navn": "Felles journal",
    "Tiltak_Aktor": "Helse Nord RHF",
    "Tiltak_Kontaktperson": "Kari Nordmann",
    "Tiltak_KontaktEpost": "kari.nordmann@helse-nord.no",
    "Tiltak_Beskrivelse": "Første avsnitt.\n• punkt én\n• punkt to",
    "Tiltak_Segment": "Samstyre",
    "Tiltak_Fase": "Gjennomføre",
    "Tiltak_Sluttdato": datetime(2024, 12, 31),
    "Tiltak_Knytning": "Helsenorge, Kjernejournal",
    "Tiltak_Innsatsomrade": "1.1 - Modernisere journal- og samhandlingsløsninger",
    "Tiltak_Status": "Gul",
    "Tiltak_Statuskommentar": "Forsinket leveranse.",
    "Tiltak_Risiko": "Grønn",
    "Tiltak_Risikobeskrivelse": "Lav risiko.",
    "Tiltak_Innforingsstrategi": "Frivillig bruk",
    "Nytte_AntallAr": 10,
    "Nytte_NettoNytteverdi": 28.3,
    "Nytte_AnnenNytte": "Bedre samhandling.",
    "Nytte_HvemHarNytte": "Pasienter og helsepersonell.",
    "Nytte_Vurdering": "God.",
}

TABLE_ROWS: dict[str, list[list[object]]] = {
    "Leveranser": [
        ["Pilot", "Pilot i to kommuner", datetime(2022, 3, 1), "Ja"],
        ["Utrulling", "Alle kommuner", datetime(2023, 6, 30), "Nei"],
    ],
    "Avhengigheter": [
        ["Norsk helsenett", "HelseID", "Pålogging", "Nasjonale løsninger", "Høy", datetime(2022, 1, 15), "Ja", "Grønn"],
    ],
    "Kostnader": [["Helse Nord RHF", 2022, 12.5], ["Helse Nord RHF", 2023, 7]],
    "DriftOgForvaltning": [["Kjernejournal", 2024, -1.5]],
    "Nytteforutsetninger": [
        ["Andre prosjekter må gjennomføres", datetime(2022, 1, 1), "Høy", datetime(2023, 1, 1)],
        ["EPJ-utvikling, fastleger", None, None, None],
    ],
}


def field_sheet(name: str) -> str:
    if name == catalogue.TEMPLATE_VERSION_NAME:
        return VERSION_SHEET
    return catalogue.NYTTE_SHEET if name.startswith("Nytte_") else catalogue.HEADER_SHEET


def field_cell(name: str) -> tuple[str, str]:
    """(sheet, coordinate) of a defined name in the built workbook."""
    if name == catalogue.TEMPLATE_VERSION_NAME:
        return VERSION_SHEET, "B2"
    sheet = field_sheet(name)
    names = [n for n in catalogue.SINGLE_FIELDS if field_sheet(n) == sheet]
    return sheet, f"B{names.index(name) + 2}"


def section(table: str) -> catalogue.SectionSpec:
    return next(s for s in catalogue.TABLE_SECTIONS if s.table == table)


def table_header_row(table: str) -> int:
    return NYTTE_HEADER_ROW if table == "Nytteforutsetninger" else HEADER_ROW


def col_letter(index: int) -> str:
    return "ABCDEFGHIJ"[index]


def build_workbook(path: Path, *, fields: dict[str, object] | None = None,
                   tables: dict[str, list[list[object]]] | None = None, version: object = "1.0",
                   spare_rows: int = 2, omit_names: tuple[str, ...] = (), omit_tables: tuple[str, ...] = (),
                   date1904: bool = False, edit: Callable[[Workbook], None] | None = None) -> Path:
    """Write a contract workbook; ``edit`` may change it before it is saved."""
    fields = FIELD_VALUES if fields is None else fields
    tables = TABLE_ROWS if tables is None else tables
    wb = Workbook()
    wb.remove(wb.active)
    if date1904:
        wb.epoch = CALENDAR_MAC_1904
    sheets = [catalogue.HEADER_SHEET, *dict.fromkeys(s.sheet for s in catalogue.TABLE_SECTIONS), VERSION_SHEET]
    for title in dict.fromkeys(sheets):
        wb.create_sheet(title)
    for name in (*catalogue.SINGLE_FIELDS, catalogue.TEMPLATE_VERSION_NAME):
        sheet, coord = field_cell(name)
        value = version if name == catalogue.TEMPLATE_VERSION_NAME else fields.get(name)
        wb[sheet][coord] = value
        if isinstance(value, datetime):
            wb[sheet][coord].number_format = "dd.mm.yyyy"
        if name not in omit_names:
            wb.defined_names[name] = DefinedName(name, attr_text=f"'{sheet}'!${coord[0]}${coord[1:]}")
    for spec in catalogue.TABLE_SECTIONS:
        ws = wb[spec.sheet]
        top = table_header_row(spec.table)
        for i, header in enumerate(spec.headers):
            ws.cell(top, i + 1, header)
        rows = tables.get(spec.table, [])
        for r, row in enumerate(rows, start=top + 1):
            for c, value in enumerate(row, start=1):
                cell = ws.cell(r, c, value)
                if isinstance(value, datetime):
                    cell.number_format = "dd.mm.yyyy"
        if spec.table not in omit_tables:
            last = top + max(len(rows) + spare_rows, 1)
            ref = f"A{top}:{col_letter(len(spec.headers) - 1)}{last}"
            ws.add_table(Table(displayName=spec.table, ref=ref))
    if edit is not None:
        edit(wb)
    wb.save(path)
    return path


def sheet_part(path: Path, title: str) -> str:
    """The zip part of a worksheet, from workbook.xml and its relationships."""
    with zipfile.ZipFile(path) as zf:
        workbook = zf.read("xl/workbook.xml").decode()
        rels = zf.read("xl/_rels/workbook.xml.rels").decode()
    rid = re.search(rf'<sheet [^>]*name="{re.escape(title)}"[^>]*r:id="([^"]+)"', workbook).group(1)
    target = re.search(rf'<Relationship [^>]*Id="{rid}"[^>]*/>', rels).group(0)
    return "xl/" + re.search(r'Target="/?(?:xl/)?([^"]+)"', target).group(1)


def rewrite_zip(path: Path, changes: dict[str, Callable[[bytes], bytes] | bytes | None]) -> None:
    """Rewrite parts of a zip: a function edits a part, bytes replace/add it, None removes it."""
    with zipfile.ZipFile(path) as zf:
        parts = [(info, zf.read(info)) for info in zf.infolist()]
    names = {info.filename for info, _ in parts}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for info, data in parts:
            change = changes.get(info.filename, data)
            if change is None:
                continue
            zf.writestr(info.filename, change(data) if callable(change) else change)
        for name, change in changes.items():
            if name not in names and isinstance(change, bytes):
                zf.writestr(name, change)


def set_formula(path: Path, sheet: str, coord: str, formula: str, cached: str | None) -> None:
    """Make a cell a formula (``<f>``) with a cached string value (``<v>``) or none."""
    def edit(xml: bytes) -> bytes:
        text = xml.decode()
        pattern = re.compile(rf'<c r="{coord}"[^>]*?(?:/>|>.*?</c>)')
        assert pattern.search(text), f"{coord} not in sheet"
        value = f'<v>{cached}</v>' if cached is not None else ""
        kind = ' t="str"' if cached is not None else ""
        return pattern.sub(f'<c r="{coord}"{kind}><f>{formula}</f>{value}</c>', text, count=1).encode()
    rewrite_zip(path, {sheet_part(path, sheet): edit})


def compound_file(stream_names: list[str]) -> bytes:
    """A minimal OLE2 compound file (512-byte sectors): header, one FAT sector, one directory sector."""
    free, end, fat_sect, nostream = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
    header = bytearray(512)
    header[0:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHHHH", header, 0x18, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<I", header, 0x2C, 1)  # one FAT sector
    struct.pack_into("<I", header, 0x30, 1)  # directory starts in sector 1
    struct.pack_into("<IIIII", header, 0x38, 4096, end, 0, end, 0)
    struct.pack_into("<109I", header, 0x4C, 0, *([free] * 108))
    fat = struct.pack("<128I", fat_sect, end, *([free] * 126))
    directory = bytearray(512)
    for i, (name, kind) in enumerate([("Root Entry", 5), *((n, 2) for n in stream_names)][:4]):
        off = i * 128
        encoded = name.encode("utf-16-le") + b"\x00\x00"
        directory[off:off + len(encoded)] = encoded
        struct.pack_into("<HBB", directory, off + 0x40, len(encoded), kind, 1)
        struct.pack_into("<III", directory, off + 0x44, nostream, nostream, nostream)
        struct.pack_into("<II", directory, off + 0x74, end, 0)
    return bytes(header) + fat + bytes(directory)
