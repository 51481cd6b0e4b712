"""«langtekst»: paragraphs, bullets, numbered items and links; tall rows in the template, paragraphs in Word."""

from __future__ import annotations

from pipeline.contract.kinds.text import Text


class LongText(Text):
    code = "langtekst"
    multiline = True
