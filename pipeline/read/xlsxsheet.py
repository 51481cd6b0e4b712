"""One worksheet part → its cells (value and number format), merged ranges and table parts.

Values follow openpyxl's worksheet reader with ``data_only=True`` exactly: numbers are
``int`` unless they have a point or an exponent, a number whose style has a date format
is a ``datetime`` (``timedelta`` for a duration format) counted from the workbook's epoch,
``t="s"`` looks up the shared strings, ``t="b"`` is a ``bool``, ``t="e"`` and ``t="str"``
keep their text, ``t="d"`` is an ISO 8601 date, inline strings join their runs, and a
cell without ``r`` follows the one before it. Cells a merged range covers (all but its
top-left cell) are left out, as openpyxl blanks them. Anything else raises
:class:`~pipeline.read.xlsxparts.Unsupported` (or the parser's own error), and the file
is read by openpyxl.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import product
from typing import Any

from pipeline.common.a1 import column_index_from_string, coordinate_to_tuple, get_column_letter
from pipeline.common.cells import parse_range
from pipeline.read.tablepart import read_plain_table
from pipeline.read.xlsxformats import CALENDAR_MAC_1904, REL_NS, WINDOWS_EPOCH, from_excel, from_iso8601
from pipeline.read.xlsxparts import MAIN, CellStyle, Unsupported, parse_xml, text_content

_ROW, _CELL, _VALUE, _INLINE, _TEXT = f"{MAIN}row", f"{MAIN}c", f"{MAIN}v", f"{MAIN}is", f"{MAIN}t"
_MERGES, _MERGE = f"{MAIN}mergeCells", f"{MAIN}mergeCell"
_TABLE_PARTS, _TABLE_PART = f"{MAIN}tableParts", f"{MAIN}tablePart"
_REL_ID = "{%s}id" % REL_NS
_VALUE_ERROR = "#VALUE!"
_MAX_COL, _MAX_ROW = 18278, 1048576  # what openpyxl's CellRange accepts


class Cell:
    """A cell's value and number format (the two things the reading passes ask of a cell)."""

    __slots__ = ("value", "number_format")

    def __init__(self, value: Any, number_format: str) -> None:
        self.value = value
        self.number_format = number_format

    def __repr__(self) -> str:
        return f"Cell({self.value!r}, {self.number_format!r})"


@dataclass(frozen=True)
class ParsedSheet:
    cells: dict[tuple[int, int], Cell]
    merged: tuple[Any, ...]  # openpyxl's CellRange
    table_ids: tuple[str, ...]  # relationship ids of the table parts, in order


_PLAIN_REF = re.compile(r"([A-Z]{1,3})([1-9][0-9]{0,6})")


class _Columns(dict):
    def __missing__(self, letters: str) -> int:
        value = self[letters] = column_index_from_string(letters)
        return value


_COLUMNS = _Columns()


def _number(text: str) -> int | float:
    return float(text) if "." in text or "E" in text or "e" in text else int(text)


def cell_value(el: Any, styles: tuple[CellStyle, ...], strings: list[str], date1904: bool) -> tuple[Any, CellStyle]:
    """(value, style) of one ``<c>`` element, as openpyxl's ``parse_cell`` with ``data_only``."""
    kind = el.get("t", "n")
    s = el.get("s")
    index = int(s) if s is not None else 0
    if index < 0:
        raise Unsupported("negativ stilindeks")
    style = styles[index]
    value: Any = None
    if kind == "inlineStr":
        child = el.find(_INLINE)
        if child is not None:
            value = text_content(child)
        return value, style
    v = el.find(_VALUE)
    text = v.text if v is not None else None
    if not text:
        return None, style
    if kind == "n":
        value = _number(text)
        if style.is_date:
            try:
                value = from_excel(value, CALENDAR_MAC_1904 if date1904 else WINDOWS_EPOCH, timedelta=style.is_timedelta)
            except (OverflowError, ValueError):
                value = _VALUE_ERROR
    elif kind == "s":
        value = strings[int(text)]
    elif kind == "b":
        value = bool(int(text))
    elif kind == "d":
        value = from_iso8601(text)
    else:  # "e", "str" and unknown kinds keep their text
        value = text
    return value, style


