"""What every kind's cell reading shares: free text cleaned the one way, Excel serial dates, numbers in cells."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from pipeline.contract.formatting import INVALID_XML, exact, value_as_text
from pipeline.contract.issues import Code
from pipeline.contract.parsed import Problem

#: Excel serial numbers are only read as dates inside this window; a year or a
#: number typed into a date cell (``2021`` → 13.07.1905) is an error instead.
SERIAL_MIN_DATE = date(1950, 1, 1)
SERIAL_MAX_DATE = date(2199, 12, 31)
#: Characters in one cell: Excel's own limit. Longer text comes from other programs and is an error.
MAX_CELL_CHARS = 32_767

_EPOCH_1900 = date(1899, 12, 30)  # valid for serials >= 61 (Excel's 1900 leap-year bug)
_EPOCH_1904 = date(1904, 1, 1)


def show_chars(chars: str) -> str:
    """``U+000B, U+0001`` for the characters removed from a text."""
    return ", ".join(f"U+{ord(c):04X}" for c in chars)


def clean_text(value: Any) -> tuple[str, str]:
    """The one normalisation of free text: ``(text, removed_chars)``.

    Numbers and dates become their text; characters XML 1.0 forbids are removed
    (``removed_chars`` lists each once, in order of appearance); ``\\r\\n`` and ``\\r``
    become ``\\n``; surrounding whitespace is stripped (every text kind alike; lines
    inside a LONGTEXT are never touched). Nothing else changes.
    """
    text = value_as_text(value)
    removed = "".join(dict.fromkeys(INVALID_XML.findall(text)))
    if removed:
        text = INVALID_XML.sub("", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.strip(), removed


def text_problems(removed: str, text: str = "") -> tuple[Problem, ...]:
    """INVALID_CHARS for removed characters, TEXT_TOO_LONG past Excel's limit."""
    problems = (Problem(Code.INVALID_CHARS, {"chars": show_chars(removed)}),) if removed else ()
    if len(text) > MAX_CELL_CHARS:
        count, limit = (f"{n:,}".replace(",", " ") for n in (len(text), MAX_CELL_CHARS))
        problems += (Problem(Code.TEXT_TOO_LONG, {"count": count, "limit": limit}),)
    return problems


def serial_to_date(serial: float | int | Decimal, date1904: bool = False) -> date | None:
    """An Excel serial number as a date (time part dropped); None outside the accepted window."""
    days = int(serial)  # serials here are positive; int() drops the time part
    if date1904:
        result = _EPOCH_1904 + timedelta(days=days)
    elif days >= 61:
        result = _EPOCH_1900 + timedelta(days=days)
    else:
        return None  # before 1.3.1900, far outside the window anyway
    return result if SERIAL_MIN_DATE <= result <= SERIAL_MAX_DATE else None


def cell_decimal(value: Any) -> Decimal | None:
    """A number cell's value as a Decimal (what Excel shows: the float's shortest form); None if not a number."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return exact(value) if value == value and abs(value) != float("inf") else None
    if isinstance(value, Decimal):
        return value if value.is_finite() else None
    return None
