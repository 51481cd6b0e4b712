"""The fixed texts of a feedback copy in bokmål and nynorsk (the copy is in its actor's standard, see
docs/malform.md; the words follow docs/ordliste.md)."""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.common.counted import counted
from pipeline.common.malform import Malform


@dataclass(frozen=True)
class FeedbackTexts:
    """What the feedback sheet and the notes say besides the findings' own messages."""

    title: str
    headers: tuple[str, ...]
    whole_book: str
    how_to: str
    verdict_errors: str
    verdict_warnings: str
    checked: str  # {date}, {errors}, {warnings} (counted), {verdict}
    unmarked: str  # {sheets}
    warning_forms: tuple[str, str]  # one, many
    grades: dict[str, str]  # Severity value -> the word in the sheet and the notes
    tiltak: str = "Tiltak"
    actor: str = "Aktør"
    file: str = "Fil"

    def checked_line(self, when: str, errors: int, warnings: int) -> str:
        verdict = self.verdict_errors if errors else self.verdict_warnings
        return self.checked.format(date=when, errors=errors, warnings=counted(warnings, *self.warning_forms),
                                   verdict=verdict)


BOKMAL = FeedbackTexts(
    title="Tilbakemelding på innrapporteringen",
    headers=("Grad", "Ark", "Celle", "Felt", "Verdi", "Melding"),
    whole_book="hele arbeidsboken",
    how_to="Cellene med funn er farget (rødt: feil, gult: advarsel) og har en merknad med hva som må gjøres. "
           "Klikk på cellen i kolonne C for å gå dit. Rett i cellene og send arbeidsboken tilbake; dette arket, "
           "fargene og merknadene kan bli stående.",
    verdict_errors="Feil må rettes før tiltaket kan tas med i rapporten; advarsler bør sjekkes.",
    verdict_warnings="Ingen feil; advarslene bør sjekkes.",
    checked="Kontrollert {date}: {errors} feil og {warnings}. {verdict}",
    unmarked="Arkene {sheets} hadde merknader fra før; der er funnene bare farget.",
    warning_forms=("advarsel", "advarsler"),
    grades={"feil": "Feil", "advarsel": "Advarsel"},
)

NYNORSK = FeedbackTexts(
    title="Tilbakemelding på innrapporteringa",
    headers=("Grad", "Ark", "Celle", "Felt", "Verdi", "Melding"),
    whole_book="heile arbeidsboka",
    how_to="Cellene med funn er farga (raudt: feil, gult: åtvaring) og har ein merknad om kva som må gjerast. "
           "Klikk på cella i kolonne C for å gå dit. Rett i cellene og send arbeidsboka tilbake; dette arket, "
           "fargane og merknadene kan bli ståande.",
    verdict_errors="Feil må rettast før tiltaket kan takast med i rapporten; åtvaringar bør sjekkast.",
    verdict_warnings="Ingen feil; åtvaringane bør sjekkast.",
    checked="Kontrollert {date}: {errors} feil og {warnings}. {verdict}",
    unmarked="Arka {sheets} hadde merknader frå før; der er funna berre farga.",
    warning_forms=("åtvaring", "åtvaringar"),
    grades={"feil": "Feil", "advarsel": "Åtvaring"},
)

TEXTS = {Malform.BOKMAL: BOKMAL, Malform.NYNORSK: NYNORSK}
