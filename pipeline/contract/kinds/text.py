"""«tekst»: one line of free text. The base of the other free-text kinds."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pipeline.contract.formatting import NumberStyle
from pipeline.contract.kinds.base import CellContext, CheckContext, FieldKind, KindMeta, ValidationRule
from pipeline.contract.kinds.cells import clean_text, text_problems
from pipeline.contract.parsed import Parsed

TEXT_FORMAT = "@"


class Text(FieldKind):
    code = "tekst"
    empty = ""
    is_text = True

    def read_text(self, text: str, *, record: bool = False) -> Any:
        return text

    def parse_cell(self, value: Any, meta: KindMeta, ctx: CellContext) -> Parsed:
        text, removed = clean_text(value)
        found = self.match(text, ctx)
        return Parsed(found.value, found.normalised, text_problems(removed, text) + found.problems)

    def match(self, text: str, ctx: CellContext) -> Parsed:
        """The cleaned text as the kind's value (lists match it against the vocabulary)."""
        return Parsed(text)

    def format(self, value: Any, meta: KindMeta, style: NumberStyle) -> str:
        return str(value)

    def record(self, value: Any, meta: KindMeta) -> str:
        return self.format(value, meta, NumberStyle.PUNKTUM)

    def number_format(self, meta: KindMeta) -> str:
        return TEXT_FORMAT

    def validation(self, meta: KindMeta) -> ValidationRule:
        return ValidationRule()  # an input message only

    def check(self, x: str, meta: KindMeta, ctx: CheckContext) -> tuple[str, str] | None:
        return None

    def cell_value(self, raw: Any, meta: KindMeta, vocabulary: Sequence[str]) -> Any:
        return raw
