"""The fixed sentences of the guide sheet («Veiledning», in nynorsk «Rettleiing»), in both standards.

:mod:`pipeline.excel.guide` puts them together with what the catalogue and the settings say. Both
dicts have the same keys; ``{…}`` are filled in there. The nynorsk is written as a translator would
(see ``docs/ordliste.md``). Excel's own menu names (``Se gjennom › Opphev arkbeskyttelse``) stay as
Excel shows them: Excel has no nynorsk menus.
"""

from __future__ import annotations

from pipeline.common.malform import Malform

BOKMAL = {
    "segments_intro": "Segmentet avgjør hvilke deler som kommer med i rapporten. Deler som segmentet ikke skal "
                      "fylle ut, kan stå tomme; fyller du dem ut likevel, får du en advarsel, og de tas ikke med.",
    "segment": "• {segment}: på arket {sheet} feltene {fields}.",
    "segment_sections": " Dessuten disse delene: {sections}.",
    "segment_no_sections": " Ingen andre deler.",
    "segment_expected": " Bør fylles ut (ellers advarsel): {fields}.",
    "section_place": "{title} (på arket {sheet})",
    "tiltak_sheet": "• {sheet}: opplysningene om tiltaket. Skriv i kolonne B; hjelpeteksten står i kolonne C. "
                    "{required} må alltid fylles ut.",
    "preconditions_sheet": "• {sheet}: feltene øverst og tabellen {title} under. Forutsetningene i første kolonne "
                           "står fast; fyll ut de andre kolonnene for dem som gjelder tiltaket. Rader der bare "
                           "forutsetningen står, tas ikke med.",
    "table_sheet": "• {sheet}: tabellen {title}, {rows}. Kolonnen «{first}» må fylles ut på hver rad du bruker.",
    "input_message": "• Når du velger en celle, viser Excel en kort forklaring av feltet.",
    "required_mark": "• Felt merket * må fylles ut. Rød bakgrunn betyr at et påkrevd felt ennå er tomt, eller at "
                     "en tabellrad har innhold, men mangler verdi i første kolonne.",
    "title": "Innrapportering til Nasjonal e-helseportefølje",
    "version_line": "Malversjon {version}",
    "h_purpose": "Hva arbeidsboken er til",
    "purpose": "Arbeidsboken brukes til å rapportere status for ett tiltak. Bruk én arbeidsbok per tiltak per "
               "rapporteringsrunde, og send den utfylte arbeidsboken til sekretariatet for porteføljen.",
    "machine": "Sekretariatet leser arbeidsbøkene maskinelt og setter dem sammen til «Vedlegg 2 – Samlet "
               "innrapportering». Ikke gi nytt navn til ark eller tabeller, ikke endre kolonneoverskriftene "
               "og ikke flytt celler. Skriv ikke utenfor feltene og tabellene: det kommer ikke med i rapporten.",
    "h_sheets": "Slik fyller du ut arkene",
    "h_segments": "Hva hvert segment skal fylle ut",
    "h_long": "Lange tekster",
    "long": ("• Alt+Enter gir ny linje i cellen (på Mac: Ctrl+Option+Enter). Hver linje blir et eget avsnitt.",
             "• En linje som begynner med «• » eller «- » blir et punkt i en punktliste.",
             "• En linje som begynner med «1. », «2. » osv. blir et nummerert punkt.",
             "• Nettadresser som begynner med https:// blir lenker i rapporten.",
             "• En celle kan ha inntil 32 767 tegn."),
    "h_values": "Datoer, tall og lister",
    "dates": "• Datoer skrives dd.mm.åååå, for eksempel 31.12.2023.",
    "amounts": "• Beløp oppgis i millioner kroner (mill. kr) med desimalkomma, for eksempel 28,3. Beløp i "
               "Kostnader kan ikke være negative; endringer i Drift og forvaltning kan være negative.",
    "years": "• År skrives med fire sifre, for eksempel 2022.",
    "dropdowns": "• Felt med nedtrekksliste: velg en verdi fra listen. ",
    "suggestions": "{fields} har forslagslister, men du kan også skrive en annen verdi.",
    "multi": "• {label}: skriv null eller flere av {values}, skilt med komma.",
    "h_rows": "Når en tabell trenger flere rader",
    "rows": "Tabellene har plass til et vanlig antall rader ({sizes}). Trenger du flere:",
    "rows_steps": ("1. Opphev arkbeskyttelsen: Se gjennom › Opphev arkbeskyttelse. Det er ikke noe passord.",
                   "2. Dra i håndtaket nederst i høyre hjørne av tabellen nedover, eller høyreklikk i siste rad og "
                   "velg Sett inn › Tabellrader under.",
                   "3. Skriv bare i rader som hører til tabellen: rader under tabellen kommer ikke med i rapporten.",
                   "4. Slå gjerne på arkbeskyttelsen igjen (Se gjennom › Beskytt ark), uten passord."),
    "h_check": "Kontroll før innsending",
    "check": "Arket {sheet} teller det Excel kan kontrollere selv mens du fyller ut: påkrevde "
             "felt som er tomme, verdier som ikke står i nedtrekkslisten, datoer og tall skrevet som tekst, "
             "e-postadressen og tabellrader uten verdi i første kolonne. Står det «Klar til innsending», kan du "
             "sende arbeidsboken. Klikk på feltnavnet for å gå til feltet.",
    "h_version": "Malversjon",
    "version": "Denne arbeidsboken er laget med malversjon {version}. Bruk arbeidsboken sekretariatet sender ut "
               "for runden, og kopier ikke ark inn i en eldre mal.",
}

