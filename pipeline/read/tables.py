"""Find the contract's repeating sections: by their Excel table, else by their header row."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Iterable


from pipeline.common.cells import coordinate
from pipeline.common.malform import Malform
from pipeline.contract import catalogue
from pipeline.contract.catalogue import SectionSpec
from pipeline.contract.issues import Code, Issue
from pipeline.common.a1 import range_boundaries
from pipeline.read.rawbook import RawCell, RawTable
from pipeline.read.sheetindex import SheetIndex, WorkbookIndex, is_blank

#: Rows a table may have. A ``ref`` with more rows keeps only its rows with content; more rows
#: with content than this is an error (TOO_MANY_ROWS) and only the first ones are read.
MAX_TABLE_ROWS = 10_000


@lru_cache(maxsize=4096, typed=True)  # the same headers in every workbook; typed: 1 and True print differently
def normalise_header(text: object) -> str:
    """Header text for matching: casefolded, whitespace collapsed, no space before ``?`` or ``:``."""
    folded = " ".join(str(text).split()).casefold()
    return re.sub(r" ([?:])", r"\1", folded)


@dataclass(frozen=True)
class TableArea:
    """The cells a table occupies (header, data and totals rows)."""

    name: str
    sheet: str
    min_row: int
    max_row: int
    min_col: int
    max_col: int
    first_data: int
    labels: dict[int, str]  # column -> contract label
    unknown: dict[int, str] = field(default_factory=dict)  # column -> its header text
    by_header: bool = False
    last_data: int | None = None  # the last data row (before a totals row); None: max_row

    def is_data(self, row: int) -> bool:
        return self.first_data <= row <= (self.max_row if self.last_data is None else self.last_data)

    def contains(self, row: int, col: int) -> bool:
        return self.min_row <= row <= self.max_row and self.min_col <= col <= self.max_col


@dataclass(frozen=True)
class FoundTable:
    """One section's table: its rows, the area it covers and the issues found reading it."""

    table: RawTable
    area: TableArea
    issues: list[Issue]


@dataclass(frozen=True)
class LocatedTables:
    """Every section's table that was found, the areas they cover (in the order found) and the issues."""

    tables: dict[str, RawTable]
    areas: tuple[TableArea, ...]
    template_sheets: tuple[tuple[str, str], ...]  # (sheet title, the template's name for it) per table found
    issues: tuple[Issue, ...]


def locate_tables(index: WorkbookIndex) -> LocatedTables:
    """Each table section in catalogue order; a header row is searched outside the areas found before it."""
    defined = _tables_by_name(index)
    tables: dict[str, RawTable] = {}
    areas: list[TableArea] = []
    template_sheets: list[tuple[str, str]] = []
    issues: list[Issue] = []
    for section in catalogue.TABLE_SECTIONS:
        found = defined.get(section.table.casefold())
        result = read_defined_table(index, section, *found) if found else None
        if result is None:
            result = find_table_by_header(index, section, tuple(areas))
        if result is None:
            issues.append(index.issue(Code.TABLE_MISSING, sheet=section.sheet, field=section.title, name=section.table))
            continue
        tables[section.table] = result.table
        areas.append(result.area)
        template_sheets.append((result.area.sheet, section.sheet))
        issues.extend(result.issues)
    return LocatedTables(tables, tuple(areas), tuple(template_sheets), tuple(issues))


def _tables_by_name(index: WorkbookIndex) -> dict[str, tuple[SheetIndex, Any]]:
    """Casefolded display name and name -> (sheet, table); the first sheet wins."""
    tables: dict[str, tuple[SheetIndex, Any]] = {}
    for sheet in index.sheets:
        for table in sheet.tables:
            for n in (table.displayName, table.name):
                if n:
                    tables.setdefault(n.casefold(), (sheet, table))
    return tables


def _headers_in(section: SectionSpec, malform: Malform) -> dict[str, Any]:
    """Normalised header -> column, as the template of ``malform`` writes the headers."""
    return {normalise_header(h): spec for h, spec in zip(section.headers_in(malform), section.columns)}


def _wanted_headers(section: SectionSpec) -> dict[str, Any]:
    """Normalised header -> column; a column's header in the nynorsk template names it too."""
    return {**_headers_in(section, Malform.NYNORSK), **_headers_in(section, Malform.BOKMAL)}


def read_defined_table(index: WorkbookIndex, section: SectionSpec, sheet: SheetIndex, table: Any) -> FoundTable | None:
    """A section from its Excel table definition; None when the table's ``ref`` is unusable."""
    try:
        min_col, min_row, max_col, max_row = range_boundaries(str(table.ref))
    except (ValueError, TypeError):
        return None
    if None in (min_col, min_row, max_col, max_row):
        return None
    has_header = table.headerRowCount is None or table.headerRowCount > 0
    header_row = min_row if has_header else min_row - 1
    data_end = max_row - (table.totalsRowCount or 0)
    col_names = [tc.name for tc in (table.tableColumns or [])]
    wanted = _wanted_headers(section)
    mapping: dict[str, int] = {}
    labels: dict[int, str] = {}
    unknown: dict[int, str] = {}
    for i, col in enumerate(range(min_col, max_col + 1)):
        text = sheet.value(header_row, col) if has_header else None
        if is_blank(text):
            text = col_names[i] if i < len(col_names) else None
        spec = wanted.get(normalise_header(text)) if not is_blank(text) else None
        if spec is not None and spec.key not in mapping:
            mapping[spec.key] = col
            labels[col] = spec.label
        else:
            unknown[col] = "" if is_blank(text) else str(text)
    area = TableArea(section.table, sheet.title, min_row, max_row, min_col, max_col, header_row + 1, labels, unknown,
                     last_data=data_end)
    issues = _column_issues(index, section, sheet, area, mapping, max(header_row, min_row))
    span: Any = range(header_row + 1, data_end + 1)
    if len(span) > MAX_TABLE_ROWS:  # keep only the rows with content
        used = set(mapping.values())
        span = [r for r, cols in sheet.rows.items() if header_row + 1 <= r <= data_end and used.intersection(cols)]
    span, cap_issues = _cap_rows(index, section, sheet, list(span), min_col)
    rows, cell_issues = _read_rows(index, section, sheet, mapping, span)
    table_read = RawTable(section.table, sheet.title, header_row, rows)
    return FoundTable(table_read, area, [*issues, *cap_issues, *cell_issues])


