"""Content the contract does not read: rows typed below a table, merges over contract cells, stray cells."""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Callable, Mapping

from pipeline.common.cells import coordinate
from pipeline.contract.issues import Code, Issue, display_value
from pipeline.contract import positions as layout
from pipeline.read.names import NamedCells
from pipeline.read.sheetindex import Position, SheetIndex, WorkbookIndex
from pipeline.read.tables import LocatedTables, TableArea
from pipeline.contract.formatting import printable

MAX_OUTSIDE_ISSUES = 200  # CELL_OUTSIDE issues per file; then one summary issue


@dataclass(frozen=True)
class FormCells:
    """Where the form is in this workbook, per sheet title: named cells, table areas and the template's labels."""

    named: Mapping[str, frozenset[Position]]  # every cell a defined name points at
    fields: Mapping[str, Mapping[Position, str]]  # the cells users fill in -> label
    areas: Mapping[str, tuple[TableArea, ...]]  # in the order the tables were found
    template_sheet: Mapping[str, str]  # sheet title -> the template's name for it (sheets may be renamed)
    static_texts: Mapping[tuple[str, str], str]  # (template sheet, coordinate) -> the template's own text
    #: The same for the nynorsk template (a workbook may hold either standard's labels).
    nynorsk_texts: Mapping[tuple[str, str], str] = field(default_factory=dict)

    def is_claimed(self, sheet: str, row: int, col: int) -> bool:
        """A named cell or a cell inside a table."""
        return (row, col) in self.named.get(sheet, ()) or any(a.contains(row, col) for a in self.areas.get(sheet, ()))

    def is_template_text(self, sheet: SheetIndex, row: int, col: int) -> bool:
        """The cell holds the template's own label for that place (spacing aside)."""
        key = (self.template_sheet.get(sheet.title, sheet.title), coordinate(row, col))
        value = sheet.value(row, col)
        if value is None:
            return False
        typed = " ".join(str(value).split())
        return any(text is not None and typed == " ".join(str(text).split())
                   for text in (self.static_texts.get(key), self.nynorsk_texts.get(key)))


def form_cells(named: NamedCells, tables: LocatedTables) -> FormCells:
    """Collect where the named cells and tables were found."""
    cells: dict[str, set[Position]] = {}
    fields: dict[str, dict[Position, str]] = {}
    template_sheet: dict[str, str] = {}
    for place in named.places:
        cells.setdefault(place.sheet, set()).add((place.row, place.col))
        if place.is_field:
            fields.setdefault(place.sheet, {})[(place.row, place.col)] = place.label
        if place.template_sheet:
            template_sheet.setdefault(place.sheet, place.template_sheet)
    for title, template in tables.template_sheets:
        template_sheet.setdefault(title, template)
    areas: dict[str, list[TableArea]] = {}
    for area in tables.areas:
        areas.setdefault(area.sheet, []).append(area)
    version = named.template_version
    version_text = str(version.value).strip() if version is not None and version.value is not None else ""
    return FormCells({t: frozenset(p) for t, p in cells.items()}, fields, {t: tuple(a) for t, a in areas.items()},
                     template_sheet, _static_texts(layout.static_texts, version_text),
                     _static_texts(layout.nynorsk_static_texts, version_text))


#: (the function, the template version) -> its static texts, read-only: the same few versions in every workbook.
_STATIC_TEXTS: dict[tuple[object, str], Mapping[tuple[str, str], str]] = {}


def _static_texts(texts: Callable[[str], dict[tuple[str, str], str]], version: str) -> Mapping[tuple[str, str], str]:
    """:func:`pipeline.contract.positions.static_texts` (or its nynorsk twin), worked out once per template version (and per function,
    so that a replaced function is asked again). The version is typed by users: at most 64 are kept."""
    key = (texts, version)
    found = _STATIC_TEXTS.get(key)
    if found is None:
        if len(_STATIC_TEXTS) >= 64:
            _STATIC_TEXTS.clear()
        found = _STATIC_TEXTS[key] = MappingProxyType(texts(version))
    return found


