"""The Veiledning sheet: how to fill in the workbook, written from the catalogue and the settings."""

from __future__ import annotations

from openpyxl.styles import Alignment
from openpyxl.worksheet.worksheet import Worksheet

from pipeline.contract.catalogue import HEADER_FIELDS, HEADER_FIELDS_BY_KEY, HEADER_SHEET, SECTIONS, SECTIONS_BY_KEY
from pipeline.contract.fields import Kind
from pipeline.contract.settings import FormSettings
from pipeline.contract import positions
from pipeline.excel.styles import GUIDE_WIDTH, HEADING_FONT, TEXT_FONT, TITLE_FONT, fit_row, protect


def _and(items: list[str]) -> str:
    """«a, b og c»."""
    if len(items) < 2:
        return "".join(items)
    return ", ".join(items[:-1]) + " og " + items[-1]


def _section_place(key: str) -> str:
    """A section's title, with its sheet when the sheet is named otherwise."""
    section = SECTIONS_BY_KEY[key]
    return section.title if section.title == section.sheet else f"{section.title} (på arket {section.sheet})"


def _segment_lines(settings: FormSettings) -> list[tuple[str, str]]:
    """What each segment fills in: its header fields, its sections and the expected fields."""
    lines = [("text", "Segmentet avgjør hvilke deler som kommer med i rapporten. Deler som segmentet ikke skal "
                      "fylle ut, kan stå tomme; fyller du dem ut likevel, får du en advarsel, og de tas ikke med.")]
    labels = {f.key: f.label for f in HEADER_FIELDS}
    name_field = HEADER_FIELDS[0]
    for segment, segment_layout in settings.segment.items():
        fields = [name_field.label, *(labels[k] for k in segment_layout.nokkelrader if k != name_field.key)]
        sections = [_section_place(k) for k in segment_layout.seksjoner]
        text = f"• {segment}: på arket {HEADER_SHEET} feltene {_and(fields)}."
        text += f" Dessuten disse delene: {_and(sections)}." if sections else " Ingen andre deler."
        if segment_layout.forventet:
            text += f" Bør fylles ut (ellers advarsel): {_and([labels[k] for k in segment_layout.forventet])}."
        lines.append(("text", text))
    return lines


def _sheet_lines() -> list[tuple[str, str]]:
    """How to fill in each data sheet."""
    required = [f.label for f in HEADER_FIELDS if f.meta.required]
    lines = [("text", f"• {HEADER_SHEET}: opplysningene om tiltaket. Skriv i kolonne B; hjelpeteksten står i "
                      f"kolonne C. {_and(required)} må alltid fylles ut.")]
    for anchor in positions.TABLES:
        section = SECTIONS_BY_KEY[anchor.section_key]
        first = section.headers[0]
        if anchor.rows is None:
            lines.append(("text", f"• {section.sheet}: feltene øverst og tabellen {section.title} under. "
                                  "Forutsetningene i første kolonne står fast; fyll ut de andre kolonnene for dem "
                                  "som gjelder tiltaket. Rader der bare forutsetningen står, tas ikke med."))
        else:
            rows = positions.SHEET_INTROS[section.sheet].split(".")[0]  # «Én rad per leveranse»
            lines.append(("text", f"• {section.sheet}: tabellen {section.title}, {rows[0].lower()}{rows[1:]}. "
                                  f"Kolonnen «{first}» må fylles ut på hver rad du bruker."))
    lines.append(("text", "• Når du velger en celle, viser Excel en kort forklaring av feltet."))
    lines.append(("text", "• Felt merket * må fylles ut. Rød bakgrunn betyr at et påkrevd felt ennå er tomt, "
                          "eller at en tabellrad har innhold, men mangler verdi i første kolonne."))
    return lines