NYNORSK = {
    "segments_intro": "Segmentet avgjer kva delar som kjem med i rapporten. Delar som segmentet ikkje skal fylle "
                      "ut, kan stå tomme; fyller du dei ut likevel, får du ei åtvaring, og dei kjem ikkje med.",
    "segment": "• {segment}: på arket {sheet} felta {fields}.",
    "segment_sections": " Dessutan desse delane: {sections}.",
    "segment_no_sections": " Ingen andre delar.",
    "segment_expected": " Bør fyllast ut (elles åtvaring): {fields}.",
    "section_place": "{title} (på arket {sheet})",
    "tiltak_sheet": "• {sheet}: opplysningane om tiltaket. Skriv i kolonne B; hjelpeteksten står i kolonne C. "
                    "{required} må alltid fyllast ut.",
    "preconditions_sheet": "• {sheet}: felta øvst og tabellen {title} under. Føresetnadene i første kolonne står "
                           "fast; fyll ut dei andre kolonnane for dei som gjeld tiltaket. Rader der berre "
                           "føresetnaden står, kjem ikkje med.",
    "table_sheet": "• {sheet}: tabellen {title}, {rows}. Kolonnen «{first}» må fyllast ut på kvar rad du brukar.",
    "input_message": "• Når du vel ei celle, viser Excel ei kort forklaring av feltet.",
    "required_mark": "• Felt merkte med * må fyllast ut. Raud bakgrunn tyder at eit påkravd felt framleis er tomt, "
                     "eller at ei tabellrad har innhald, men manglar verdi i første kolonne.",
    "title": "Innrapportering til Nasjonal e-helseportefølje",
    "version_line": "Malversjon {version}",
    "h_purpose": "Kva arbeidsboka er til",
    "purpose": "Arbeidsboka blir brukt til å rapportere status for eitt tiltak. Bruk éi arbeidsbok per tiltak per "
               "rapporteringsrunde, og send den utfylte arbeidsboka til sekretariatet for porteføljen.",
    "machine": "Sekretariatet les arbeidsbøkene maskinelt og set dei saman til «Vedlegg 2 – Samla "
               "innrapportering». Ikkje gi nytt namn til ark eller tabellar, ikkje endre kolonneoverskriftene "
               "og ikkje flytt celler. Ikkje skriv utanfor felta og tabellane: det kjem ikkje med i rapporten.",
    "h_sheets": "Slik fyller du ut arka",
    "h_segments": "Kva kvart segment skal fylle ut",
    "h_long": "Lange tekstar",
    "long": ("• Alt+Enter gir ny linje i cella (på Mac: Ctrl+Option+Enter). Kvar linje blir eit eige avsnitt.",
             "• Ei linje som byrjar med «• » eller «- », blir eit punkt i ei punktliste.",
             "• Ei linje som byrjar med «1. », «2. » osb., blir eit nummerert punkt.",
             "• Nettadresser som byrjar med https://, blir lenkjer i rapporten.",
             "• Ei celle kan ha inntil 32 767 teikn."),
    "h_values": "Datoar, tal og lister",
    "dates": "• Datoar skriv du dd.mm.åååå, til dømes 31.12.2023.",
    "amounts": "• Beløp blir oppgitt i millionar kroner (mill. kr) med desimalkomma, til dømes 28,3. Beløp i "
               "Kostnader kan ikkje vere negative; endringar i Drift og forvaltning kan vere negative.",
    "years": "• År skriv du med fire siffer, til dømes 2022.",
    "dropdowns": "• Felt med nedtrekksliste: vel ein verdi frå lista. ",
    "suggestions": "{fields} har forslagslister, men du kan også skrive ein annan verdi.",
    "multi": "• {label}: skriv ingen, éi eller fleire av {values}, skilde med komma.",
    "h_rows": "Når ein tabell treng fleire rader",
    "rows": "Tabellane har plass til eit vanleg tal på rader ({sizes}). Treng du fleire:",
    "rows_steps": ("1. Opphev arkvernet: Se gjennom › Opphev arkbeskyttelse. Det er ikkje noko passord.",
                   "2. Dra handtaket nedst i høgre hjørne av tabellen nedover, eller høgreklikk i siste rad og "
                   "vel Sett inn › Tabellrader under.",
                   "3. Skriv berre i rader som høyrer til tabellen: rader under tabellen kjem ikkje med i rapporten.",
                   "4. Slå gjerne på arkvernet igjen (Se gjennom › Beskytt ark), utan passord."),
    "h_check": "Kontroll før innsending",
    "check": "Arket {sheet} tel det Excel kan kontrollere sjølv medan du fyller ut: påkravde felt som er "
             "tomme, verdiar som ikkje står i nedtrekkslista, datoar og tal skrivne som tekst, e-postadressa og "
             "tabellrader utan verdi i første kolonne. Står det «Klar til innsending», kan du sende arbeidsboka. "
             "Klikk på feltnamnet for å gå til feltet.",
    "h_version": "Malversjon",
    "version": "Denne arbeidsboka er laga med malversjon {version}. Bruk arbeidsboka sekretariatet sender ut "
               "for runden, og ikkje kopier ark inn i ein eldre mal.",
}

GUIDE_TEXTS = {Malform.BOKMAL: BOKMAL, Malform.NYNORSK: NYNORSK}