def rows_below_tables(index: WorkbookIndex, form: FormCells) -> tuple[list[Issue], frozenset[tuple[str, int, int]]]:
    """Rows typed right under a table (found by its definition) within its columns, and those cells."""
    issues: list[Issue] = []
    typed: set[tuple[str, int, int]] = set()
    for sheet in index.sheets:
        for area in form.areas.get(sheet.title, ()):
            if area.by_header:
                continue
            row = area.max_row + 1
            while True:
                cols = [c for c in sheet.rows.get(row, ()) if area.min_col <= c <= area.max_col
                        and not form.is_claimed(sheet.title, row, c) and not form.is_template_text(sheet, row, c)]
                if not cols:
                    break
                first = cols[0]
                values = " · ".join(display_value(sheet.shown(row, c), limit=None) for c in cols)
                issues.append(index.issue(Code.ROW_BELOW_TABLE, sheet=sheet.title, cell=coordinate(row, first),
                                          field=area.labels.get(first, ""), value=values, name=area.name))
                typed.update((sheet.title, row, c) for c in cols)
                row += 1
    return issues, frozenset(typed)


def merges_hiding_contract_cells(index: WorkbookIndex, form: FormCells) -> list[Issue]:
    """Merged ranges that hide a contract cell (one that is not the range's top-left cell).

    A merge whose top-left cell is the contract cell (the template widens its Nytte
    inputs this way) loses nothing and is not reported.
    """
    issues = []
    for sheet in index.sheets:
        fields = form.fields.get(sheet.title, {})
        areas = form.areas.get(sheet.title, ())
        for merged in sheet.merged:
            r1, r2, c1, c2 = merged.min_row, merged.max_row, merged.min_col, merged.max_col
            hidden = [label for (r, c), label in fields.items()
                      if r1 <= r <= r2 and c1 <= c <= c2 and (r, c) != (r1, c1)]
            for a in areas:
                rows = min(r2, a.max_row) - max(r1, a.min_row) + 1
                cols = min(c2, a.max_col) - max(c1, a.min_col) + 1
                if rows > 0 and cols > 0 and rows * cols > int(a.contains(r1, c1)):
                    hidden.append(a.labels.get(max(c1, a.min_col), ""))
            if hidden:
                issues.append(index.issue(Code.MERGED_CELLS, sheet=sheet.title, cell=coordinate(r1, c1),
                                          field=hidden[0], ref=merged.coord))
    return issues


def cells_outside_form(index: WorkbookIndex, form: FormCells, typed_below: frozenset[tuple[str, int, int]]) -> list[Issue]:
    """Every other cell with content, outside the guide and list sheets; capped at MAX_OUTSIDE_ISSUES."""
    found: list[Issue] = []
    for sheet in index.sheets:
        if sheet.is_template_only:
            continue
        named = form.named.get(sheet.title, frozenset())
        areas = form.areas.get(sheet.title, ())
        for row, col in sheet.content_positions():
            if (row, col) in named or (sheet.title, row, col) in typed_below:
                continue
            area = next((a for a in areas if a.contains(row, col)), None)
            label = ""
            if area is not None:
                if row < area.first_data or (area.is_data(row) and col not in area.unknown):
                    continue  # the header, or a contract cell the table rows hold
                label = area.unknown.get(col) or area.labels.get(col, "")  # extra column or totals row
            elif form.is_template_text(sheet, row, col):
                continue
            found.append(Code.CELL_OUTSIDE.issue(file=index.file, sheet=sheet.title, cell=coordinate(row, col),
                                                 field=label, value=printable(sheet.shown(row, col))))
    issues = found[:MAX_OUTSIDE_ISSUES]
    if len(found) > MAX_OUTSIDE_ISSUES:
        issues.append(index.issue(Code.CELLS_OUTSIDE_MORE, count=len(found) - MAX_OUTSIDE_ISSUES,
                                  shown=MAX_OUTSIDE_ISSUES))
    return issues
