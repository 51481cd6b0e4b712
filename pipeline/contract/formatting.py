"""How values are printed: in the document, in the JSON export and in messages.

Numbers are never rounded: every decimal the actor typed is printed.

* **The document** (:func:`format_value`, :func:`format_number`) prints amounts in the
  report's number style (:class:`NumberStyle`, ``tallformat`` in ``rapport.toml``). The
  default, ``komma``, is how Norwegians write numbers: decimal comma, a no-break space
  (U+00A0) between groups of thousands and the minus sign U+2212 (``28,3``, ``1 200,0``,
  ``−0,5``). ``punktum`` gives the 2021 report's look: ``28.3``, ``1200.0``, ``-0.5``.
  A field with ``decimals`` (amounts: 1) shows at least that many decimals (``9`` →
  ``9,0``) and every further decimal typed (``2,75``).
* **The JSON export** uses the ``punktum`` form, the record format (``2.75``, ``9.0``).
* **Messages** (:func:`show_number`) quote numbers so that they can be typed back into a
  cell: decimal comma, no grouping, ``-`` (``-1200,5``).

Dates ``dd.mm.åååå``; years as ``2021``; multi-choice values joined with ``, ``.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from decimal import Decimal, localcontext
from enum import StrEnum
from typing import Any


class NumberStyle(StrEnum):
    """How the document writes numbers (``tallformat`` in ``rapport.toml``)."""

    KOMMA = "komma"  # 1 200,5 and −0,5: Norwegian
    PUNKTUM = "punktum"  # 1200.5 and -0.5: the 2021 report, and the JSON export


#: The minus sign and the thousands separator of :attr:`NumberStyle.KOMMA`.
MINUS_SIGN = "\u2212"
THOUSANDS_SPACE = "\u00a0"

#: Characters XML 1.0 cannot hold (C0 controls other than tab and line breaks, lone surrogates,
#: U+FFFE/U+FFFF): they are removed from text and shown as symbols in messages.
INVALID_XML = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def visible(text: str) -> str:
    """``text`` with the characters XML cannot hold shown as symbols (U+000B → ␋)."""
    return INVALID_XML.sub(lambda m: chr(0x2400 + ord(m.group(0))) if m.group(0) < " " else "\ufffd", text)


def printable(value: Any) -> Any:
    """A value for a message: characters XML cannot hold shown as symbols (U+000B → ␋), so
    that terminals, the merge report's workbook and the JSON can always show it. Other
    values are returned unchanged."""
    return visible(value) if isinstance(value, str) else value


def clean_xml_text(text: str) -> str:
    """``text`` without the characters an XML document cannot hold."""
    return INVALID_XML.sub("", text)


def exact(value: Decimal | int | float) -> Decimal:
    """A number as a Decimal without inventing digits: a float by its shortest repr
    (``2.75``, not the binary ``2.7499999…``), a whole float as a whole number (``10.0`` → ``10``)."""
    if isinstance(value, float):
        return Decimal(int(value)) if value.is_integer() else Decimal(repr(value))
    return Decimal(value)


def show_number(value: Decimal | int | float) -> str:
    """A number in a message, as it can be typed into a cell: decimal comma, no grouping, ``-``."""
    return format(exact(value), "f").replace(".", ",")


def show_rounded(value: float, places: int = 1) -> str:
    """A measured quantity (seconds) for a message: ``4,5``."""
    return show_number(round(Decimal(repr(value)), places))


def value_as_text(value: Any) -> str:
    """A cell value as the user sees it in Excel: numbers as typed (``12345``, ``28,3``),
    dates ``dd.mm.åååå``, times ``HH:MM``, ``SANN``/``USANN``."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "SANN" if value else "USANN"  # Norwegian Excel's TRUE/FALSE
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return str(value)
        return show_number(value)
    if isinstance(value, Decimal):
        return show_number(value) if value.is_finite() else str(value)
    if isinstance(value, datetime):
        text = format_date(value)
        return text if value.time() == time(0) else f"{text} {value:%H:%M}"
    if isinstance(value, date):
        return format_date(value)
    if isinstance(value, time):
        return f"{value:%H:%M}"
    return str(value)


def format_date(value: date | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.date()
    return f"{value.day:02d}.{value.month:02d}.{value.year:04d}"  # strftime drops zeros of years < 1000


def _grouped(digits: str) -> str:
    """``1200000`` → ``1 200 000`` (no-break spaces)."""
    head = len(digits) % 3 or 3
    return THOUSANDS_SPACE.join([digits[:head], *(digits[i:i + 3] for i in range(head, len(digits), 3))])


def format_number(value: Decimal | int | float | None, decimals: int | None = None,
                  style: NumberStyle = NumberStyle.KOMMA) -> str:
    """A number in ``style`` with every typed decimal, and at least ``decimals`` decimals.

    Never rounds, never shows an exponent or a minus zero: ``2.75`` → ``2,75``,
    ``Decimal("1E+3")`` → ``1 000``, ``-0.0`` → ``0,0``.
    """
    if value is None:
        return ""
    number = exact(value)
    if not number.is_finite():
        return str(number)
    if decimals is not None and number.as_tuple().exponent > -decimals:  # type: ignore[operator]
        with localcontext() as ctx:
            ctx.prec = max(28, number.adjusted() + decimals + 30)  # room for every digit of huge amounts
            number = number.quantize(Decimal(1).scaleb(-decimals))  # adds zeros only
    whole, _, fraction = format(number.copy_abs(), "f").partition(".")
    negative = number.is_signed() and not number.is_zero()
    if style is NumberStyle.KOMMA:
        return (MINUS_SIGN if negative else "") + _grouped(whole) + ("," + fraction if fraction else "")
    return ("-" if negative else "") + whole + ("." + fraction if fraction else "")
