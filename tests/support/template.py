"""Helpers for the template and prefill tests: read workbooks back with plain openpyxl."""

from __future__ import annotations

import re
from datetime import datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path

import openpyxl
from openpyxl.utils.cell import range_boundaries
from openpyxl.workbook.workbook import Workbook

from pipeline.contract.catalogue import FieldSpec
from pipeline.contract.fields import Kind


def reopen(wb: Workbook, path: Path) -> Workbook:
    """Save ``wb`` and load it again with plain openpyxl."""
    wb.save(path)
    return openpyxl.load_workbook(path)


def name_cell(wb: Workbook, name: str) -> tuple[str, str]:
    """(sheet, coordinate) of a workbook-scoped defined name that must point at exactly one cell."""
    destinations = list(wb.defined_names[name].destinations)
    assert len(destinations) == 1, (name, destinations)
    sheet, ref = destinations[0]
    ref = ref.replace("$", "")
    assert ":" not in ref, (name, ref)
    return sheet, ref


def named_value(wb: Workbook, name: str):
    sheet, ref = name_cell(wb, name)
    return wb[sheet][ref].value


def find_table(wb: Workbook, name: str):
    """(worksheet, table) for a table name, wherever it is."""
    found = [(ws, ws.tables[name]) for ws in wb.worksheets if name in ws.tables]
    assert len(found) == 1, name
    return found[0]


def table_cells(wb: Workbook, name: str) -> tuple[list, list[list]]:
    """Header values and data rows (cell objects) inside the table's ref."""
    ws, table = find_table(wb, name)
    min_col, min_row, max_col, max_row = range_boundaries(table.ref)
    rows = [list(r) for r in ws.iter_rows(min_row=min_row, max_row=max_row, min_col=min_col, max_col=max_col)]
    return [c.value for c in rows[0]], rows[1:]


def table_values(wb: Workbook, name: str) -> tuple[list, list[list]]:
    headers, rows = table_cells(wb, name)
    return headers, [[c.value for c in row] for row in rows]


def covering(items, coordinate: str) -> list:
    """The data validations / conditional formats whose sqref contains ``coordinate``."""
    return [i for i in items if coordinate in i.sqref]


def comparable(spec: FieldSpec, value) -> object:
    """A record value or a cell value in one comparable form ("documented typing" undone)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return ""
    if spec.kind is Kind.MULTICHOICE:
        items = value if isinstance(value, list) else re.split(r"[,;\s]+", str(value).strip())
        return tuple(i for i in items if i)
    if spec.kind is Kind.DATE and isinstance(value, datetime):
        return value.strftime("%d.%m.%Y")
    if spec.kind in (Kind.NUMBER, Kind.INTEGER, Kind.YEAR):
        try:
            return Decimal(str(value).replace(",", ".")).normalize()
        except InvalidOperation:
            return str(value)
    return value
