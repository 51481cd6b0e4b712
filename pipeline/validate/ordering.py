"""Issues in workbook order: the header sheet, then the sections' sheets, each by row and column."""

from __future__ import annotations

from collections.abc import Iterable

from pipeline.common.cells import first_cell_position
from pipeline.contract.catalogue import HEADER_FIELDS, HEADER_SHEET, SECTIONS
from pipeline.contract.issues import Code, Issue
from pipeline.read.rawbook import RawCell, RawWorkbook

_VERSION_CODES = {Code.VERSION_MISSING, Code.VERSION_UNKNOWN}


def cell_position(cell: str) -> tuple[int, int]:
    """(row, column) of ``C7`` (or of a range's first cell); (0, 0) when there is none."""
    return first_cell_position(cell)


def first_cell(cells: Iterable[RawCell]) -> RawCell | None:
    """The top-left non-empty cell."""
    filled = [c for c in cells if not c.is_empty]
    return min(filled, key=lambda c: cell_position(c.coordinate)) if filled else None


def sheet_order(raw: RawWorkbook) -> list[str]:
    """The sheets in workbook order: the header sheet, then the sections' sheets in catalogue order."""
    sheets = [raw.fields[f.meta.name].sheet for f in HEADER_FIELDS if f.meta.name in raw.fields]
    sheets.append(HEADER_SHEET)
    for section in SECTIONS:
        if section.table and section.table in raw.tables:
            sheets.append(raw.tables[section.table].sheet)
        elif section.table is None:
            sheets.extend(raw.fields[f.meta.name].sheet for f in section.columns if f.meta.name in raw.fields)
        sheets.append(section.sheet)
    return list(dict.fromkeys(sheets))


def order_issues(issues: Iterable[Issue], sheets: list[str]) -> list[Issue]:
    """Issues in workbook order: file-level and template-version issues first, then by sheet, row, column.

    Sheets not in ``sheets`` follow, in the order they first appear; the sort is stable.
    """
    issues = list(issues)
    rank = {s: i for i, s in enumerate(sheets, start=1)}
    for issue in issues:
        if issue.sheet and issue.sheet not in rank:
            rank[issue.sheet] = len(rank) + 1

    def key(issue: Issue) -> tuple[int, int, int]:
        if not issue.sheet or issue.code in _VERSION_CODES:
            return 0, 0, 0
        return (rank[issue.sheet], *cell_position(issue.cell))

    return sorted(issues, key=key)
