"""«flervalg»: zero or more values of a closed list (Knytning), written ``A, B``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pipeline.contract.choices import match_multi
from pipeline.contract.formatting import NumberStyle
from pipeline.contract.kinds.base import CellContext, CheckContext, KindMeta
from pipeline.contract.kinds.text import Text
from pipeline.contract.parsed import Parsed
from pipeline.contract.values import split_list


class MultiChoice(Text):
    code = "flervalg"
    empty: list[str] = []
    is_text = False

    def read_text(self, text: str, *, record: bool = False) -> Any:
        return split_list(text)

    def match(self, text: str, ctx: CellContext) -> Parsed:
        return match_multi(text, ctx.choices, ctx.equivalents)

    def format(self, value: Any, meta: KindMeta, style: NumberStyle) -> str:
        return ", ".join(value)

    def check(self, x: str, meta: KindMeta, ctx: CheckContext) -> tuple[str, str] | None:
        """Text that holds none of the list's values. Lenient on purpose: «A og B» or «A; Ukjent» are left to
        the secretariat's validation (which reads every way of writing a list), so the sheet never
        counts a value the validation accepts."""
        listed = ctx.list_name(meta.vocabulary or "")
        return f"(SUMPRODUCT(ISNUMBER(SEARCH({listed},{x}))*1)=0)", "velg verdier fra listen, skilt med komma"

    def cell_value(self, raw: Any, meta: KindMeta, vocabulary: Sequence[str]) -> Any:
        """The values joined with ``, ``; text that is not all known values stays as it is."""
        if isinstance(raw, (list, tuple)):
            return ", ".join(str(v).strip() for v in raw if str(v).strip())
        tokens = split_list(str(raw).strip())
        known = {v.casefold() for v in vocabulary}
        return ", ".join(tokens) if all(t.casefold() in known for t in tokens) else str(raw)
