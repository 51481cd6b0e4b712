"""The document's own fixed texts in the secretariat's written standard (``malform`` in rapport.toml).

Every fixed text the document writes (headings of the Sammendrag, its explanations and column
headers, the change notes, the chart captions, the contents title) is written in bokmål where it
is used and passed through a :class:`DocTexts`; a text with ``{…}`` is formatted after. For bokmål
the text is returned as it is (the output stays byte for byte what it was); for nynorsk it is
looked up in :data:`NYNORSK`, whole sentences written as a translator would (see
``docs/ordliste.md``). A text missing here is a programming error (:class:`MissingTranslation`),
so a new bokmål sentence cannot slip into a nynorsk document unnoticed: the nynorsk document test
writes every part of the document.

Field labels, section titles and column headers come from the catalogue (``label_in``,
``title_in``, ``headers_in``); what the actors typed is never translated.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from pipeline.common.malform import Malform, MissingTranslation

__all__ = ["BOKMAL_TEXTS", "DocTexts", "MissingTranslation", "NYNORSK", "NYNORSK_LABELS"]


NYNORSK: dict[str, str] = {
    # title page, contents, properties
    "Innhold": "Innhald",
    "Samlet innrapportering": "Samla innrapportering",
    # the Sammendrag
    "Sammendrag": "Samandrag",
    "Tabellene er laget fra innrapporteringene i dette vedlegget og teller det samme som kapitlene viser. "
    "Rapportdato: {date}.": "Tabellane er laga frå innrapporteringane i dette vedlegget og tel det same som kapitla "
                            "viser. Rapportdato: {date}.",
    "Porteføljeoversikt": "Porteføljeoversikt",
    "Alle tiltak per segment med aktør, fase, sluttdato, status og risiko.":
        "Alle tiltak per segment med aktør, fase, sluttdato, status og risiko.",
    "Tiltak": "Tiltak",
    "{segment} ({count} tiltak)": "{segment} ({count} tiltak)",
    "Status og risiko": "Status og risiko",
    "Antall tiltak per segment etter samlet status og samlet risiko.":
        "Talet på tiltak per segment etter samla status og samla risiko.",
    "Status": "Status",
    "Risiko": "Risiko",
    "Segment": "Segment",
    "Antall leveranser per tiltak etter svaret på «{question}». Forfalt: sluttdato før {date} og ikke levert "
    "({not_delivered} eller ubesvart).": "Talet på leveransar per tiltak etter svaret på «{question}». Forfalne: "
                                        "sluttdato før {date} og ikkje levert ({not_delivered} eller ikkje svart på).",
    "Antall": "Tal",
    "Forfalt": "Forfalne",
    "Sum": "Sum",
    "Finansiering per finansierende virksomhet og år, i millioner kroner.":
        "Finansiering per finansierande verksemd og år, i millionar kroner.",
    "Endring i drifts- og forvaltningskostnader per løsning og år, i millioner kroner (minus er reduksjon).":
        "Endring i drifts- og forvaltningskostnader per løysing og år, i millionar kroner (minus er reduksjon).",
    "Ingen tiltak i dette vedlegget rapporterer {what}.": "Ingen tiltak i dette vedlegget rapporterer {what}.",
    " Beløp uten år står i kolonnen «{column}».": " Beløp utan år står i kolonnen «{column}».",
    " {rows} i kapitlene har ikke beløp.": " {rows} i kapitla har ikkje beløp.",
    "rad": "rad",
    "rader": "rader",
    "Antall avhengigheter per kategori (rader) og kritikalitet (kolonner).":
        "Talet på avhengigheiter per kategori (rader) og kritikalitet (kolonnar).",
    "Kategori": "Kategori",
    "Røde avhengigheter": "Raude avhengigheiter",
    "avhengighet har": "avhengigheit har",
    "avhengigheter har": "avhengigheiter har",
    "Ingen avhengigheter har": "Ingen avhengigheiter har",
    "{count} status {red}.": "{count} status {red}.",
    "Tiltak som har fylt ut nytte, med antall år nytten er beregnet for og netto nytteverdi i millioner kroner. "
    "Tom celle: ikke oppgitt.": "Tiltak som har fylt ut nytte, med talet på år nytten er rekna for og netto "
                                "nytteverdi i millionar kroner. Tom celle: ikkje oppgitt.",
    " Tallene gjelder {segments}, som rapporterer {what}.": " Tala gjeld {segments}, som rapporterer {what}.",
    " Tiltak i {segments} rapporterer ikke {what}{mark}.": " Tiltak i {segments} rapporterer ikkje {what}{mark}.",
    "segmentet {names}": "segmentet {names}",
    "segmentene {names}": "segmenta {names}",
    "Del {index} av {count}: {what}.": "Del {index} av {count}: {what}.",
    "sum": "sum",
    # the changes since the previous report
    "Endringer siden forrige rapport": "Endringar sidan førre rapport",
    "Statusutvikling": "Statusutvikling",
    "Ingen endringer i status, risiko, sluttdato, leveranser eller tiltak siden forrige rapport ({previous}).":
        "Ingen endringar i status, risiko, sluttdato, leveransar eller tiltak sidan førre rapport ({previous}).",
    "Sammenlignet med forrige rapport ({previous}). Tabellene viser bare det som er endret; deler uten endringer "
    "er utelatt.": "Samanlikna med førre rapport ({previous}). Tabellane viser berre det som er endra; delar utan "
                   "endringar er utelatne.",
    "Leveranser levert siden forrige rapport": "Leveransar leverte sidan førre rapport",
    "Leveranse": "Leveranse",
    "Sluttdato": "Sluttdato",
    "Leveranser med ny sluttdato": "Leveransar med ny sluttdato",
    "Forrige": "Førre",
    "Ny": "Ny",
    "Nå": "No",
    "Leveranser med annet svar på «levert»": "Leveransar med anna svar på «levert»",
    "Nye og fjernede leveranser": "Nye og fjerna leveransar",
    "Endring": "Endring",
    "Nye tiltak": "Nye tiltak",
    "Tiltak som ikke lenger rapporterer": "Tiltak som ikkje lenger rapporterer",
    "Aktør": "Aktør",
    "Status forrige": "Status førre",
    "Status nå": "Status no",
    "Risiko forrige": "Risiko førre",
    "Risiko nå": "Risiko no",
    "forrige": "førre",
    "Sluttdato for tiltaket": "Sluttdato for tiltaket",
    "Forskyvning (mnd)": "Forskyving (mnd.)",
    "Forskyvning": "Forskyving",
    "(mnd)": "(mnd.)",
    "ikke oppgitt": "ikkje oppgitt",
    "Nytt navn (var «{old}»)": "Nytt namn (var «{old}»)",
    "Fjernet": "Fjerna",
    " {header}: status i rundene {rounds} og nå ({now}), eldste først; {mark} betyr at tiltaket ikke rapporterte.":
        " {header}: status i rundane {rounds} og no ({now}), eldste først; {mark} tyder at tiltaket ikkje "
        "rapporterte.",
    "Nytt siden forrige rapport ({previous}).": "Nytt sidan førre rapport ({previous}).",
    " ({months} mnd)": " ({months} mnd.)",
    "leveranse levert": "leveranse levert",
    "leveranser levert": "leveransar leverte",
    "leveranse med ny sluttdato": "leveranse med ny sluttdato",
    "leveranser med ny sluttdato": "leveransar med ny sluttdato",
    "ny leveranse": "ny leveranse",
    "nye leveranser": "nye leveransar",
    "leveranse fjernet": "leveranse fjerna",
    "leveranser fjernet": "leveransar fjerna",
    "leveransen «{name}»: {event}": "leveransen «{name}»: {event}",
    "leveransen «{name}»: svar på «levert» {before} → {now}": "leveransen «{name}»: svar på «levert» {before} → {now}",
    "Endret siden forrige rapport ({previous}): {parts}.": "Endra sidan førre rapport ({previous}): {parts}.",
    # charts
    "Figur": "Figur",
    "{title} per segment": "{title} per segment",
    "Leveranser per segment": "Leveransar per segment",
    "Finansiering per år": "Finansiering per år",
    "År": "År",
    "status per segment": "status per segment",
    "risiko per segment": "risiko per segment",
    "leveranser per segment etter svar, og forfalte leveranser":
        "leveransar per segment etter svar, og forfalne leveransar",
    "finansiering per år i millioner kroner, fordelt på finansierende virksomhet":
        "finansiering per år i millionar kroner, fordelt på finansierande verksemd",
    "Stablet stolpediagram": "Stabla stolpediagram",
    "Stolpediagram": "Stolpediagram",
    "ingen": "ingen",
}

#: The summary's own words among the values of its tables and charts (``pipeline.summary``): a column, row
#: or series that stands for no value. Only these are translated there; every other value is data.
NYNORSK_LABELS: dict[str, str] = {
    "Ikke oppgitt": "Ikkje oppgitt",
    "Ubesvart": "Ikkje svart på",
    "Uten år": "Utan år",
    "Forfalt": "Forfalne",
}


@dataclass(frozen=True)
class DocTexts:
    """The document's fixed texts in one written standard: ``texts("Sammendrag")``. ``values``: the list
    values' nynorsk forms (value -> form, from ``[nynorsk]`` in the form settings), shown by :meth:`label`."""

    malform: Malform = Malform.BOKMAL
    values: Mapping[str, str] = field(default_factory=dict)

    def __call__(self, text: str) -> str:
        """``text`` (bokmål, as written where it is used) in this standard."""
        if self.malform is not Malform.NYNORSK:
            return text
        try:
            return NYNORSK[text]
        except KeyError:
            raise MissingTranslation(f"no nynorsk form for the document text {text!r} in pipeline.word.doctexts") from None

    def label(self, value: str) -> str:
        """A list value, or a value of a summary table or chart, as this standard shows it: the summary's own
        words (:data:`NYNORSK_LABELS`) and the list values' forms (:attr:`values`) in nynorsk; any other
        value as it is. The model and the export keep the canonical value."""
        if self.malform is not Malform.NYNORSK or not isinstance(value, str):
            return value
        return NYNORSK_LABELS.get(value) or self.values.get(value, value)

    def counted(self, n: int, one: str, many: str) -> str:
        """«1 rad», «3 rader» with the words in this standard."""
        from pipeline.common.counted import counted

        return counted(n, self(one), self(many))


BOKMAL_TEXTS = DocTexts()
