"""An immutable index of a loaded workbook: each worksheet's cells by position, built once.

The reading passes (:mod:`~pipeline.read.names`, :mod:`~pipeline.read.tables`,
:mod:`~pipeline.read.outside`) only look things up here; nothing in the index changes
after :func:`index_workbook` has built it.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Mapping

from pipeline.read.xlsxformats import CALENDAR_MAC_1904

from pipeline.common.libprivate import stored_cells
from pipeline.common.cells import coordinate, parse_cell
from pipeline.contract.issues import Code, Issue
from pipeline.contract import positions as layout
from pipeline.read.formulascan import Formulas
from pipeline.read.rawbook import RawCell
from pipeline.contract.formatting import printable

#: The template's guide, self-check and list sheets and a feedback copy's feedback sheet: never searched
#: for tables, never reported as outside.
TEMPLATE_ONLY_SHEETS = frozenset(s.casefold() for s in layout.TEMPLATE_ONLY_SHEETS)

Position = tuple[int, int]  # (row, column), 1-based


def is_blank(value: object) -> bool:
    """None or a string of whitespace only."""
    return value is None or (isinstance(value, str) and not value.strip())


@dataclass(frozen=True)
class SheetIndex:
    """One worksheet: its cells by position, the rows with content, its formulas, merges, tables and names."""

    title: str
    cells: Mapping[Position, Any]  # every cell present in the file (content or only a style)
    rows: Mapping[int, tuple[int, ...]]  # row -> sorted columns with content (a value or a formula), rows sorted
    formulas: Mapping[Position, str]  # position -> formula text with "="
    merged: tuple[Any, ...]  # openpyxl's merged cell ranges
    tables: tuple[Any, ...]  # openpyxl's table definitions
    defined_names: tuple[tuple[str, Any], ...]  # names scoped to this sheet

    @property
    def is_template_only(self) -> bool:
        return self.title.casefold() in TEMPLATE_ONLY_SHEETS

    def content_positions(self) -> list[Position]:
        """Positions with content, row by row, left to right."""
        return [(row, col) for row, cols in self.rows.items() for col in cols]

    def value(self, row: int, col: int) -> Any:
        cell = self.cells.get((row, col))
        return cell.value if cell is not None else None

    def shown(self, row: int, col: int) -> Any:
        """The value a user sees: the value, or the formula text of a formula without one."""
        value = self.value(row, col)
        return self.formulas.get((row, col), value) if is_blank(value) else value

    def number_format(self, row: int, col: int) -> str:
        cell = self.cells.get((row, col))
        return (cell.number_format if cell is not None else None) or "General"


@dataclass(frozen=True)
class WorkbookIndex:
    """Every worksheet of one workbook, its global defined names, and the file name issues carry."""

    file: str
    sheets: tuple[SheetIndex, ...]
    by_title: Mapping[str, SheetIndex]  # casefolded title -> sheet (the last one, should two match)
    defined_names: Mapping[str, Any]  # casefolded global name -> openpyxl DefinedName
    date1904: bool

    def issue(self, code: Code, **kwargs: Any) -> Issue:
        """An issue about this file; a ``value`` is made printable."""
        if "value" in kwargs:
            kwargs["value"] = printable(kwargs["value"])
        return code.issue(file=self.file, **kwargs)

    def read_cell(self, sheet: SheetIndex, row: int, col: int, label: str) -> tuple[RawCell, list[Issue]]:
        """A contract cell as the validator gets it, and the issue a formula in it raises."""
        coord = _COORDINATES.get((row, col)) or _coordinate(row, col)
        cell = sheet.cells.get((row, col))  # sheet.value and sheet.number_format in one look-up (a hot path)
        value, number_format = (cell.value, cell.number_format or "General") if cell is not None else (None, "General")
        formula = sheet.formulas.get((row, col))
        issues = []
        if formula is not None:
            code = Code.FORMULA_NO_VALUE if is_blank(value) else Code.FORMULA
            issues.append(self.issue(code, sheet=sheet.title, cell=coord, field=label, value=value, formula=formula))
        return RawCell(sheet.title, coord, value, number_format, formula), issues


#: (row, column) -> ``B12`` for the contract cells read (the same in every workbook); emptied when full.
_COORDINATES: dict[Position, str] = {}


def _coordinate(row: int, col: int) -> str:
    if len(_COORDINATES) >= 100_000:
        _COORDINATES.clear()
    found = _COORDINATES[(row, col)] = coordinate(row, col)
    return found


def index_workbook(wb: Any, formulas: Formulas, file: str) -> WorkbookIndex:
    """Index a workbook loaded by openpyxl; ``formulas`` come from the XML scan (sheet, coordinate) -> text."""
    by_sheet = formulas_by_sheet(formulas)
    sheets = tuple(index_sheet(ws, by_sheet.get(ws.title, {})) for ws in wb.worksheets)
    return build_index(file, sheets, wb.defined_names.items(), wb.epoch == CALENDAR_MAC_1904)


def formulas_by_sheet(formulas: Formulas) -> dict[str, dict[Position, str]]:
    """The scan's formulas grouped by sheet name, keyed by (row, column)."""
    by_sheet: dict[str, dict[Position, str]] = {}
    for (sheet, coord), text in formulas.items():
        position = parse_cell(coord)
        if position is not None:
            by_sheet.setdefault(sheet, {})[position] = text
    return by_sheet


def build_index(file: str, sheets: tuple[SheetIndex, ...], names: Any, date1904: bool) -> WorkbookIndex:
    """The workbook index from its sheets and its global defined names ((name, definition) pairs)."""
    by_name = MappingProxyType({n.casefold(): dn for n, dn in names})
    by_title = MappingProxyType({s.title.casefold(): s for s in sheets})
    return WorkbookIndex(file, sheets, by_title, by_name, date1904)


def index_sheet(ws: Any, formulas: Mapping[Position, str]) -> SheetIndex:
    """Index one worksheet loaded by openpyxl; ``formulas`` are its formula cells by position."""
    return build_sheet(ws.title, _present_cells(ws), formulas, tuple(ws.merged_cells.ranges),
                       tuple(ws.tables.values()), tuple(ws.defined_names.items()))


def build_sheet(title: str, cells: Mapping[Position, Any], formulas: Mapping[Position, str], merged: tuple[Any, ...],
                tables: tuple[Any, ...], names: tuple[tuple[str, Any], ...]) -> SheetIndex:
    """One worksheet's index from its cells (objects with ``value`` and ``number_format``) and the rest."""
    content = {pos for pos, cell in cells.items() if not is_blank(cell.value)}
    content.update(formulas)
    rows: dict[int, list[int]] = {}
    for row, col in sorted(content):
        rows.setdefault(row, []).append(col)
    return SheetIndex(
        title=title,
        cells=cells if isinstance(cells, MappingProxyType) else MappingProxyType(cells),
        rows=MappingProxyType({row: tuple(cols) for row, cols in rows.items()}),
        formulas=MappingProxyType(dict(formulas)),
        merged=merged,
        tables=tables,
        defined_names=names,
    )


def _present_cells(ws: Any) -> Mapping[Position, Any]:
    """The cells stored in the file, read-only, by (row, column).

    openpyxl's public ``ws.iter_rows()`` creates a cell for every position of the used
    range, so one stray cell at XFD1048576 would mean 17 billion cells; its private
    ``_cells`` holds only the cells the file has (read through :func:`pipeline.common.libprivate.stored_cells`).
    """
    return stored_cells(ws)
