"""«heltall»: a whole number (``10``, ``10.0``, text ``"10"``), not below the field's minimum."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from pipeline.contract.formatting import NumberStyle, format_number
from pipeline.contract.issues import Code
from pipeline.contract.kinds.base import CellContext, CheckContext, KindMeta, ValidationRule, is_blank, not_whole
from pipeline.contract.kinds.cells import cell_decimal
from pipeline.contract.kinds.number import below
from pipeline.contract.kinds.typed import Typed
from pipeline.contract.parsed import Parsed, failed
from pipeline.contract.values import number_from_text, whole


def parse_integer(value: Any, minimum: Decimal | None = None) -> Parsed:
    """A whole number (``10``, ``10.0``, text ``"10"``)."""
    if is_blank(value):
        return Parsed(None)
    was_text = isinstance(value, str)
    number = whole(number_from_text(value.strip()) if was_text else cell_decimal(value))
    if number is None:
        return failed(Code.BAD_INTEGER)
    return Parsed(number, str(number) if was_text else None, below(Decimal(number), minimum))


class Integer(Typed):
    code = "heltall"
    min_twips = 700

    def from_text(self, text: str, *, record: bool) -> Any:
        return whole(number_from_text(text, point_is_decimal=record))

    def parse_cell(self, value: Any, meta: KindMeta, ctx: CellContext) -> Parsed:
        return parse_integer(value, meta.minimum)

    def format(self, value: Any, meta: KindMeta, style: NumberStyle) -> str:
        return format_number(value, meta.decimals, style)

    def number_format(self, meta: KindMeta) -> str:
        return "0"

    def validation(self, meta: KindMeta) -> ValidationRule:
        return ValidationRule("whole", "greaterThanOrEqual", str(meta.minimum or 0), None,
                              "Skriv et helt tall som ikke er negativt.")

    def check(self, x: str, meta: KindMeta, ctx: CheckContext) -> tuple[str, str] | None:
        return f"(ISTEXT({x})+ISNUMBER({x})*({x}<0)+{not_whole(x)}>0)", "skriv et helt tall"
