"""Read one submitted workbook into a :class:`~pipeline.read.rawbook.RawWorkbook`.

The file is read once (:func:`pipeline.read.safety.check_file`), checked, and loaded
once with openpyxl from memory (cached formula values, no macros, no external
links). Values are located by the contract's defined names and table names,
never by position; every problem becomes an :class:`~pipeline.contract.issues.Issue`.
Nothing here writes to the file, evaluates formulas or raises for bad input.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path
from typing import Any, Iterable
from xml.etree import ElementTree

import openpyxl.xml
from lxml import etree
from openpyxl.cell.text import Text
from openpyxl.reader.excel import ExcelReader
from openpyxl.utils.cell import column_index_from_string, coordinate_to_tuple, get_column_letter, range_boundaries
from openpyxl.utils.datetime import CALENDAR_MAC_1904
from openpyxl.xml.constants import SHARED_STRINGS, SHEET_MAIN_NS
from openpyxl.xml.functions import iterparse

from pipeline.contract import catalogue

from pipeline.excel import positions as layout

from pipeline.read import safety
from pipeline.contract.catalogue import SectionSpec
from pipeline.contract.issues import Code, Issue, display_value
from pipeline.validate.normalise import printable
from pipeline.read.rawbook import RawCell, RawTable, RawWorkbook

if not openpyxl.xml.DEFUSEDXML:  # pragma: no cover - configuration error, not bad input
    raise RuntimeError("openpyxl må bruke defusedxml (installer defusedxml, ikke sett OPENPYXL_DEFUSEDXML=False)")

MAX_OUTSIDE_ISSUES = 200  # CELL_OUTSIDE issues per file; then one summary issue
#: Rows a table may have. A ``ref`` with more rows keeps only its rows with content; more rows
#: with content than this is an error (TOO_MANY_ROWS) and only the first ones are read.
MAX_TABLE_ROWS = 10_000

_NAME_TARGET = re.compile(
    r"(?:'((?:[^']|'')+)'|([^'!:]+))!\$?([A-Za-z]{1,3})\$?(\d+)(?::\$?([A-Za-z]{1,3})\$?(\d+))?")
_OOXML_ESCAPE = re.compile("_x([0-9A-Fa-f]{4})_")
_FIELD_SHEETS = {**{f.meta.name: catalogue.HEADER_SHEET for f in catalogue.HEADER_FIELDS},
                 **{f.meta.name: catalogue.NYTTE_SHEET for f in catalogue.NYTTE_FIELDS}}


def read_workbook(path: Path, *, display_name: str | None = None) -> RawWorkbook:
    """Read ``path``; problems go to ``RawWorkbook.issues``, never raised."""
    name = display_name or Path(path).name
    book = RawWorkbook(file=name)
    report = safety.check_file(Path(path), file=name)
    book.issues.extend(report.issues)
    if not report.ok or report.data is None:
        book.readable = False
        return book
    try:
        wb = _load(report.data)
    except Exception as exc:  # any openpyxl/zip/XML failure is a damaged file
        book.issues.append(Code.CORRUPT.issue(file=name, detail=_load_detail(exc)))
        book.readable = False
        return book
    try:
        _Reader(wb, report.formulas, book).read()
    except Exception as exc:  # last resort: a batch of 1,000 files must not stop on one odd file
        book.issues.append(Code.CORRUPT.issue(file=name, detail=f"uventet innhold: {type(exc).__name__}"))
        book.readable = False
    finally:
        wb.close()
    return book


def normalise_header(text: object) -> str:
    """Header text for matching: casefolded, whitespace collapsed, no space before ``?`` or ``:``."""
    folded = " ".join(str(text).split()).casefold()
    return re.sub(r" ([?:])", r"\1", folded)


def unescape_ooxml(text: str) -> str:
    """Text as Excel stored it → as typed: ``_x000B_`` is U+000B, ``_x005F_`` an underscore.

    Excel writes characters XML cannot hold (and ``\\r``) this way in its shared strings;
    openpyxl leaves them as they are.
    """
    return _OOXML_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text) if "_x" in text else text


def _read_string_table(source) -> list[str]:
    """openpyxl's shared-string reader, with Excel's ``_xHHHH_`` escapes decoded."""
    strings = []
    tag = "{%s}si" % SHEET_MAIN_NS
    for _, node in iterparse(source):
        if node.tag == tag:
            strings.append(unescape_ooxml(Text.from_tree(node).content))
            node.clear()
    return strings


class _ExcelReader(ExcelReader):
    def read_strings(self) -> None:
        part = self.package.find(SHARED_STRINGS)
        if part is not None:
            with self.archive.open(part.PartName[1:]) as source:
                self.shared_strings = _read_string_table(source)


def _load(data: bytes):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        reader = _ExcelReader(BytesIO(data), read_only=False, keep_vba=False, data_only=True, keep_links=False)
        reader.read()
        return reader.wb


def _load_detail(exc: Exception) -> str:
    if type(exc).__module__.startswith("defusedxml"):
        return "filen inneholder XML som av sikkerhetshensyn ikke leses"
    if isinstance(exc, KeyError):
        return "en del av arbeidsboken mangler"
    if isinstance(exc, (etree.XMLSyntaxError, ElementTree.ParseError)):
        return "XML-innholdet er ødelagt"
    return f"arbeidsboken kan ikke tolkes: {type(exc).__name__}"


def _is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _thousands(number: int) -> str:
    return f"{number:,}".replace(",", " ")


def _coord(row: int, col: int) -> str:
    return f"{get_column_letter(col)}{row}"


@dataclass
class _Sheet:
    """One worksheet with its cells that have content (value or formula), indexed by position."""

    ws: Any
    title: str
    content: dict[tuple[int, int], Any]
    _rows: dict[int, list[int]] | None = None

    @property
    def rows(self) -> dict[int, list[int]]:
        """Row -> sorted columns with content."""
        if self._rows is None:
            rows: dict[int, list[int]] = {}
            for r, c in sorted(self.content):
                rows.setdefault(r, []).append(c)
            self._rows = rows
        return self._rows


@dataclass
class _Region:
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


class _Reader:
    def __init__(self, wb, formulas: safety.Formulas, book: RawWorkbook) -> None:
        self.wb = wb
        self.book = book
        self.file = book.file
        self.formulas = formulas
        by_sheet: dict[str, set[tuple[int, int]]] = {}
        for (sheet, coord) in formulas:
            try:
                by_sheet.setdefault(sheet, set()).add(coordinate_to_tuple(coord))
            except (ValueError, TypeError):
                continue
        self.sheets = [self._index(ws, by_sheet.get(ws.title, set())) for ws in wb.worksheets]
        self.by_title = {s.title.casefold(): s for s in self.sheets}
        self.named: dict[str, dict[tuple[int, int], str]] = {}  # sheet -> cell -> label
        self.field_cells: dict[str, dict[tuple[int, int], str]] = {}  # user fields only (merge check)
        self.regions: dict[str, list[_Region]] = {}
        self.below: set[tuple[str, int, int]] = set()
        self.static = layout.static_texts()
        #: actual sheet title -> the template's name for it (users may rename sheets; names follow)
        self.home: dict[str, str] = {}
        self.skipped = {layout.GUIDE_SHEET.casefold(), layout.LIST_SHEET.casefold()}

    @staticmethod
    def _index(ws, formula_cells: set[tuple[int, int]]) -> _Sheet:
        # ws._cells holds only the cells present in the file; iter_rows() would create every
        # cell of the used range, which a stray cell at row 1,000,000 makes very large.
        content = {pos: cell for pos, cell in ws._cells.items() if not _is_blank(cell.value)}
        for pos in formula_cells:
            content.setdefault(pos, ws._cells.get(pos))
        return _Sheet(ws, ws.title, content)

    def issue(self, code: Code, **kwargs: Any) -> Issue:
        if "value" in kwargs:
            kwargs["value"] = printable(kwargs["value"])
        found = code.issue(file=self.file, **kwargs)
        self.book.issues.append(found)
        return found

    # --- cells ------------------------------------------------------------------------------

    def value(self, sheet: _Sheet, row: int, col: int) -> Any:
        cell = sheet.ws._cells.get((row, col))
        return cell.value if cell is not None else None

    def shown(self, sheet: _Sheet, row: int, col: int) -> Any:
        """The value a user sees: the value, or the formula text of a formula without one."""
        value = self.value(sheet, row, col)
        return self.formulas.get((sheet.title, _coord(row, col)), value) if _is_blank(value) else value

    def raw(self, sheet: _Sheet, row: int, col: int, label: str) -> RawCell:
        cell = sheet.ws._cells.get((row, col))
        coord = _coord(row, col)
        value = cell.value if cell is not None else None
        fmt = (cell.number_format if cell is not None else None) or "General"
        formula = self.formulas.get((sheet.title, coord))
        if formula is not None:
            code = Code.FORMULA_NO_VALUE if _is_blank(value) else Code.FORMULA
            self.issue(code, sheet=sheet.title, cell=coord, field=label, value=value, formula=formula)
        return RawCell(sheet.title, coord, value, fmt, formula)

    # --- the whole workbook --------------------------------------------------------------------

    def read(self) -> None:
        self.book.date1904 = self.wb.epoch == CALENDAR_MAC_1904
        self.read_names()
        self.read_tables()
        self.find_rows_below()
        self.check_merged()
        self.find_outside()

    # --- defined names ---------------------------------------------------------------------

    def read_names(self) -> None:
        global_names = {n.casefold(): dn for n, dn in self.wb.defined_names.items()}
        local: dict[str, list[tuple[str, Any]]] = {}
        for sheet in self.sheets:
            for n, dn in sheet.ws.defined_names.items():
                local.setdefault(n.casefold(), []).append((sheet.title, dn))
        for name, spec in catalogue.SINGLE_FIELDS.items():
            expected = _FIELD_SHEETS.get(name, "")
            dn = self.lookup(name, expected, global_names, local)
            if dn is None:
                self.issue(Code.NAME_MISSING, sheet=expected, field=spec.label, name=name)
                continue
            raw = self.resolve(name, dn, spec.label, expected)
            if raw is not None:
                self.book.fields[name] = raw
        version_name = catalogue.TEMPLATE_VERSION_NAME
        dn = self.lookup(version_name, "", global_names, local)
        if dn is not None:
            version = self.resolve(version_name, dn, "Malversjon", "", report=False)
            self.book.template_version = version if version is not None and not version.is_empty else None

    @staticmethod
    def lookup(name: str, expected: str, global_names: dict, local: dict) -> Any:
        key = name.casefold()
        if key in global_names:
            return global_names[key]
        scoped = local.get(key, [])
        preferred = [dn for title, dn in scoped if title.casefold() == expected.casefold()]
        return (preferred or [dn for _, dn in scoped] or [None])[0]

    def resolve(self, name: str, dn: Any, label: str, expected: str, *, report: bool = True) -> RawCell | None:
        """The one cell a defined name points at, or None (NAME_BROKEN reported)."""
        target = str(dn.attr_text or "").strip()
        text = target[1:] if target.startswith("=") else target
        if name == catalogue.TEMPLATE_VERSION_NAME and len(text) >= 2 and text[0] == text[-1] == '"':
            return RawCell("", "", text[1:-1].replace('""', '"'))
        m = _NAME_TARGET.fullmatch(text)
        sheet = None
        if m and "#REF!" not in text.upper():
            title = m.group(1).replace("''", "'") if m.group(1) else m.group(2)
            sheet = self.by_title.get(title.strip().casefold())
            first = (column_index_from_string(m.group(3).upper()), int(m.group(4)))
            last = (column_index_from_string(m.group(5).upper()), int(m.group(6))) if m.group(5) else first
            if first != last:
                sheet = None
        if sheet is None:
            if report:
                self.issue(Code.NAME_BROKEN, sheet=expected, field=label, name=name, target=target or "tom")
            return None
        col, row = first
        if expected:
            self.home.setdefault(sheet.title, expected)
        self.named.setdefault(sheet.title, {})[(row, col)] = label
        if report:
            self.field_cells.setdefault(sheet.title, {})[(row, col)] = label
        return self.raw(sheet, row, col, label)

    # --- tables ------------------------------------------------------------------------------

    def read_tables(self) -> None:
        tables: dict[str, tuple[_Sheet, Any]] = {}
        for sheet in self.sheets:
            for table in sheet.ws.tables.values():
                for n in (table.displayName, table.name):
                    if n:
                        tables.setdefault(n.casefold(), (sheet, table))
        for section in catalogue.TABLE_SECTIONS:
            found = tables.get(section.table.casefold())
            raw = self.read_table(section, *found) if found else None
            if raw is None:
                raw = self.find_by_header(section)
            if raw is None:
                self.issue(Code.TABLE_MISSING, sheet=section.sheet, field=section.title, name=section.table)
            else:
                self.book.tables[section.table] = raw

    def read_table(self, section: SectionSpec, sheet: _Sheet, table: Any) -> RawTable | None:
        try:
            min_col, min_row, max_col, max_row = range_boundaries(str(table.ref))
        except (ValueError, TypeError):
            return None
        if None in (min_col, min_row, max_col, max_row):
            return None
        has_header = table.headerRowCount is None or table.headerRowCount > 0
        self.home.setdefault(sheet.title, section.sheet)
        header_row = min_row if has_header else min_row - 1
        first_data = header_row + 1
        data_end = max_row - (table.totalsRowCount or 0)
        col_names = [tc.name for tc in (table.tableColumns or [])]
        wanted = {normalise_header(h): spec for h, spec in zip(section.headers, section.columns)}
        mapping: dict[str, int] = {}
        region = _Region(section.table, sheet.title, min_row, max_row, min_col, max_col, first_data, {},
                         last_data=data_end)
        for i, col in enumerate(range(min_col, max_col + 1)):
            text = self.value(sheet, header_row, col) if has_header else None
            if _is_blank(text):
                text = col_names[i] if i < len(col_names) else None
            spec = wanted.get(normalise_header(text)) if not _is_blank(text) else None
            if spec is not None and spec.key not in mapping:
                mapping[spec.key] = col
                region.labels[col] = spec.label
            else:
                region.unknown[col] = "" if _is_blank(text) else str(text)
        self.regions.setdefault(sheet.title, []).append(region)
        self.report_columns(section, sheet, region, mapping, max(header_row, min_row))
        span: Any = range(first_data, data_end + 1)
        if len(span) > MAX_TABLE_ROWS:  # keep only the rows with content
            used = set(mapping.values())
            span = [r for r in sheet.rows if first_data <= r <= data_end and used.intersection(sheet.rows[r])]
        rows = self.rows(section, sheet, mapping, self.capped(section, sheet, list(span), min_col))
        return RawTable(section.table, sheet.title, header_row, rows)

    def capped(self, section: SectionSpec, sheet: _Sheet, span: list[int], col: int) -> list[int]:
        """The first MAX_TABLE_ROWS rows; more is reported at the first row left out."""
        if len(span) <= MAX_TABLE_ROWS:
            return span
        self.issue(Code.TOO_MANY_ROWS, sheet=sheet.title, cell=_coord(span[MAX_TABLE_ROWS], col), name=section.table,
                   count=_thousands(len(span)), limit=_thousands(MAX_TABLE_ROWS))
        return span[:MAX_TABLE_ROWS]

    def report_columns(self, section: SectionSpec, sheet: _Sheet, region: _Region,
                       mapping: dict[str, int], header_row: int) -> None:
        for spec, header in zip(section.columns, section.headers):
            if spec.key not in mapping:
                self.issue(Code.COLUMN_MISSING, sheet=sheet.title, cell=_coord(header_row, region.min_col),
                           field=spec.label, name=section.table, header=header)
        for col, header in region.unknown.items():
            if header:
                self.issue(Code.COLUMN_UNKNOWN, sheet=sheet.title, cell=_coord(header_row, col),
                           name=section.table, header=header)

    def rows(self, section: SectionSpec, sheet: _Sheet, mapping: dict[str, int],
             rows: Iterable[int]) -> list[dict[str, RawCell]]:
        specs = [(spec.key, mapping[spec.key], spec.label) for spec in section.columns if spec.key in mapping]
        return [{key: self.raw(sheet, r, col, label) for key, col, label in specs} for r in rows]

    def find_by_header(self, section: SectionSpec) -> RawTable | None:
        """A table that lost its table definition, found by its header row (section's sheet first)."""
        wanted = {normalise_header(h): spec for h, spec in zip(section.headers, section.columns)}
        home = section.sheet.casefold()
        order = sorted((s for s in self.sheets if s.title.casefold() not in self.skipped),
                       key=lambda s: s.title.casefold() != home)
        for sheet in order:
            for row, cols in sheet.rows.items():
                texts: dict[str, int] = {}
                for col in cols:
                    value = self.value(sheet, row, col)
                    if isinstance(value, str):
                        texts.setdefault(normalise_header(value), col)
                if not all(h in texts for h in wanted):
                    continue
                if any(g.contains(row, texts[h]) for g in self.regions.get(sheet.title, []) for h in wanted):
                    continue
                return self.header_table(section, sheet, row, {wanted[h].key: texts[h] for h in wanted})
        return None

    def header_table(self, section: SectionSpec, sheet: _Sheet, header_row: int, mapping: dict[str, int]) -> RawTable:
        min_col, max_col = min(mapping.values()), max(mapping.values())
        self.home.setdefault(sheet.title, section.sheet)
        last = header_row
        while any(min_col <= c <= max_col for c in sheet.rows.get(last + 1, ())):
            last += 1
        labels = {col: spec.label for spec in section.columns for col in [mapping[spec.key]]}
        region = _Region(section.table, sheet.title, header_row, last, min_col, max_col, header_row + 1, labels,
                         by_header=True)
        for col in range(min_col, max_col + 1):
            if col not in labels:
                text = self.value(sheet, header_row, col)
                region.unknown[col] = "" if _is_blank(text) else str(text)
        self.regions.setdefault(sheet.title, []).append(region)
        self.issue(Code.TABLE_BY_HEADER, sheet=sheet.title, cell=_coord(header_row, min_col), name=section.table)
        self.report_columns(section, sheet, region, mapping, header_row)
        span = self.capped(section, sheet, list(range(header_row + 1, last + 1)), min_col)
        rows = self.rows(section, sheet, mapping, span)
        return RawTable(section.table, sheet.title, header_row, rows, found_by_header=True)

    # --- content outside the contract --------------------------------------------------------

    def claimed(self, sheet: _Sheet, row: int, col: int) -> bool:
        return (row, col) in self.named.get(sheet.title, {}) or any(
            g.contains(row, col) for g in self.regions.get(sheet.title, []))

    def is_static(self, sheet: _Sheet, row: int, col: int) -> bool:
        text = self.static.get((self.home.get(sheet.title, sheet.title), _coord(row, col)))
        value = self.value(sheet, row, col)
        return text is not None and value is not None and " ".join(str(value).split()) == " ".join(str(text).split())

    def find_rows_below(self) -> None:
        for sheet in self.sheets:
            for region in self.regions.get(sheet.title, []):
                if region.by_header:
                    continue
                row = region.max_row + 1
                while True:
                    cols = [c for c in sheet.rows.get(row, ()) if region.min_col <= c <= region.max_col
                            and not self.claimed(sheet, row, c) and not self.is_static(sheet, row, c)]
                    if not cols:
                        break
                    first = cols[0]
                    typed = " · ".join(display_value(self.shown(sheet, row, c), limit=None) for c in cols)
                    self.issue(Code.ROW_BELOW_TABLE, sheet=sheet.title, cell=_coord(row, first),
                               field=region.labels.get(first, ""), value=typed, name=region.name)
                    self.below.update((sheet.title, row, c) for c in cols)
                    row += 1

    def check_merged(self) -> None:
        """Merged ranges that hide a contract cell (one that is not the range's top-left cell).

        A merge whose top-left cell is the contract cell (the template widens its Nytte
        inputs this way) loses nothing and is not reported.
        """
        for sheet in self.sheets:
            fields = self.field_cells.get(sheet.title, {})
            regions = self.regions.get(sheet.title, [])
            for merged in sheet.ws.merged_cells.ranges:
                r1, r2, c1, c2 = merged.min_row, merged.max_row, merged.min_col, merged.max_col
                hidden = [label for (r, c), label in fields.items()
                          if r1 <= r <= r2 and c1 <= c <= c2 and (r, c) != (r1, c1)]
                for g in regions:
                    rows = min(r2, g.max_row) - max(r1, g.min_row) + 1
                    cols = min(c2, g.max_col) - max(c1, g.min_col) + 1
                    if rows > 0 and cols > 0 and rows * cols > int(g.contains(r1, c1)):
                        hidden.append(g.labels.get(max(c1, g.min_col), ""))
                if hidden:
                    self.issue(Code.MERGED_CELLS, sheet=sheet.title, cell=_coord(r1, c1),
                               field=hidden[0], ref=merged.coord)

    def find_outside(self) -> None:
        found: list[Issue] = []
        for sheet in self.sheets:
            if sheet.title.casefold() in self.skipped:
                continue
            named = self.named.get(sheet.title, {})
            regions = self.regions.get(sheet.title, [])
            for row, col in sorted(sheet.content):
                if (row, col) in named or (sheet.title, row, col) in self.below:
                    continue
                region = next((g for g in regions if g.contains(row, col)), None)
                label = ""
                if region is not None:
                    if row < region.first_data or (region.is_data(row) and col not in region.unknown):
                        continue  # the header, or a contract cell the table rows hold
                    label = region.unknown.get(col) or region.labels.get(col, "")  # extra column or totals row
                elif self.is_static(sheet, row, col):
                    continue
                found.append(Code.CELL_OUTSIDE.issue(file=self.file, sheet=sheet.title, cell=_coord(row, col),
                                                     field=label, value=printable(self.shown(sheet, row, col))))
        self.book.issues.extend(found[:MAX_OUTSIDE_ISSUES])
        if len(found) > MAX_OUTSIDE_ISSUES:
            self.issue(Code.CELLS_OUTSIDE_MORE, count=len(found) - MAX_OUTSIDE_ISSUES, shown=MAX_OUTSIDE_ISSUES)


