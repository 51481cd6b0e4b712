"""The two written standards of Norwegian (målform): bokmål and nynorsk.

Språklova § 14 asks state bodies to offer forms in both standards at once, and § 15
to write to a municipality in the standard it has chosen. This module is the one
place that names them; the template, the messages, the feedback copies, the
reminders, the document and the portal all take their choice from here.

A workbook made by ``innrapportering template --malform …`` records its standard in
the defined name :data:`MALFORM_NAME` (a literal, like ``Mal_Versjon``). A workbook
without it is bokmål.
"""

from __future__ import annotations

from enum import StrEnum

from pipeline.common.errors import EXIT_INTERNAL, PipelineError

#: The defined name in which the template records its written standard.
MALFORM_NAME = "Mal_Malform"


class Malform(StrEnum):
    """A written standard; the value is what settings, options and the template use."""

    BOKMAL = "bokmal"
    NYNORSK = "nynorsk"

    @property
    def display(self) -> str:
        """The standard's own name, as a user reads it."""
        return {Malform.BOKMAL: "bokmål", Malform.NYNORSK: "nynorsk"}[self]

    @property
    def language(self) -> str:
        """The language tag of text in this standard (Word's and the PDF's language, for spelling and speech)."""
        return {Malform.BOKMAL: "nb-NO", Malform.NYNORSK: "nn-NO"}[self]


#: The default when nothing says otherwise.
DEFAULT = Malform.BOKMAL

#: Every spelling a user may type for each standard (settings, CLI options, the defined name).
_SPELLINGS = {
    "bokmal": Malform.BOKMAL, "bokmål": Malform.BOKMAL, "nb": Malform.BOKMAL,
    "nynorsk": Malform.NYNORSK, "nn": Malform.NYNORSK,
}


class MissingTranslation(PipelineError, LookupError):
    """A fixed text of the program without its nynorsk form (a programming error, not a user's: exit 3)."""

    exit_code = EXIT_INTERNAL


def parse_malform(text: object) -> Malform | None:
    """The standard that ``text`` names, or ``None`` when it names none (the caller reports it)."""
    if not isinstance(text, str):
        return None
    return _SPELLINGS.get(text.strip().strip('"').casefold())


def spellings() -> tuple[str, ...]:
    """The accepted spellings, for a Norwegian error message listing them."""
    return tuple(_SPELLINGS)
