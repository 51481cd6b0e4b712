"""Pre-filled workbooks: next round's template filled with last round's data.

The secretariat sends each actor the workbook of the previous round so that only
what changed has to be edited. Records are shaped like the seed JSON (see
``input/forrige-runde/`` and the seed README). Everything is written through the contract's
names only: single fields by defined name, rows by Excel table name and header
text, so the filled workbook reads back exactly like one an actor filled in.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime
from pathlib import Path
from typing import Any, Iterable

from openpyxl import Workbook
from openpyxl.cell import Cell
from openpyxl.formatting.formatting import ConditionalFormattingList
from openpyxl.worksheet.cell_range import CellRange, MultiCellRange
from openpyxl.worksheet.table import Table
from openpyxl.worksheet.worksheet import Worksheet

from pipeline.common.libprivate import copy_cell_style
from pipeline.common.malform import Malform
from pipeline.contract.catalogue import HEADER_FIELDS, SINGLE_FIELDS, TABLE_SECTIONS, FieldSpec, SectionSpec
from pipeline.contract.kinds.registry import kind_of
from pipeline.contract.settings import FormSettings
from pipeline.excel.template import DATE_FORMAT, build_template, fit_row


# ---------------------------------------------------------------- typing values
def _is_empty(raw: Any) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip()) or raw == []


def typed_value(spec: FieldSpec, raw: Any, vocabulary: Iterable[str] = ()) -> Any:
    """The cell value for a record value: dates, numbers and years typed; text that does not parse unchanged.

    The field's kind writes it (:meth:`pipeline.contract.kinds.FieldKind.cell_value`), reading record
    values as the export's reading back does. Empty values give ``None`` (the cell stays empty).
    """
    if _is_empty(raw):
        return None
    return kind_of(spec.kind).cell_value(raw, spec.meta, list(vocabulary))


def _write(cell: Cell, spec: FieldSpec, raw: Any, settings: FormSettings) -> None:
    vocabulary = settings.vokabular.get(spec.meta.vocabulary or "", [])
    value = typed_value(spec, raw, vocabulary)
    cell.value = value
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"  # text, never a formula
    if isinstance(value, datetime):
        cell.number_format = DATE_FORMAT


# ---------------------------------------------------------------- finding things by name
def named_cell(wb: Workbook, name: str) -> Cell:
    """The one cell a workbook-scoped defined name points at."""
    destinations = list(wb.defined_names[name].destinations)
    if len(destinations) != 1:
        raise ValueError(f"the defined name {name!r} points at {len(destinations)} ranges, expected one cell")
    sheet, ref = destinations[0]
    cell = wb[sheet][ref.replace("$", "")]
    if not isinstance(cell, Cell):
        raise ValueError(f"the defined name {name!r} points at {ref}, not at one cell")
    return cell


def find_table(wb: Workbook, name: str) -> tuple[Worksheet, Table]:
    """The sheet and the Excel table called ``name``."""
    for ws in wb.worksheets:
        if name in ws.tables:
            return ws, ws.tables[name]
    raise KeyError(f"no table named {name!r}")


def _columns(ws: Worksheet, table: Table, section: SectionSpec, malform: Malform = Malform.BOKMAL) -> dict[str, int]:
    """Field key -> column number, found by the contract's header texts (as the template of ``malform`` has them)."""
    bounds = CellRange(table.ref)
    by_header = {ws.cell(bounds.min_row, col).value: col for col in range(bounds.min_col, bounds.max_col + 1)}
    headers = section.headers_in(malform)
    missing = [h for h in headers if h not in by_header]
    if missing:
        raise ValueError(f"table {table.displayName!r} lacks the columns {missing}")
    return {spec.key: by_header[header] for spec, header in zip(section.columns, headers)}


# ---------------------------------------------------------------- growing a table
def _grown(ranges: MultiCellRange, table: CellRange, last_row: int) -> MultiCellRange:
    """``ranges`` with every range that ends on the table's last data row stretched to ``last_row``."""
    result = []
    for rng in ranges.ranges:
        inside = (table.min_col <= rng.min_col and rng.max_col <= table.max_col
                  and table.min_row < rng.min_row and rng.max_row == table.max_row)
        if inside:
            rng = CellRange(min_col=rng.min_col, min_row=rng.min_row, max_col=rng.max_col, max_row=last_row)
        result.append(rng)
    return MultiCellRange(result)


def extend_table(ws: Worksheet, table: Table, last_row: int) -> None:
    """Widen ``table`` down to ``last_row``: its ``ref``, cell styles and protection, validations, formatting.

    New rows copy the styles (number format, protection, alignment) of the table's
    last row; data validations and conditional formats that cover the table's
    data rows are stretched to the new rows.
    """
    bounds = CellRange(table.ref)
    if last_row <= bounds.max_row:
        return
    for row in range(bounds.max_row + 1, last_row + 1):
        for col in range(bounds.min_col, bounds.max_col + 1):
            cell = ws.cell(row, col)
            if cell.value is not None:
                raise ValueError(f"cannot widen table {table.displayName!r}: {ws.title}!{cell.coordinate} is not empty")
            copy_cell_style(ws.cell(bounds.max_row, col), cell)
    new_ref = CellRange(min_col=bounds.min_col, min_row=bounds.min_row, max_col=bounds.max_col, max_row=last_row).coord
    table.ref = new_ref
    if table.autoFilter is not None:
        table.autoFilter.ref = new_ref
    for dv in ws.data_validations.dataValidation:
        dv.sqref = _grown(dv.sqref, bounds, last_row)
    formats = ConditionalFormattingList()
    for cf in ws.conditional_formatting:
        for rule in cf.rules:
            formats.add(str(_grown(cf.sqref, bounds, last_row)), rule)
    formats.max_priority = ws.conditional_formatting.max_priority
    ws.conditional_formatting = formats


