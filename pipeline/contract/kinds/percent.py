"""«prosent»: a share, stored as Excel stores a percentage: 12,5 % is the number 0.125.

The model value and the JSON export keep the stored fraction exactly (``0.125``); the
document and the cell show the percentage (``12,5 %``). Text typed in a cell is read as
the percentage the actor sees (``12,5 %`` and ``12,5`` are both 0.125) and reported as
normalised.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from pipeline.contract.formatting import THOUSANDS_SPACE, NumberStyle, format_number, show_number
from pipeline.contract.issues import Code
from pipeline.contract.kinds.base import CellContext, CheckContext, KindMeta, ValidationRule, is_blank
from pipeline.contract.kinds.cells import cell_decimal
from pipeline.contract.kinds.number import below
from pipeline.contract.kinds.typed import Typed
from pipeline.contract.parsed import Parsed, failed
from pipeline.contract.values import number_from_text

#: Decimals of the percentage a cell shows beyond the field's own (12,5 % in a whole-percent field).
EXTRA_DECIMALS_SHOWN = 4


def percentage(fraction: Decimal) -> Decimal:
    """0.125 → 12.5, exactly (a shift of the decimal point)."""
    return fraction.scaleb(2)


def _from_cell_text(text: str) -> Decimal | None:
    """``12,5 %``, ``12,5%`` or ``12,5`` as the fraction 0.125; None when not a number."""
    number = number_from_text(text.removesuffix("%").rstrip())
    return None if number is None else number.scaleb(-2)


class Percent(Typed):
    code = "prosent"
    min_twips = 900

    def from_text(self, text: str, *, record: bool) -> Any:
        return number_from_text(text, point_is_decimal=True) if record else _from_cell_text(text)

    def parse_cell(self, value: Any, meta: KindMeta, ctx: CellContext) -> Parsed:
        if is_blank(value):
            return Parsed(None)
        was_text = isinstance(value, str)
        fraction = _from_cell_text(value.strip()) if was_text else cell_decimal(value)
        if fraction is None:
            return failed(Code.BAD_NUMBER)
        shown = f"{show_number(percentage(fraction))} %" if was_text else None
        return Parsed(fraction, shown, below(fraction, meta.minimum))

    def format(self, value: Any, meta: KindMeta, style: NumberStyle) -> str:
        return format_number(percentage(Decimal(value)), meta.decimals, style) + THOUSANDS_SPACE + "%"

    def record(self, value: Any, meta: KindMeta) -> str:
        return format_number(value, None, NumberStyle.PUNKTUM)  # the stored fraction, every digit

    def number_format(self, meta: KindMeta) -> str:
        # at least one decimal: Excel shows «12,%» for a whole percentage in «0.##%»
        return "0." + "0" * max(meta.decimals or 0, 1) + "#" * EXTRA_DECIMALS_SHOWN + "%"

    def validation(self, meta: KindMeta) -> ValidationRule:
        low = str(meta.minimum) if meta.minimum is not None else "-1E+12"
        return ValidationRule("decimal", "between", low, "1E+12", "Skriv en prosent, f.eks. 12,5 %.")

    def check(self, x: str, meta: KindMeta, ctx: CheckContext) -> tuple[str, str] | None:
        low = f"+ISNUMBER({x})*({x}<{meta.minimum})" if meta.minimum is not None else ""
        return f"(ISTEXT({x}){low}>0)", "skriv en prosent, f.eks. 12,5 %"
