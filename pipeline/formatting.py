"""How values are printed: in the document, in the JSON export and in messages.

Dates ``dd.mm.åååå``; amounts with the field's fixed decimals (``28.3``, ``9.0``)
using a decimal point as the reference report does; other numbers as typed
(``191``, ``12.5``); years as ``2021``; multi-choice values joined with ``, ``.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, localcontext

from pipeline.fields import FieldMeta, Kind


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
