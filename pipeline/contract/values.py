"""The one parser of values written as text, by field kind.

:func:`read_text` turns the text of one value into the model's value for a field kind.
The validator reads what actors typed in cells with it; the JSON export's reading back
(:func:`pipeline.merge.export.record_to_tiltak`) and ``prefill`` read record values with
it (``record=True``). The grammar is the same; records differ in two documented ways:
a dot is always a decimal point (:func:`pipeline.contract.formatting.format_number`
writes ``0.125``), and dates are only ``dd.mm.åååå`` (:func:`format_date`).

Nothing here knows about cells, issues or messages.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Any

from pipeline.common.errors import PipelineError

#: The years a Year field accepts (the template's data validation says the same).
YEAR_MIN, YEAR_MAX = 2000, 2100

#: ``31.12.2021``, ``1.2.2021``
DMY_DATE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")
#: ``2021-12-31``
ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
#: Spaces that group thousands: space, no-break space, narrow no-break, thin and figure space.
GROUP_SPACES = " \u00a0\u202f\u2009\u2007"
NUMBER = re.compile(
    rf"(?P<sign>[-+\u2212])?(?P<int>\d{{1,3}}(?:[{GROUP_SPACES}]\d{{3}})+|\d+)(?:(?P<sep>[,.])(?P<frac>\d+))?"
)
_GROUP_SPACE = re.compile(f"[{GROUP_SPACES}]")
YEAR = re.compile(r"\d{4}")
#: What separates the values of a multi-choice record value: ``Helsenorge, Kjernejournal``.
LIST_SEPARATORS = re.compile(r"[,;\s]+")

#: One e-mail address: no spaces, one @, a domain with a dot (``ola.nordmann@helse.no``).
EMAIL = re.compile(r"[^@\s,;:<>()\[\]\"]+@[^@\s,;:<>()\[\]\".]+(?:\.[^@\s,;:<>()\[\]\".]+)+")

class UnreadableValue(PipelineError, ValueError):
    """The text cannot be read as a value of the kind."""



def is_empty_value(value: Any) -> bool:
    """True for the empty values of every kind."""
    return value is None or value == "" or value == []


def date_from_text(text: str, *, iso: bool = True) -> date | None:
    """``dd.mm.åååå`` or ``d.m.åååå`` (and ``åååå-mm-dd`` when ``iso``) as a date; None if not a date."""
    if m := DMY_DATE.fullmatch(text):
        day, month, year = (int(g) for g in m.groups())
    elif iso and (m := ISO_DATE.fullmatch(text)):
        year, month, day = (int(g) for g in m.groups())
    else:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def number_from_text(text: str, *, point_is_decimal: bool = False) -> Decimal | None:
    """A number with decimal comma or point, space-grouped thousands and ``-``/``+``/``−``.

    ``1.200`` is ambiguous (thousands separator or decimal point?) and not read unless
    ``point_is_decimal``.
    """
    m = NUMBER.fullmatch(text)
    if not m:
        return None
    digits = _GROUP_SPACE.sub("", m["int"])
    if not point_is_decimal and m["sep"] == "." and len(m["frac"]) == 3 and digits == m["int"]:
        return None
    number = Decimal(f"{digits}.{m['frac']}" if m["frac"] else digits)
    return -number if m["sign"] in ("-", "\u2212") else number


def whole(number: Decimal | None) -> int | None:
    """The number as an int when it is whole (``10.0`` → 10); None otherwise."""
    if number is None or number != number.to_integral_value():
        return None
    return int(number)


def is_year(year: int | None) -> bool:
    """True for a year between :data:`YEAR_MIN` and :data:`YEAR_MAX`."""
    return year is not None and YEAR_MIN <= year <= YEAR_MAX


def year_from_text(text: str) -> int | None:
    """Four digits between :data:`YEAR_MIN` and :data:`YEAR_MAX`; None otherwise."""
    year = int(text) if YEAR.fullmatch(text) else None
    return year if is_year(year) else None


def is_email(text: str) -> bool:
    """True for one e-mail address (:data:`EMAIL`)."""
    return EMAIL.fullmatch(text) is not None


def split_list(text: str) -> list[str]:
    """A multi-choice record value's parts (``Helsenorge, Kjernejournal`` → two parts)."""
    return [part for part in LIST_SEPARATORS.split(text) if part]
