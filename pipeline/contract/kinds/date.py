"""«dato»: a date cell, ``dd.mm.åååå`` text or an Excel serial number inside the accepted window."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from pipeline.contract.formatting import NumberStyle, format_date
from pipeline.contract.issues import Code
from pipeline.contract.kinds.base import CellContext, CheckContext, KindMeta, ValidationRule, is_blank, serial
from pipeline.contract.kinds.cells import SERIAL_MAX_DATE, SERIAL_MIN_DATE, serial_to_date
from pipeline.contract.kinds.typed import Typed
from pipeline.contract.parsed import Parsed, failed
from pipeline.contract.values import YEAR_MAX, YEAR_MIN, date_from_text

DATE_FORMAT = "DD.MM.YYYY"
FIRST_DATE, LAST_DATE = date(YEAR_MIN, 1, 1), date(YEAR_MAX, 12, 31)


def _formula_date(d: date) -> str:
    return f"DATE({d.year},{d.month},{d.day})"


def parse_date(value: Any, date1904: bool = False) -> Parsed:
    """A date cell, a text date (``dd.mm.åååå``, ``d.m.åååå``, ``åååå-mm-dd``) or a serial."""
    if is_blank(value):
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
        return Parsed(result, format_date(result)) if result else failed(Code.BAD_DATE)
    if isinstance(value, str):
        result = date_from_text(value.strip())
        return Parsed(result, format_date(result)) if result else failed(Code.BAD_DATE)
    return failed(Code.BAD_DATE)


class Date(Typed):
    code = "dato"
    min_twips = 1050

    def from_text(self, text: str, *, record: bool) -> Any:
        return date_from_text(text, iso=not record)

    def parse_cell(self, value: Any, meta: KindMeta, ctx: CellContext) -> Parsed:
        return parse_date(value, ctx.date1904)

    def format(self, value: Any, meta: KindMeta, style: NumberStyle) -> str:
        return format_date(value)

    def number_format(self, meta: KindMeta) -> str:
        return DATE_FORMAT

    def validation(self, meta: KindMeta) -> ValidationRule:
        return ValidationRule("date", "between", str(serial(FIRST_DATE)), str(serial(LAST_DATE)),
                              f"Skriv en gyldig dato som dd.mm.åååå, mellom 01.01.{YEAR_MIN} og 31.12.{YEAR_MAX}.")

    def check(self, x: str, meta: KindMeta, ctx: CheckContext) -> tuple[str, str] | None:
        outside = f"(({x}<{_formula_date(SERIAL_MIN_DATE)})+({x}>{_formula_date(SERIAL_MAX_DATE)}))"
        return f"(ISTEXT({x})+ISNUMBER({x})*{outside}>0)", "skriv en dato som dd.mm.åååå"
