"""«epost»: one e-mail address (``ola.nordmann@helse.no``)."""

from __future__ import annotations

from typing import Any

from pipeline.contract.issues import Code
from pipeline.contract.kinds.base import CellContext, CheckContext, KindMeta
from pipeline.contract.kinds.text import Text
from pipeline.contract.parsed import Parsed, Problem
from pipeline.contract.values import UnreadableValue, is_email


class Email(Text):
    code = "epost"

    def read_text(self, text: str, *, record: bool = False) -> Any:
        if text and not is_email(text):
            raise UnreadableValue(text)
        return text

    def match(self, text: str, ctx: CellContext) -> Parsed:
        if text and not is_email(text):
            return Parsed("", problems=(Problem(Code.BAD_EMAIL),))
        return Parsed(text)

    def check(self, x: str, meta: KindMeta, ctx: CheckContext) -> tuple[str, str] | None:
        t = f"TRIM({x})"
        ok = (f"IFERROR(AND(LEN({t})-LEN(SUBSTITUTE({t},\"@\",\"\"))=1,ISERROR(FIND(\" \",{t})),"
              f"FIND(\"@\",{t})>1,ISNUMBER(FIND(\".\",MID({t},FIND(\"@\",{t})+2,999)))),FALSE)")
        return f"NOT({ok})", "skriv én e-postadresse, f.eks. ola.nordmann@helse.no"
