"""A1 references: thin wrappers around :mod:`pipeline.common.a1` (openpyxl's rules, without importing openpyxl).

Those parse cells and ranges; what it lacks is kept here: a cell's coordinate
from (row, column), answers of ``None`` instead of exceptions, the first cell at the
start of a reference, and splitting ``'Sheet name'!$A$1`` into sheet and cells
(openpyxl's own pattern refuses unquoted names with spaces, which Excel users type).
"""

from __future__ import annotations

import re

from pipeline.common.a1 import ABSOLUTE_RE, COORD_RE, column_index_from_string, get_column_letter, range_boundaries

_LEADING_CELL = re.compile(r"\$?([A-Za-z]{1,3})\$?(\d+)")
_SHEET_QUALIFIED = re.compile(r"(?:'((?:[^']|'')+)'|([^'!:]+))!(.*)", re.DOTALL)


def coordinate(row: int, col: int) -> str:
    """(3, 2) -> ``B3``."""
    return f"{get_column_letter(col)}{row}"


def parse_cell(ref: str) -> tuple[int, int] | None:
    """(row, column) of a single cell such as ``B12`` or ``$B$12``; None for anything else."""
    m = COORD_RE.fullmatch(ref)
    return (int(m.group(2)), column_index_from_string(m.group(1).upper())) if m else None


def parse_range(ref: str) -> tuple[int, int, int, int] | None:
    """(min_col, min_row, max_col, max_row) of ``A1`` or ``A1:C3`` (``$`` allowed); None for anything else.

    Whole columns or rows (``A:C``, ``1:3``) are None too. Reversed ranges keep their order.
    """
    if not ABSOLUTE_RE.fullmatch(ref):  # range_boundaries alone accepts a trailing newline
        return None
    try:
        bounds = range_boundaries(ref)
    except ValueError:
        return None
    return None if None in bounds else bounds


def first_cell_position(ref: str) -> tuple[int, int]:
    """(row, column) of the cell a reference starts with (``A5:C5`` -> (5, 1)); (0, 0) when there is none."""
    m = _LEADING_CELL.match(ref)
    return (int(m[2]), column_index_from_string(m[1].upper())) if m else (0, 0)


def split_sheet_reference(text: str) -> tuple[str, str] | None:
    """``'Ark 1'!$A$1`` -> (``Ark 1``, ``$A$1``); doubled quotes in a quoted name are undone. None without a sheet."""
    m = _SHEET_QUALIFIED.match(text)
    if not m:
        return None
    title = m.group(1).replace("''", "'") if m.group(1) is not None else m.group(2)
    return title, m.group(3)
