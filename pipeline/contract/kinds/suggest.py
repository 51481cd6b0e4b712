"""«forslag»: free text with a suggestion list; a value outside the list is kept (a warning)."""

from __future__ import annotations

from pipeline.contract.choices import match_suggestion
from pipeline.contract.kinds.base import CellContext, KindMeta, ValidationRule
from pipeline.contract.kinds.text import Text
from pipeline.contract.parsed import Parsed


class Suggest(Text):
    code = "forslag"

    def match(self, text: str, ctx: CellContext) -> Parsed:
        return match_suggestion(text, ctx.choices, ctx.equivalents)

    def validation(self, meta: KindMeta) -> ValidationRule:
        return ValidationRule(type="list", list_of=meta.vocabulary or "", error_style="information",
                              error_title="Ikke i forslagslisten",
                              error="Verdien står ikke i forslagslisten. Trykk OK for å beholde den likevel.")
