"""The field kinds' own texts (data-validation errors, «Kontroll» hints) in nynorsk.

The kinds (:mod:`pipeline.contract.kinds`) write their texts in bokmål. The nynorsk template
takes each one through :func:`in_malform`: one whole sentence to one whole sentence, written
as a translator would (see ``docs/ordliste.md``), not word by word. A text without a
translation here is a programming error (:class:`MissingTranslation`): a kind that gets a new
text makes building the nynorsk template fail in the tests, instead of a bokmål sentence
slipping into a nynorsk workbook.
"""

from __future__ import annotations

import re

from pipeline.common.malform import Malform, MissingTranslation

__all__ = ["MissingTranslation", "in_malform"]


#: (the bokmål sentence as a pattern, its nynorsk form). The groups carry numbers and labels over.
_NYNORSK: tuple[tuple[str, str], ...] = (
    (r"Velg en verdi fra nedtrekkslisten for «(.*)»\.", r"Vel ein verdi frå nedtrekkslista for «\1»."),
    (r"velg en verdi fra nedtrekkslisten", "vel ein verdi frå nedtrekkslista"),
    (r"velg verdier fra listen, skilt med komma", "vel verdiar frå lista, skilde med komma"),
    (r"Ikke i forslagslisten", "Ikkje i forslagslista"),
    (r"Verdien står ikke i forslagslisten\. Trykk OK for å beholde den likevel\.",
     "Verdien står ikkje i forslagslista. Trykk OK for å halde på han likevel."),
    (r"Skriv en gyldig dato som dd\.mm\.åååå, mellom (\S+) og (\S+)\.",
     r"Skriv ein gyldig dato som dd.mm.åååå, mellom \1 og \2."),
    (r"skriv en dato som dd\.mm\.åååå", "skriv ein dato som dd.mm.åååå"),
    (r"Skriv årstallet med fire sifre, mellom (\d+) og (\d+)\.", r"Skriv årstalet med fire siffer, mellom \1 og \2."),
    (r"skriv årstallet med fire sifre", "skriv årstalet med fire siffer"),
    (r"Skriv et helt tall som ikke er negativt\.", "Skriv eit heilt tal som ikkje er negativt."),
    (r"skriv et helt tall", "skriv eit heilt tal"),
    (r"Skriv et tall som ikke er mindre enn (\S+), f\.eks\. 28,3\.", r"Skriv eit tal som ikkje er mindre enn \1, t.d. 28,3."),
    (r"Skriv et tall, f\.eks\. 28,3 eller -1,5\.", "Skriv eit tal, t.d. 28,3 eller -1,5."),
    (r"skriv et tall som ikke er negativt", "skriv eit tal som ikkje er negativt"),
    (r"skriv et tall", "skriv eit tal"),
    (r"Skriv en prosent, f\.eks\. 12,5 %\.", "Skriv ein prosent, t.d. 12,5 %."),
    (r"skriv en prosent, f\.eks\. 12,5 %", "skriv ein prosent, t.d. 12,5 %"),
    (r"skriv én e-postadresse, f\.eks\. ola\.nordmann@helse\.no", "skriv éi e-postadresse, t.d. ola.nordmann@helse.no"),
)
_COMPILED = tuple((re.compile(pattern), form) for pattern, form in _NYNORSK)


def in_malform(text: str, malform: Malform) -> str:
    """``text`` (a kind's bokmål sentence) in ``malform``; an empty text stays empty.

    Raises :class:`MissingTranslation` for a nynorsk text this module does not know."""
    if malform is not Malform.NYNORSK or not text:
        return text
    for pattern, form in _COMPILED:
        if (found := pattern.fullmatch(text)) is not None:
            return found.expand(form)
    raise MissingTranslation(f"no nynorsk form for the kind's text {text!r} in pipeline.excel.kindtexts")