# ---------------------------------------------------------------- filling
def _normal(text: Any) -> str:
    return " ".join(str(text).split()).casefold()


def _row_slots(ws: Worksheet, table: Table, section: SectionSpec, rows: list[dict], name_col: int) -> list[int]:
    """The sheet row for each record row.

    Ordinary tables: from the first data row down. Nytteforutsetninger: the fixed
    row whose first column holds the same precondition, else a row appended below.
    """
    bounds = CellRange(table.ref)
    first = bounds.min_row + 1
    if section.key != "nytteforutsetninger":
        return [first + i for i in range(len(rows))]
    free = {}
    for row in range(first, bounds.max_row + 1):
        free.setdefault(_normal(ws.cell(row, name_col).value), []).append(row)
    next_extra = bounds.max_row + 1
    slots = []
    for record_row in rows:
        matches = free.get(_normal(record_row.get(section.name_column.key, "")))
        if matches:
            slots.append(matches.pop(0))
        else:
            slots.append(next_extra)
            next_extra += 1
    return slots


def _fill_table(wb: Workbook, section: SectionSpec, rows: list[dict], settings: FormSettings,
                malform: Malform = Malform.BOKMAL) -> None:
    assert section.table
    ws, table = find_table(wb, section.table)
    columns = _columns(ws, table, section, malform)
    slots = _row_slots(ws, table, section, rows, columns[section.name_column.key])
    if slots:
        extend_table(ws, table, max(slots))
    for row, record_row in zip(slots, rows):
        for spec in section.columns:
            if spec.key in record_row:
                _write(ws.cell(row, columns[spec.key]), spec, record_row[spec.key], settings)
        fit_row(ws, row, [(str(record_row.get(c.key) or ""), c.meta.width) for c in section.columns])


def _nytte(record: dict) -> dict:
    nytte = record.get("nytte") or {}
    if isinstance(nytte, list):
        return nytte[0] if nytte else {}
    return nytte


#: The vocabulary of a field without one whose values are nonetheless a list's (the fixed preconditions).
_FIXED_TEXTS = {("nytteforutsetninger", "forutsetning"): "nytteforutsetning"}


def _form_of(value: Any, vocabulary: str | None, settings: FormSettings) -> Any:
    """A list value in its nynorsk form (``[nynorsk]``); anything else as it is."""
    forms = settings.nynorsk.get(vocabulary or "", {})
    return forms.get(value, value) if isinstance(value, str) else value


def in_nynorsk(record: dict, settings: FormSettings) -> dict:
    """A seed-shaped record with every list value in its nynorsk form (what a nynorsk actor picks)."""
    out = {spec.key: _form_of(record[spec.key], spec.meta.vocabulary, settings)
           for spec in HEADER_FIELDS if spec.key in record}
    for section in TABLE_SECTIONS:
        lists = {c.key: _FIXED_TEXTS.get((section.key, c.key), c.meta.vocabulary) for c in section.columns}
        if section.key in record:
            out[section.key] = [{key: _form_of(value, lists.get(key), settings) for key, value in row.items()}
                                for row in record[section.key] or []]
    return {**record, **out}


def fill_workbook(record: dict, settings: FormSettings, malform: Malform = Malform.BOKMAL) -> Workbook:
    """The template of ``malform`` filled from one seed-shaped record (single fields by defined name, rows by
    table). A nynorsk template gets the list values in their nynorsk forms (see :func:`in_nynorsk`)."""
    wb = build_template(settings, malform)
    if malform is Malform.NYNORSK:
        record = in_nynorsk(record, settings)
    nytte = _nytte(record)
    for name, spec in SINGLE_FIELDS.items():
        source = record if spec in HEADER_FIELDS else nytte
        if spec.key in source:
            _write(named_cell(wb, name), spec, source[spec.key], settings)
    for section in TABLE_SECTIONS:
        _fill_table(wb, section, list(record.get(section.key) or []), settings, malform)
    return wb


# ---------------------------------------------------------------- files
_LETTERS = str.maketrans({"æ": "ae", "ø": "o", "å": "a"})


def slug(name: str) -> str:
    """A file name stem: lower case, æ→ae ø→o å→a, other non-alphanumerics → ``-``."""
    text = unicodedata.normalize("NFKD", name.lower().translate(_LETTERS))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-") or "tiltak"


def unique_stems(names: Iterable[str]) -> list[str]:
    """Slugs of ``names``, made unique with ``-2``, ``-3`` … in order."""
    seen: set[str] = set()
    stems = []
    for name in names:
        base = stem = slug(name)
        n = 1
        while stem in seen:
            n += 1
            stem = f"{base}-{n}"
        seen.add(stem)
        stems.append(stem)
    return stems


def prefill_files(records: list[dict], out_dir: Path, settings: FormSettings) -> list[Path]:
    """One pre-filled ``.xlsx`` per record in ``out_dir``, named after the tiltak; returns the paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for stem, record in zip(unique_stems(str(r.get("navn", "")) for r in records), records):
        path = out_dir / f"{stem}.xlsx"
        fill_workbook(record, settings).save(path)
        paths.append(path)
    return paths
