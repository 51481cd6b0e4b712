"""«valg»: one value of a closed list (a dropdown), shaded in the document by ``[farger]``."""

from __future__ import annotations

from dataclasses import replace

from pipeline.contract.choices import match_choice
from pipeline.contract.kinds.base import CellContext, CheckContext, KindMeta, ValidationRule
from pipeline.contract.kinds.text import Text
from pipeline.contract.parsed import Parsed


class Choice(Text):
    code = "valg"
    shaded = True
    is_text = False

    def match(self, text: str, ctx: CellContext) -> Parsed:
        result = match_choice(text, ctx.choices, ctx.synonyms, ctx.equivalents)
        # the message shows the whole cell as typed
        return replace(result, problems=tuple(replace(p, value=None) for p in result.problems))

    def validation(self, meta: KindMeta) -> ValidationRule:
        return ValidationRule(type="list", list_of=meta.vocabulary or "",
                              error=f"Velg en verdi fra nedtrekkslisten for «{meta.label}».")

    def check(self, x: str, meta: KindMeta, ctx: CheckContext) -> tuple[str, str] | None:
        vocabulary = meta.vocabulary or ""
        others = "".join(f'+(TRIM({x})="{s}")' for s in ctx.synonyms.get(vocabulary, {}))
        return f"(COUNTIF({ctx.list_name(vocabulary)},TRIM({x})){others}=0)", "velg en verdi fra nedtrekkslisten"
