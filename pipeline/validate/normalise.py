"""Cell values as actors type them: dates, numbers, years, list choices and text.

Every parser takes a raw cell value (what openpyxl gives) and returns a :class:`Parsed`:
the value for the model, how it was read when it had to be normalised (for a
``NORMALISED`` warning), and any problems (issue codes with their message
parameters). Text is read by :func:`pipeline.contract.values.read_text`, the one parser
by field kind; this module adds what cells bring (dates, serial numbers, floats) and the
problems. Nothing here knows about cells, files or issues' places; the validator adds those.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from pipeline.contract.fields import FieldMeta, Kind
from pipeline.contract.formatting import INVALID_XML, exact, format_date, show_number, value_as_text
from pipeline.contract.issues import Code
from pipeline.contract.values import UnreadableValue, is_year, read_text, whole
from pipeline.validate.choices import match_choice, match_multi, match_suggestion
from pipeline.validate.parsed import Parsed, Problem, failed

__all__ = [
    "MAX_CELL_CHARS", "SERIAL_MAX_DATE", "SERIAL_MIN_DATE", "Parsed", "Problem", "clean_text", "match_choice",
    "parse_date", "parse_field", "parse_integer", "parse_number", "parse_year", "printable", "serial_to_date",
    "show_chars", "show_date",
]

#: Excel serial numbers are only read as dates inside this window; a year or a
#: number typed into a date cell (``2021`` → 13.07.1905) is an error instead.
SERIAL_MIN_DATE = date(1950, 1, 1)
SERIAL_MAX_DATE = date(2199, 12, 31)
#: Characters in one cell: Excel's own limit. Longer text comes from other programs and is an error.
MAX_CELL_CHARS = 32_767

_EPOCH_1900 = date(1899, 12, 30)  # valid for serials >= 61 (Excel's 1900 leap-year bug)
_EPOCH_1904 = date(1904, 1, 1)


def _is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _read(kind: Kind, text: str) -> Any:
    """``text`` (stripped) read by kind; None when unreadable."""
    try:
        return read_text(kind, text.strip())
    except UnreadableValue:
        return None


# --- display ------------------------------------------------------------------------------

def show_date(value: date) -> str:
    """A date as ``dd.mm.åååå``."""
    return format_date(value)


def show_chars(chars: str) -> str:
    """``U+000B, U+0001`` for the characters removed from a text."""
    return ", ".join(f"U+{ord(c):04X}" for c in chars)


# --- text -----------------------------------------------------------------------------------

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


def _text_problems(removed: str, text: str = "") -> tuple[Problem, ...]:
    """INVALID_CHARS for removed characters, TEXT_TOO_LONG past Excel's limit."""
    problems = (Problem(Code.INVALID_CHARS, {"chars": show_chars(removed)}),) if removed else ()
    if len(text) > MAX_CELL_CHARS:
        count, limit = (f"{n:,}".replace(",", " ") for n in (len(text), MAX_CELL_CHARS))
        problems += (Problem(Code.TEXT_TOO_LONG, {"count": count, "limit": limit}),)
    return problems


# --- dates ----------------------------------------------------------------------------------

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


def parse_date(value: Any, date1904: bool = False) -> Parsed:
    """A date cell, a text date (``dd.mm.åååå``, ``d.m.åååå``, ``åååå-mm-dd``) or a serial."""
    if _is_blank(value):
        return Parsed(None)
    if isinstance(value, datetime):
        return Parsed(value.date())
    if isinstance(value, date):
        return Parsed(value)
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        try:
            result = serial_to_date(value, date1904) if value > 0 else None
        except (ValueError, OverflowError, InvalidOperation):
            result = None
        return Parsed(result, show_date(result)) if result else failed(Code.BAD_DATE)
    if isinstance(value, str):
        result = _read(Kind.DATE, value)
        return Parsed(result, show_date(result)) if result else failed(Code.BAD_DATE)
    return failed(Code.BAD_DATE)


