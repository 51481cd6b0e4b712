"""How values are printed: in the document, in the JSON export and in messages.

Dates ``dd.mm.åååå``; amounts with the field's fixed decimals (``28.3``, ``9.0``)
using a decimal point as the reference report does; other numbers as typed
(``191``, ``12.5``); years as ``2021``; multi-choice values joined with ``, ``.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from decimal import ROUND_HALF_UP, Decimal, localcontext
from typing import Any

from pipeline.contract.fields import FieldMeta, Kind


#: Characters XML 1.0 cannot hold (C0 controls other than tab and line breaks, lone surrogates,
#: U+FFFE/U+FFFF): they are removed from text and shown as symbols in messages.
INVALID_XML = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def visible(text: str) -> str:
    """``text`` with the characters XML cannot hold shown as symbols (U+000B → ␋)."""
    return INVALID_XML.sub(lambda m: chr(0x2400 + ord(m.group(0))) if m.group(0) < " " else "\ufffd", text)


def show_number(value: Decimal | int) -> str:
    """A number as a Norwegian reader writes it: decimal comma, plain minus."""
    return format(Decimal(value), "f").replace(".", ",")


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
        return show_number(int(value)) if value.is_integer() else show_number(Decimal(repr(value)))
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


def format_number(value: Decimal | int | float | None, decimals: int | None = None) -> str:
    """``28.3`` / ``191``; never ``-0.0``; exact for any size (no exponent)."""
    if value is None:
        return ""
    number = Decimal(str(value))
    with localcontext() as ctx:
        ctx.prec = max(28, number.adjusted() + 30)  # room for every digit of huge amounts
        if decimals is not None:
            result = number.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
        elif number == number.to_integral_value():
            result = number.quantize(Decimal(1))
        else:
            result = number.normalize()
        if result.is_zero():
            result = result.copy_abs()
        return format(result, "f")


def format_value(value: object, field: FieldMeta) -> str:
    """A model value as printed text ('' for empty)."""
    if value is None:
        return ""
    match field.kind:
        case Kind.DATE:
            return format_date(value)  # type: ignore[arg-type]
        case Kind.NUMBER | Kind.INTEGER:
            return format_number(value, field.decimals)  # type: ignore[arg-type]
        case Kind.YEAR:
            return str(value)
        case Kind.MULTICHOICE:
            return ", ".join(value)  # type: ignore[arg-type]
        case _:
            return str(value)