def find_table_by_header(index: WorkbookIndex, section: SectionSpec,
                         areas: tuple[TableArea, ...]) -> FoundTable | None:
    """A table that lost its table definition, found by its header row (the section's sheet first).

    A header row inside one of ``areas`` (tables found before) does not count. The headers may be
    the bokmål or the nynorsk template's (all of one of them).
    """
    standards = [_headers_in(section, m) for m in (Malform.BOKMAL, Malform.NYNORSK)]
    home = {section.sheet.casefold(), section.sheet_in(Malform.NYNORSK).casefold()}
    order = sorted((s for s in index.sheets if not s.is_template_only), key=lambda s: s.title.casefold() not in home)
    for sheet in order:
        for row, cols in sheet.rows.items():
            texts: dict[str, int] = {}
            for col in cols:
                value = sheet.value(row, col)
                if isinstance(value, str):
                    texts.setdefault(normalise_header(value), col)
            for wanted in standards:
                if not all(h in texts for h in wanted):
                    continue
                if any(a.sheet == sheet.title and a.contains(row, texts[h]) for a in areas for h in wanted):
                    continue
                return _table_below_header(index, section, sheet, row, {wanted[h].key: texts[h] for h in wanted})
    return None


def _table_below_header(index: WorkbookIndex, section: SectionSpec, sheet: SheetIndex, header_row: int,
                        mapping: dict[str, int]) -> FoundTable:
    """The rows under a header row found by its texts, down to the first row empty across the columns."""
    min_col, max_col = min(mapping.values()), max(mapping.values())
    last = header_row
    while any(min_col <= c <= max_col for c in sheet.rows.get(last + 1, ())):
        last += 1
    labels = {col: spec.label for spec in section.columns for col in [mapping[spec.key]]}
    unknown = {col: "" if is_blank(text) else str(text)
               for col in range(min_col, max_col + 1) if col not in labels
               for text in [sheet.value(header_row, col)]}
    area = TableArea(section.table, sheet.title, header_row, last, min_col, max_col, header_row + 1, labels, unknown,
                     by_header=True)
    issues = [index.issue(Code.TABLE_BY_HEADER, sheet=sheet.title, cell=coordinate(header_row, min_col),
                          name=section.table)]
    issues += _column_issues(index, section, sheet, area, mapping, header_row)
    span, cap_issues = _cap_rows(index, section, sheet, list(range(header_row + 1, last + 1)), min_col)
    rows, cell_issues = _read_rows(index, section, sheet, mapping, span)
    table_read = RawTable(section.table, sheet.title, header_row, rows, found_by_header=True)
    return FoundTable(table_read, area, [*issues, *cap_issues, *cell_issues])


def _cap_rows(index: WorkbookIndex, section: SectionSpec, sheet: SheetIndex, span: list[int],
              col: int) -> tuple[list[int], list[Issue]]:
    """The first MAX_TABLE_ROWS rows; more is reported at the first row left out."""
    if len(span) <= MAX_TABLE_ROWS:
        return span, []
    issue = index.issue(Code.TOO_MANY_ROWS, sheet=sheet.title, cell=coordinate(span[MAX_TABLE_ROWS], col),
                        name=section.table, count=_thousands(len(span)), limit=_thousands(MAX_TABLE_ROWS))
    return span[:MAX_TABLE_ROWS], [issue]


def _thousands(number: int) -> str:
    return f"{number:,}".replace(",", " ")


def _column_issues(index: WorkbookIndex, section: SectionSpec, sheet: SheetIndex, area: TableArea,
                   mapping: dict[str, int], header_row: int) -> list[Issue]:
    """Contract columns the table lacks, and columns with a header the contract does not know."""
    issues = [index.issue(Code.COLUMN_MISSING, sheet=sheet.title, cell=coordinate(header_row, area.min_col),
                          field=spec.label, name=section.table, header=header)
              for spec, header in zip(section.columns, section.headers) if spec.key not in mapping]
    issues += [index.issue(Code.COLUMN_UNKNOWN, sheet=sheet.title, cell=coordinate(header_row, col),
                           name=section.table, header=header)
               for col, header in area.unknown.items() if header]
    return issues


def _read_rows(index: WorkbookIndex, section: SectionSpec, sheet: SheetIndex, mapping: dict[str, int],
               rows: Iterable[int]) -> tuple[list[dict[str, RawCell]], list[Issue]]:
    """Each row's contract cells by field key, and the issues their formulas raise."""
    specs = [(spec.key, mapping[spec.key], spec.label) for spec in section.columns if spec.key in mapping]
    table_rows: list[dict[str, RawCell]] = []
    issues: list[Issue] = []
    for r in rows:
        cells: dict[str, RawCell] = {}
        for key, col, label in specs:
            cells[key], found = index.read_cell(sheet, r, col, label)
            issues.extend(found)
        table_rows.append(cells)
    return table_rows, issues
