"""The reminder for a missing tiltak (``purreliste.txt``) in bokmål and nynorsk: each reminder is written in
its recipient actor's standard (docs/malform.md); the words follow docs/ordliste.md."""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.common.malform import Malform


@dataclass(frozen=True)
class ReminderTexts:
    """A reminder's fixed texts; placeholders: {navn}, {tiltak} (name and actor), {periode}, {portefolje},
    {frist}, {hei} (« Kari» or «»)."""

    no_email: str
    unknown: str
    subject: str
    greeting: str
    body: str
    deadline: str
    no_deadline: str
    how: str
    closing: str
    secretariat: str


BOKMAL = ReminderTexts(
    no_email=" (e-postadresse mangler)",
    unknown="ukjent",
    subject="Emne: Påminnelse: innrapportering for {navn} – {periode}",
    greeting="Hei{hei},",
    body="Vi har ennå ikke mottatt innrapporteringen for tiltaket {tiltak} til {portefolje} for {periode}. {frist}",
    deadline="Fristen for innsending er {frist}.",
    no_deadline="Send den så snart som mulig.",
    how="Bruk arbeidsboken (Excel-malen) sekretariatet sendte ut, og send den utfylte arbeidsboken som vedlegg i "
        "svar på denne e-posten.",
    closing="Vennlig hilsen",
    secretariat="Sekretariatet for {portefolje}",
)

NYNORSK = ReminderTexts(
    no_email=" (e-postadresse manglar)",
    unknown="ukjend",
    subject="Emne: Påminning: innrapportering for {navn} – {periode}",
    greeting="Hei{hei},",
    body="Vi har enno ikkje fått innrapporteringa for tiltaket {tiltak} til {portefolje} for {periode}. {frist}",
    deadline="Fristen for innsending er {frist}.",
    no_deadline="Send ho så snart som råd.",
    how="Bruk arbeidsboka (Excel-malen) sekretariatet sende ut, og send den utfylte arbeidsboka som vedlegg i "
        "svar på denne e-posten.",
    closing="Venleg helsing",
    secretariat="Sekretariatet for {portefolje}",
)

TEXTS = {Malform.BOKMAL: BOKMAL, Malform.NYNORSK: NYNORSK}