def guide_lines(settings: FormSettings) -> list[tuple[str, str]]:
    """The Veiledning sheet as (style, text) lines; style is title, heading or text ("" text = blank row)."""
    version = str(settings.mal_versjon)
    suggest = [f.label for s in SECTIONS for f in s.columns if f.kind is Kind.SUGGEST]
    knytning, knytning_label = settings.vokabular.get("knytning", []), HEADER_FIELDS_BY_KEY["knytning"].label
    sizes = [f"{SECTIONS_BY_KEY[a.section_key].title} {a.rows}" for a in positions.TABLES if a.rows is not None]
    return [
        ("title", "Innrapportering til Nasjonal e-helseportefølje"),
        ("text", f"Malversjon {version}"),
        ("text", ""),
        ("heading", "Hva arbeidsboken er til"),
        ("text", "Arbeidsboken brukes til å rapportere status for ett tiltak. Bruk én arbeidsbok per tiltak per "
                 "rapporteringsrunde, og send den utfylte arbeidsboken til sekretariatet for porteføljen."),
        ("text", "Sekretariatet leser arbeidsbøkene maskinelt og setter dem sammen til «Vedlegg 2 – Samlet "
                 "innrapportering». Ikke gi nytt navn til ark eller tabeller, ikke endre kolonneoverskriftene "
                 "og ikke flytt celler. Skriv ikke utenfor feltene og tabellene: det kommer ikke med i rapporten."),
        ("text", ""),
        ("heading", "Slik fyller du ut arkene"),
        *_sheet_lines(),
        ("text", ""),
        ("heading", "Hva hvert segment skal fylle ut"),
        *_segment_lines(settings),
        ("text", ""),
        ("heading", "Lange tekster"),
        ("text", "• Alt+Enter gir ny linje i cellen (på Mac: Ctrl+Option+Enter). Hver linje blir et eget avsnitt."),
        ("text", "• En linje som begynner med «• » eller «- » blir et punkt i en punktliste."),
        ("text", "• En linje som begynner med «1. », «2. » osv. blir et nummerert punkt."),
        ("text", "• Nettadresser som begynner med https:// blir lenker i rapporten."),
        ("text", "• En celle kan ha inntil 32 767 tegn."),
        ("text", ""),
        ("heading", "Datoer, tall og lister"),
        ("text", "• Datoer skrives dd.mm.åååå, for eksempel 31.12.2023."),
        ("text", "• Beløp oppgis i millioner kroner (mill. kr) med desimalkomma, for eksempel 28,3. Beløp i "
                 "Kostnader kan ikke være negative; endringer i Drift og forvaltning kan være negative."),
        ("text", "• År skrives med fire sifre, for eksempel 2022."),
        ("text", "• Felt med nedtrekksliste: velg en verdi fra listen. "
                 + (f"{_and(suggest)} har forslagslister, men du kan også skrive en annen verdi." if suggest else "")),
        ("text", f"• {knytning_label}: skriv null eller flere av {_and(list(knytning))}, skilt med komma."),
        ("text", ""),
        ("heading", "Når en tabell trenger flere rader"),
        ("text", f"Tabellene har plass til et vanlig antall rader ({', '.join(sizes)}). Trenger du flere:"),
        ("text", "1. Opphev arkbeskyttelsen: Se gjennom › Opphev arkbeskyttelse. Det er ikke noe passord."),
        ("text", "2. Dra i håndtaket nederst i høyre hjørne av tabellen nedover, eller høyreklikk i siste rad og "
                 "velg Sett inn › Tabellrader under."),
        ("text", "3. Skriv bare i rader som hører til tabellen: rader under tabellen kommer ikke med i rapporten."),
        ("text", "4. Slå gjerne på arkbeskyttelsen igjen (Se gjennom › Beskytt ark), uten passord."),
        ("text", ""),
        ("heading", "Kontroll før innsending"),
        ("text", f"Arket {positions.CHECK_SHEET} teller det Excel kan kontrollere selv mens du fyller ut: påkrevde "
                 "felt som er tomme, verdier som ikke står i nedtrekkslisten, datoer og tall skrevet som tekst, "
                 "e-postadressen og tabellrader uten verdi i første kolonne. Står det «Klar til innsending», kan du "
                 "sende arbeidsboken. Klikk på feltnavnet for å gå til feltet."),
        ("text", ""),
        ("heading", "Malversjon"),
        ("text", f"Denne arbeidsboken er laget med malversjon {version}. Bruk arbeidsboken sekretariatet sender ut "
                 "for runden, og kopier ikke ark inn i en eldre mal."),
    ]


def guide_sheet(ws: Worksheet, settings: FormSettings) -> None:
    """Write the guide on ``ws`` (the workbook's first sheet) and protect it."""
    ws.title = positions.GUIDE_SHEET
    ws.column_dimensions["A"].width = GUIDE_WIDTH
    fonts = {"title": TITLE_FONT, "heading": HEADING_FONT, "text": TEXT_FONT}
    for row, (kind, text) in enumerate(guide_lines(settings), start=1):
        cell = ws.cell(row, 1, text or None)
        cell.font, cell.alignment = fonts[kind], Alignment(vertical="top", wrap_text=True)
        fit_row(ws, row, [(text, GUIDE_WIDTH * (0.85 if kind == "text" else 0.7))], 22 if kind != "text" else 15)
    protect(ws)