# --- numbers --------------------------------------------------------------------------------

def _number(value: Any) -> tuple[Decimal | None, bool]:
    """(number, was_text); number is None when unreadable."""
    if isinstance(value, bool):
        return None, False
    if isinstance(value, int):
        return Decimal(value), False
    if isinstance(value, float):
        # a number cell holds what Excel shows: its shortest decimal form, a whole number without decimals
        return (exact(value), False) if value == value and abs(value) != float("inf") else (None, False)
    if isinstance(value, Decimal):
        return (value, False) if value.is_finite() else (None, False)
    if isinstance(value, str):
        return _read(Kind.NUMBER, value), True
    return None, False


def _below(number: Decimal, minimum: Decimal | None) -> tuple[Problem, ...]:
    if minimum is not None and number < minimum:
        return (Problem(Code.BELOW_MINIMUM, {"minimum": show_number(minimum)}),)
    return ()


def parse_number(value: Any, minimum: Decimal | None = None) -> Parsed:
    """A decimal number; text with decimal comma, space-grouped thousands or − is normalised.

    A number below ``minimum`` is kept but reported (BELOW_MINIMUM).
    """
    if _is_blank(value):
        return Parsed(None)
    number, was_text = _number(value)
    if number is None:
        return failed(Code.BAD_NUMBER)
    return Parsed(number, show_number(number) if was_text else None, _below(number, minimum))


def parse_integer(value: Any, minimum: Decimal | None = None) -> Parsed:
    """A whole number (``10``, ``10.0``, text ``"10"``)."""
    if _is_blank(value):
        return Parsed(None)
    was_text = isinstance(value, str)
    number = _read(Kind.INTEGER, value) if was_text else whole(_number(value)[0])
    if number is None:
        return failed(Code.BAD_INTEGER)
    return Parsed(number, str(number) if was_text else None, _below(Decimal(number), minimum))


def parse_year(value: Any) -> Parsed:
    """A year (:data:`~pipeline.contract.values.YEAR_MIN` to ``YEAR_MAX``): an int, a whole float, or text (normalised)."""
    if _is_blank(value):
        return Parsed(None)
    was_text = isinstance(value, str)
    if was_text:
        year = _read(Kind.YEAR, value)
    else:
        year = None if isinstance(value, bool) else whole(_number(value)[0])
    if not is_year(year):
        return failed(Code.BAD_YEAR)
    return Parsed(year, str(year) if was_text else None)


# --- one field ------------------------------------------------------------------------------

def parse_field(value: Any, meta: FieldMeta, choices: Sequence[str] = (), date1904: bool = False,
                synonyms: Mapping[str, str] | None = None) -> Parsed:
    """Parse one raw cell value by the field's kind. ``choices`` is the field's vocabulary,
    ``synonyms`` other words that mean one of them."""
    match meta.kind:
        case Kind.DATE:
            return parse_date(value, date1904)
        case Kind.NUMBER:
            return parse_number(value, meta.minimum)
        case Kind.INTEGER:
            return parse_integer(value, meta.minimum)
        case Kind.YEAR:
            return parse_year(value)
    text, removed = clean_text(value)
    extra = _text_problems(removed, text)
    match meta.kind:
        case Kind.CHOICE:
            result = match_choice(text, choices, synonyms)
            # the message shows the whole cell as typed
            result = replace(result, problems=tuple(replace(p, value=None) for p in result.problems))
        case Kind.MULTICHOICE:
            result = match_multi(text, choices)
        case Kind.SUGGEST:
            result = match_suggestion(text, choices)
        case Kind.EMAIL if text and _read(Kind.EMAIL, text) is None:
            result = Parsed("", problems=(Problem(Code.BAD_EMAIL),))
        case _:
            result = Parsed(text)
    return Parsed(result.value, result.normalised, extra + result.problems)

