"""Read a file with both readers: the direct one (zipfile + lxml) and openpyxl (the oracle).

:func:`read_both` gives the two ``RawWorkbook``s; :func:`index_both` the two sheet indexes in a
form that compares cell by cell (a cell openpyxl blanks under a merge, or keeps only for its
style, counts as absent when it has neither value nor format).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from unittest import mock

from pipeline.read import reader
from pipeline.read.direct import index_package
from pipeline.read.load import load_workbook_bytes
from pipeline.read.rawbook import RawWorkbook
from pipeline.read.safety import check_file
from pipeline.read.sheetindex import WorkbookIndex, index_workbook


def read_with_openpyxl(path: Path) -> RawWorkbook:
    """``read_workbook`` as it was before the direct reader: openpyxl for every file."""
    with mock.patch.object(reader, "index_package", side_effect=RuntimeError("bare openpyxl")):
        return reader.read_workbook(path)


def read_both(path: Path) -> tuple[RawWorkbook, RawWorkbook]:
    """(direct, openpyxl)."""
    return reader.read_workbook(path), read_with_openpyxl(path)


def _names(items: Any) -> list[tuple[str, Any, Any]]:
    return [(n, dn.attr_text, dn.localSheetId) for n, dn in items]


def comparable(index: WorkbookIndex) -> dict:
    """Everything the reading passes can see in an index, as plain values."""
    sheets = []
    for s in index.sheets:
        cells = {pos: (c.value, c.number_format or "General") for pos, c in s.cells.items()
                 if c.value is not None or (c.number_format or "General") != "General"}
        sheets.append({
            "title": s.title, "cells": cells, "rows": dict(s.rows), "formulas": dict(s.formulas),
            # openpyxl keeps merged ranges in a set (no stable order); the direct reader in document order
            "merged": sorted((m.coord, m.min_row, m.min_col, m.max_row, m.max_col) for m in s.merged),
            "tables": [(t.name, t.displayName, str(t.ref), t.headerRowCount, t.totalsRowCount,
                        [c.name for c in t.tableColumns]) for t in s.tables],
            "names": _names(s.defined_names),
        })
    return {"sheets": sheets, "names": _names(index.defined_names.items()), "date1904": index.date1904,
            "by_title": sorted(index.by_title)}


def index_both(path: Path) -> tuple[dict, dict]:
    """(direct, openpyxl) indexes of a file the safety checks accept, made comparable."""
    report = check_file(path)
    assert report.ok, report.issues
    direct = index_package(report.data, report.formulas, path.name)
    oracle = index_workbook(load_workbook_bytes(report.data), report.formulas, path.name)
    return comparable(direct), comparable(oracle)
