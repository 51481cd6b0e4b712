"""A1 cell references (``B12``, ``$A$1:$C$3``) as openpyxl reads them, without importing openpyxl.

Importing any part of openpyxl runs its package ``__init__``, which loads the whole library (workbook, styles,
writer, the system's MIME types): some 65 ms of every ``validate`` and ``merge`` before a file is opened. The
reading side needs only these few functions, so they are copied here from ``openpyxl.utils.cell`` (openpyxl 3.1,
MIT licence, © 2010–2024 openpyxl) with the same behaviour, errors included; ``tests/common/test_a1.py`` holds
them side by side with openpyxl's on generated references. openpyxl itself is still used to write workbooks and
as the fall-back reader, where its import cost is paid only when needed.
"""

from __future__ import annotations

import re
from functools import lru_cache
from string import ascii_uppercase, digits

__all__ = ["ABSOLUTE_RE", "COORD_RE", "column_index_from_string", "coordinate_to_tuple", "get_column_letter",
           "range_boundaries"]

COORD_RE = re.compile(r"^[$]?([A-Za-z]{1,3})[$]?(\d+)$")
_RANGE_EXPR = r"""
[$]?(?P<min_col>[A-Za-z]{1,3})?
[$]?(?P<min_row>\d+)?
(:[$]?(?P<max_col>[A-Za-z]{1,3})?
[$]?(?P<max_row>\d+)?)?
"""
ABSOLUTE_RE = re.compile("^" + _RANGE_EXPR + "$", re.VERBOSE)

_DECIMAL_TO_ALPHA = ["", *ascii_uppercase]
_ALPHA_TO_DECIMAL = {letter: pos for pos, letter in enumerate(ascii_uppercase, 1)}
_POWERS = (1, 26, 676)


def get_column_letter(col_idx: int) -> str:
    """1 → ``A``, 27 → ``AA``, 18278 → ``ZZZ``; ValueError outside 1–18278."""
    if not 1 <= col_idx <= 18278:
        raise ValueError(f"Invalid column index {col_idx}")
    if col_idx < 26:
        return _DECIMAL_TO_ALPHA[col_idx]
    result: list[str] = []
    while col_idx:
        col_idx, remainder = divmod(col_idx, 26)
        result.insert(0, _DECIMAL_TO_ALPHA[remainder])
        if not remainder:
            col_idx -= 1
            result.insert(0, "Z")
    return "".join(result)


@lru_cache(maxsize=None)
def column_index_from_string(col: str) -> int:
    """``A`` → 1, ``aa`` → 27; ValueError for anything but one to three letters up to ``ZZZ``."""
    error = f"'{col}' is not a valid column name. Column names are from A to ZZZ"
    if len(col) > 3:
        raise ValueError(error)
    idx = 0
    for letter, power in zip(reversed(col.upper()), _POWERS):
        try:
            pos = _ALPHA_TO_DECIMAL[letter]
        except KeyError:
            raise ValueError(error) from None
        idx += pos * power
    if not 0 < idx < 18279:
        raise ValueError(error)
    return idx


def range_boundaries(range_string: str) -> tuple[int | None, int | None, int | None, int | None]:
    """(min_col, min_row, max_col, max_row) of a cell or range; a whole column or row leaves the other
    boundaries None. ValueError for anything else."""
    msg = f"{range_string} is not a valid coordinate or range"
    m = ABSOLUTE_RE.match(range_string)
    if not m:
        raise ValueError(msg)
    min_col, min_row, sep, max_col, max_row = m.groups()
    if sep:
        cols, rows = (min_col, max_col), (min_row, max_row)
        if not (all(cols + rows) or all(cols) and not any(rows) or all(rows) and not any(cols)):
            raise ValueError(msg)
    first_col = column_index_from_string(min_col) if min_col is not None else None
    first_row = int(min_row) if min_row is not None else None
    last_col = column_index_from_string(max_col) if max_col is not None else first_col
    last_row = int(max_row) if max_row is not None else first_row
    return first_col, first_row, last_col, last_row


def coordinate_to_tuple(coordinate: str) -> tuple[int, int]:
    """``B12`` → (12, 2), split at the first digit as openpyxl does."""
    idx = 0
    for idx, c in enumerate(coordinate):
        if c in digits:
            break
    return int(coordinate[idx:]), column_index_from_string(coordinate[:idx])