def _row_number(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        number = float(text)
        if not number.is_integer():
            raise
        return int(number)


def parse_sheet(data: bytes, styles: tuple[CellStyle, ...], strings: list[str], date1904: bool) -> ParsedSheet:
    """Cells, merged ranges and table part ids of one worksheet part.

    The loop is the reader's hottest path: a cell with a plain ``r`` (``B12``, remembered across calls), a style
    index in range and no ``<v>`` or a single ``<v>`` child (a shared string, a number without a date format, or
    nothing) is read inline, with the same rules as :func:`cell_value`; anything else goes through
    :func:`cell_value` (and a ``r`` other than ``B12`` through openpyxl's ``coordinate_to_tuple``).
    """
    root = parse_xml(data)
    if root.tag != f"{MAIN}worksheet":
        raise Unsupported("ukjent rotelement")
    cells: dict[tuple[int, int], Cell] = {}
    row_number = 0
    positions, style_of, empty_kinds = _POSITIONS, _styles_by_index(styles), _EMPTY_KINDS
    for row in root.iter(_ROW):
        r = row.get("r")
        row_number = _row_number(r) if r is not None else row_number + 1
        col = count = 0
        for el in row.iterchildren(_CELL):
            count += 1
            ref = el.get("r")
            if ref:
                at, col = positions.get(ref) or _position(ref)
            else:
                col += 1
                at = row_number
            style = style_of.get(el.get("s"))
            cell = None
            if style is not None:
                size = len(el)
                if size == 0:
                    kind = el.get("t")
                    if kind is None or kind in empty_kinds:
                        cell = Cell(None, style.number_format)
                elif size == 1:
                    cell = _single_child(el, el[0], style, strings)
            cells[(at, col)] = cell or Cell(*_slow(el, styles, strings, date1904))
        if count != len(row):
            _other_children(row)
    merged = _merged_ranges(root)
    for rng in merged:
        for position in rng.cells:
            if position != (rng.min_row, rng.min_col):
                cells.pop(position, None)
    return ParsedSheet(cells, merged, _table_ids(root))


def _other_children(row: Any) -> None:
    """A row's children besides its cells may be comments and processing instructions, nothing else."""
    if any(isinstance(el.tag, str) and el.tag != _CELL for el in row):
        raise Unsupported("ukjent element i rad")


#: ``B12`` -> (12, 2) for every plain reference seen in this process (the same few thousand in every workbook);
#: emptied when it reaches :data:`_POSITIONS_MAX` so that a huge sheet cannot make it grow without bound.
_POSITIONS: dict[str, tuple[int, int]] = {}
_POSITIONS_MAX = 100_000


def _position(ref: str) -> tuple[int, int]:
    """(row, column) of a cell reference; a plain one is remembered in :data:`_POSITIONS`."""
    m = _PLAIN_REF.fullmatch(ref)
    if m is None:
        return coordinate_to_tuple(ref)
    if len(_POSITIONS) >= _POSITIONS_MAX:
        _POSITIONS.clear()
    found = _POSITIONS[ref] = (int(m[2]), _COLUMNS[m[1]])
    return found


def _styles_by_index(styles: tuple[CellStyle, ...]) -> dict[str | None, CellStyle]:
    """A cell's ``s`` attribute as written (``"3"``; ``None`` when absent) -> its style, for the indexes in range;
    any other ``s`` (``"03"``, ``"-1"``, out of range) is left to :func:`cell_value`."""
    found: dict[str | None, CellStyle] = {str(i): style for i, style in enumerate(styles)}
    found[None] = styles[0]
    return found


def _slow(el: Any, styles: tuple[CellStyle, ...], strings: list[str], date1904: bool) -> tuple[Any, str]:
    value, style = cell_value(el, styles, strings, date1904)
    return value, style.number_format


def _single_child(el: Any, v: Any, style: CellStyle, strings: list[str]) -> Cell | None:
    """A cell with one child: a shared string, a plain number without a date format, an empty ``<v>`` or an inline
    string of a single ``<t>``; else ``None``."""
    kind = el.get("t")
    if v.tag != _VALUE:
        if kind == "inlineStr" and v.tag == _INLINE and len(v) == 1 and v[0].tag == _TEXT:
            return Cell(v[0].text or "", style.number_format)  # text_content of a single <t>
        return None
    text = v.text
    if not text:
        return Cell(None, style.number_format) if kind is None or kind in _EMPTY_KINDS else None
    if kind == "s":
        return Cell(strings[int(text)], style.number_format)
    if kind is None and not style.is_date:
        return Cell(_number(text), style.number_format)
    return None


#: Kinds whose empty ``<c>`` (no ``<v>`` or an empty one) is ``None`` in :func:`cell_value`.
_EMPTY_KINDS = frozenset({"n", "s", "b", "d", "e", "str"})


@dataclass(frozen=True)
class MergedRange:
    """A merged range as openpyxl's ``CellRange`` gives it (bounds, ``coord``, ``cells``), for the plain
    ``A1:C3`` references Excel writes; anything else is left to ``CellRange`` itself (:func:`merged_range`)."""

    min_col: int
    min_row: int
    max_col: int
    max_row: int

    @property
    def coord(self) -> str:
        first = f"{get_column_letter(self.min_col)}{self.min_row}"
        if (self.min_col, self.min_row) == (self.max_col, self.max_row):
            return first
        return f"{first}:{get_column_letter(self.max_col)}{self.max_row}"

    @property
    def cells(self) -> Iterator[tuple[int, int]]:
        return product(range(self.min_row, self.max_row + 1), range(self.min_col, self.max_col + 1))


def merged_range(ref: str | None) -> Any:
    """The merged range ``ref``: a :class:`MergedRange` when it is a plain range inside the sheet, else openpyxl's
    ``CellRange`` (imported only then), which accepts or refuses it as openpyxl's reader does."""
    bounds = parse_range(ref) if ref is not None and "!" not in ref else None
    if bounds is not None:
        min_col, min_row, max_col, max_row = bounds
        if 1 <= min_col <= max_col <= _MAX_COL and 1 <= min_row <= max_row <= _MAX_ROW:
            return MergedRange(min_col, min_row, max_col, max_row)
    from openpyxl.worksheet.cell_range import CellRange

    return CellRange(ref)


def _merged_ranges(root: Any) -> tuple[Any, ...]:
    groups = root.findall(_MERGES)
    if len(groups) > 1:
        raise Unsupported("flere mergeCells")
    return tuple(merged_range(m.get("ref")) for g in groups for m in g if m.tag == _MERGE)


def _table_ids(root: Any) -> tuple[str, ...]:
    groups = root.findall(_TABLE_PARTS)
    if len(groups) > 1:
        raise Unsupported("flere tableParts")
    return tuple(t.get(_REL_ID) for g in groups for t in g if t.tag == _TABLE_PART)


def read_tables(zf: zipfile.ZipFile, rels: dict[str, Any], ids: tuple[str, ...], taken: set[str]) -> tuple[Any, ...]:
    """The table definitions (a :class:`~pipeline.read.tablepart.PlainTable`, else openpyxl's :class:`Table`);
    ``taken`` holds the lower-cased names seen so far."""
    tables = []
    for rid in ids:
        rel = rels.get(rid)
        if rel is None:
            raise Unsupported("tabell uten relasjon")
        data = zf.read(rel.target)
        table = read_plain_table(data) or _openpyxl_table(data)
        key = table.name.lower()
        if key in taken:
            raise Unsupported("to tabeller med samme navn")
        taken.add(key)
        tables.append(table)
    return tuple(tables)


def _openpyxl_table(data: bytes) -> Any:
    """A table part beyond the plain ones, read by openpyxl (imported only then)."""
    from openpyxl.worksheet.table import Table
    from openpyxl.xml.functions import fromstring as safe_fromstring

    return Table.from_tree(safe_fromstring(data))
