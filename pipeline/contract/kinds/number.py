"""«tall»: a decimal number (amounts in mill. kr), never rounded."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from pipeline.contract.formatting import NumberStyle, format_number, show_number
from pipeline.contract.issues import Code
from pipeline.contract.kinds.base import CellContext, CheckContext, KindMeta, ValidationRule, is_blank
from pipeline.contract.kinds.cells import cell_decimal
from pipeline.contract.kinds.typed import Typed
from pipeline.contract.parsed import Parsed, Problem, failed
from pipeline.contract.values import number_from_text

#: Typed decimals beyond a field's own that the cell still shows (2,75 in a one-decimal amount cell).
EXTRA_DECIMALS_SHOWN = 6


def below(number: Decimal, minimum: Decimal | None) -> tuple[Problem, ...]:
    """BELOW_MINIMUM when ``number`` is under the field's minimum."""
    if minimum is not None and number < minimum:
        return (Problem(Code.BELOW_MINIMUM, {"minimum": show_number(minimum)}),)
    return ()


def parse_number(value: Any, minimum: Decimal | None = None) -> Parsed:
    """A decimal number; text with decimal comma, space-grouped thousands or − is normalised.

    A number below ``minimum`` is kept but reported (BELOW_MINIMUM).
    """
    if is_blank(value):
        return Parsed(None)
    was_text = isinstance(value, str)
    number = number_from_text(value.strip()) if was_text else cell_decimal(value)
    if number is None:
        return failed(Code.BAD_NUMBER)
    return Parsed(number, show_number(number) if was_text else None, below(number, minimum))


class Number(Typed):
    code = "tall"
    min_twips = 1400

    def from_text(self, text: str, *, record: bool) -> Any:
        return number_from_text(text, point_is_decimal=record)

    def parse_cell(self, value: Any, meta: KindMeta, ctx: CellContext) -> Parsed:
        return parse_number(value, meta.minimum)

    def format(self, value: Any, meta: KindMeta, style: NumberStyle) -> str:
        return format_number(value, meta.decimals, style)

    def number_format(self, meta: KindMeta) -> str:
        """At least the field's decimals, and every decimal typed (up to 6 more) shown."""
        return "#,##0." + "0" * meta.decimals + "#" * EXTRA_DECIMALS_SHOWN if meta.decimals else "General"

    def validation(self, meta: KindMeta) -> ValidationRule:
        if meta.minimum is not None:
            return ValidationRule("decimal", "greaterThanOrEqual", str(meta.minimum), None,
                                  f"Skriv et tall som ikke er mindre enn {meta.minimum}, f.eks. 28,3.")
        return ValidationRule("decimal", "between", "-1E+12", "1E+12", "Skriv et tall, f.eks. 28,3 eller -1,5.")

    def check(self, x: str, meta: KindMeta, ctx: CheckContext) -> tuple[str, str] | None:
        low = f"+ISNUMBER({x})*({x}<{meta.minimum})" if meta.minimum is not None else ""
        return f"(ISTEXT({x}){low}>0)", "skriv et tall" + (" som ikke er negativt" if low else "")
