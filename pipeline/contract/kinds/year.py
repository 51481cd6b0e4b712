"""«år»: four digits between YEAR_MIN and YEAR_MAX."""

from __future__ import annotations

from typing import Any

from pipeline.contract.formatting import NumberStyle
from pipeline.contract.issues import Code
from pipeline.contract.kinds.base import CellContext, CheckContext, KindMeta, ValidationRule, is_blank, not_whole
from pipeline.contract.kinds.cells import cell_decimal
from pipeline.contract.kinds.typed import Typed
from pipeline.contract.parsed import Parsed, failed
from pipeline.contract.values import YEAR_MAX, YEAR_MIN, is_year, whole, year_from_text


def parse_year(value: Any) -> Parsed:
    """A year (``YEAR_MIN`` to ``YEAR_MAX``): an int, a whole float, or text (normalised)."""
    if is_blank(value):
        return Parsed(None)
    was_text = isinstance(value, str)
    year = year_from_text(value.strip()) if was_text else whole(cell_decimal(value))
    if not is_year(year):
        return failed(Code.BAD_YEAR)
    return Parsed(year, str(year) if was_text else None)


class Year(Typed):
    code = "år"
    min_twips = 700

    def from_text(self, text: str, *, record: bool) -> Any:
        return year_from_text(text)

    def parse_cell(self, value: Any, meta: KindMeta, ctx: CellContext) -> Parsed:
        return parse_year(value)

    def format(self, value: Any, meta: KindMeta, style: NumberStyle) -> str:
        return str(value)

    def number_format(self, meta: KindMeta) -> str:
        return "0"

    def validation(self, meta: KindMeta) -> ValidationRule:
        return ValidationRule("whole", "between", str(YEAR_MIN), str(YEAR_MAX),
                              f"Skriv årstallet med fire sifre, mellom {YEAR_MIN} og {YEAR_MAX}.")

    def check(self, x: str, meta: KindMeta, ctx: CheckContext) -> tuple[str, str] | None:
        outside = f"(({x}<{YEAR_MIN})+({x}>{YEAR_MAX}))"
        return f"(ISTEXT({x})+ISNUMBER({x})*{outside}+{not_whole(x)}>0)", "skriv årstallet med fire sifre"
