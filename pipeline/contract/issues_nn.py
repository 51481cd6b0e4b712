"""The nynorsk message templates of the issue catalogue, keyed by code (the bokmål ones are in
:mod:`pipeline.contract.issues`).

The texts follow the official nynorsk norm of 2012 and the glossary in docs/ordliste.md; they say
the same as the bokmål templates with the same placeholders (a test compares them). Excel's own
menu names (Fil → Info …, Formler → Navnebehandling) stay as Excel shows them.

Some placeholder values are fixed Norwegian phrases made where the finding is found (``detail``:
«den ser ut til å være en PDF-fil»; ``suggestion``: « Mente du «Grønn»?»). :data:`PHRASES` says
them in nynorsk; a value it does not know is shown as it came.
"""

from __future__ import annotations

import re
from typing import Protocol

from pipeline.contract.values import YEAR_MAX, YEAR_MIN

#: ``Severity`` value -> the word in nynorsk.
SEVERITY = {"feil": "feil", "advarsel": "åtvaring"}

_SAVE_AS = "Opne ho i Excel og lagre ho som «Excel-arbeidsbok (*.xlsx)»."

TEMPLATES: dict[str, str] = {
    # --- the file as a whole
    "tom-fil": "Fila er tom (0 byte). Send arbeidsboka på nytt.",
    "ikke-xlsx": "Fila er ikkje ei Excel-arbeidsbok (.xlsx){detail}. " + _SAVE_AS,
    "gammel-xls": "Fila er i det gamle .xls-formatet. " + _SAVE_AS,
    "passordbeskyttet": "Arbeidsboka er verna med passord og kan ikkje lesast. Fjern passordet (Fil → Info → Beskytt "
                        "arbeidsbok → Krypter med passord) og send ho på nytt.",
    "skadet-fil": "Fila er skadd og kan ikkje opnast ({detail}). Send arbeidsboka på nytt.",
    "for-stor": "Fila er for stor: {detail}. Grensa er {limit}. Fjern bilete og anna innhald som ikkje høyrer til "
                "skjemaet.",
    "utrygg-xml": "Fila inneheld XML-konstruksjonar (DTD eller entitetar) som Excel aldri lagar, og blir av "
                  "tryggleiksomsyn ikkje lesen ({detail}).",
    "makroer": "Arbeidsboka inneheld makroar. Dei blir aldri køyrde; berre dataa blir lesne. Bruk gjerne den vanlege "
               "malen (.xlsx) neste gong.",
    "ikke-arbeidsbok": "Fila er ikkje ei Excel-arbeidsbok og er hoppa over.",
    "ikke-innrapportering": "Ikkje ei innrapportering – hoppa over ({detail}).",
    "intern-feil": "Fila kunne ikkje handsamast på grunn av ein intern feil i verktøyet ({detail}). Meld frå til "
                   "sekretariatet og legg ved fila.",
    "undermappe": "Undermappa er hoppa over: berre arbeidsbøker direkte i mappa blir lesne, ikkje dei i undermapper. "
                  "Flytt arbeidsbøkene opp dersom dei skal vere med.",
    "låsefil": "Dette er låsefila Excel lagar for ei open arbeidsbok, ikkje ei innrapportering. Hoppa over.",
    # --- the contract's names and tables
    "mangler-navn": "Arbeidsboka manglar det definerte namnet {name}. Bruk den offisielle malen, eller legg inn namnet "
                    "att (Formler → Navnebehandling).",
    "ugyldig-navn": "Det definerte namnet {name} peikar ikkje på éi celle ({target}). Bruk den offisielle malen.",
    "mangler-malversjon": "Arbeidsboka har ingen malversjon (namnet Mal_Versjon manglar eller er tomt). Ho er ikkje "
                          "laga frå den offisielle malen.",
    "nyere-malversjon": "Arbeidsboka er laga med malversjon «{value}», som er nyare enn versjonane dette verktøyet "
                        "kjenner ({known}). Ho er ikkje kontrollert. Oppdater verktøyet (innrapportering) til ein "
                        "versjon som kjenner malversjon {value}, eller be aktøren fylle ut malen sekretariatet sende "
                        "ut (versjon {current}).",
    "ukjent-malversjon": "Malversjon «{value}» er ukjend. Kjende versjonar: {known}. Hent den nyaste malen frå "
                         "sekretariatet og flytt innhaldet over.",
    "mangler-tabell": "Fann verken tabellen {name} eller rada med overskriftene til tabellen. Bruk den offisielle "
                      "malen.",
    "tabell-funnet-ved-overskrift": "Tabellen {name} manglar i arbeidsboka (nokre program fjernar tabellar). Innhaldet "
                                    "er lese frå overskriftsrada her; radene fram til første tomme rad er med.",
    "mangler-kolonne": "Tabellen {name} manglar kolonnen «{header}». Bruk den offisielle malen.",
    "ukjent-kolonne": "Tabellen {name} har ein kolonne som ikkje er i malen: «{header}». Det som står i kolonnen, kjem "
                      "ikkje med i rapporten.",
    "formel": "Cella inneheld ein formel ({formula}). Den lagra verdien «{value}» er brukt; formlar blir aldri rekna "
              "ut. Skriv gjerne inn verdien direkte.",
    "formel-uten-verdi": "Cella inneheld ein formel ({formula}) utan lagra verdi. Skriv inn verdien direkte.",
    "utenfor-skjema": "Cella har innhald («{value}») utanfor felta og tabellane i skjemaet, og kjem ikkje med i "
                      "rapporten. Flytt innhaldet inn i rett felt eller tabell.",
    "utenfor-skjema-flere": "{count} celler til har innhald utanfor felta og tabellane i skjemaet (berre dei første "
                            "{shown} er lista opp). Dei kjem ikkje med i rapporten.",
    "rad-under-tabell": "Rada («{value}») ligg rett under tabellen {name} og kjem ikkje med i rapporten. Arket er verna "
                        "utan passord: opphev vernet først (Se gjennom › Opphev arkbeskyttelse), og utvid så tabellen "
                        "(dra i hjørnet nede til høgre) slik at rada kjem innanfor.",
    "sammenslåtte-celler": "Cellene {ref} er slått saman. Berre verdien i den første cella er lesen.",
    # --- single values
    "mangler-verdi": "{label} må fyllast ut.",
    "tomt-felt": "{label} er ikkje fylt ut. Fyll det ut dersom de kan.",
    "ukjent-verdi": "«{value}» er ikkje eit gyldig val.{suggestion} Vel frå lista: {choices}.",
    "ugyldig-dato": "«{value}» er ikkje ein gyldig dato. Skriv dd.mm.åååå.",
    "ugyldig-tall": "«{value}» er ikkje eit tal. Skriv til dømes 28,3.",
    "ugyldig-heltall": "«{value}» er ikkje eit heilt tal. Skriv til dømes 10.",
    "ugyldig-år": "«{value}» er ikkje eit gyldig år. Skriv fire siffer mellom " f"{YEAR_MIN} og {YEAR_MAX}.",
    "ugyldig-epost": "«{value}» er ikkje ei e-postadresse. Skriv berre adressa, til dømes ola.nordmann@helse.no.",
    "for-lavt-tall": "«{value}» er mindre enn {minimum}. {label} kan ikkje vere negativt.",
    "normalisert": "«{value}» er tolka som «{normalised}».",
    "ugyldige-tegn": "Teksten inneheldt teikn som ikkje kan stå i eit Word-dokument ({chars}); dei er fjerna.",
    "for-lang-tekst": "Teksten har {count} teikn. Grensa er {limit} teikn i éi celle, som i Excel. Kort ned teksten.",
    "for-mange-rader": "Tabellen {name} har {count} rader med innhald. Grensa er {limit} rader; berre dei første {limit} "
                       "er lesne. Kort ned tabellen, eller ta kontakt med sekretariatet.",
    # --- rows and sections
    "rad-uten-navn": "Rada har innhald, men «{label}» er tom. Fyll ut {label} eller tøm rada.",
    "duplikat-rad": "Rada er lik rada i {other}. Fjern den eine dersom ho er skriven inn to gonger.",
    "skrives-ikke-ut": "{label} er fylt ut, men segment {segment} skriv ikkje ut dette feltet. Sjekk at segmentet er "
                       "rett.",
    "seksjon-skrives-ikke-ut": "{section} er fylt ut, men segment {segment} skriv ikkje ut denne delen. Sjekk at "
                               "segmentet er rett.",
    "forfalt-leveranse": "Sluttdatoen {date} er passert (rapportdato {report_date}), men leveransen er ikkje merkt som "
                         "levert. Oppdater datoen eller svaret.",
    "lignende-aktør": "Meinte du «{suggestion}»? Aktøren «{value}» liknar på ein kjend aktør (frå lista over forventa "
                      "tiltak i rapport.toml). Rett namnet dersom det er ein skrivefeil.",
    "duplikat-tiltak": "Tiltaket «{value}» er rapportert i fleire filer: {others}. Ingen av dei blir tekne med i "
                       "dokumentet; avklar med aktørane kva for ei som gjeld, og fjern dei andre frå mappa.",
    "uten-segment": "Tiltaket har ikkje eit gyldig segment og kan ikkje plasserast i dokumentet, heller ikkje med "
                    "--lenient.",
    "ukjent-forutsetning": "«{value}» er ikkje ein av dei faste nytteføresetnadene i malen. Rada er teken med slik ho "
                           "står.",
    "ukjent-malform": "Det definerte namnet {name} har verdien «{value}», som ikkje er ei kjend målform (bokmål eller "
                      "nynorsk). Arbeidsboka blir handsama som bokmål.",
}

#: Fixed phrases in placeholder values (made by the reader and the validator) and how nynorsk says them.
#: Each is a whole-value pattern; a value none matches is shown as it came (numbers, names, cells).
PHRASES: tuple[tuple[re.Pattern[str], str], ...] = tuple((re.compile(p), r) for p, r in (
    (r" \(den ser ut til å være en PDF-fil\)", " (ho ser ut til å vere ei PDF-fil)"),
    (r" \(den ser ut til å være et RTF-dokument\)", " (ho ser ut til å vere eit RTF-dokument)"),
    (r" \(den ser ut til å være et bilde\)", " (ho ser ut til å vere eit bilete)"),
    (r" \(den ser ut til å være en komprimert fil \((.*)\)\)", r" (ho ser ut til å vere ei komprimert fil (\1))"),
    (r" \(den ser ut til å være et XML-regneark fra Excel 2003\)", " (ho ser ut til å vere eit XML-rekneark frå Excel 2003)"),
    (r" \(den ser ut til å være en HTML-side\)", " (ho ser ut til å vere ei HTML-side)"),
    (r" \(den ser ut til å være en tekstfil, for eksempel CSV\)", " (ho ser ut til å vere ei tekstfil, til dømes CSV)"),
    (r" \(den ser ut til å være et OpenDocument-regneark, \.ods\)", " (ho ser ut til å vere eit OpenDocument-rekneark, .ods)"),
    (r" \(den ser ut til å være et OpenDocument-dokument\)", " (ho ser ut til å vere eit OpenDocument-dokument)"),
    (r" \(den ser ut til å være en binær Excel-arbeidsbok, \.xlsb\)", " (ho ser ut til å vere ei binær Excel-arbeidsbok, .xlsb)"),
    (r" \(den ser ut til å være et Word-dokument\)", " (ho ser ut til å vere eit Word-dokument)"),
    (r" \(den ser ut til å være en PowerPoint-presentasjon\)", " (ho ser ut til å vere ein PowerPoint-presentasjon)"),
    (r" \(den ser ut til å være et gammelt Word-dokument, \.doc\)", " (ho ser ut til å vere eit gammalt Word-dokument, .doc)"),
    (r" \(den er en zip-fil uten arbeidsbok\)", " (ho er ei zip-fil utan arbeidsbok)"),
    (r"filen inneholder XML som av sikkerhetshensyn ikke leses", "fila inneheld XML som av tryggleiksomsyn ikkje blir lesen"),
    (r"en del av arbeidsboken mangler", "ein del av arbeidsboka manglar"),
    (r"XML-innholdet er ødelagt", "XML-innhaldet er øydelagt"),
    (r"arbeidsboken kan ikke tolkes: (.*)", r"arbeidsboka kan ikkje tolkast: \1"),
    (r"uventet (innhold|feil): (.*)", lambda m: f"uventa {'innhald' if m[1] == 'innhold' else 'feil'}: {m[2]}"),
    (r"zip-arkivet er ødelagt", "zip-arkivet er øydelagt"),
    (r"zip-arkivet er avkortet eller ødelagt", "zip-arkivet er avkorta eller øydelagt"),
    (r"arkivet bruker en komprimering Excel ikke lager", "arkivet brukar ei komprimering Excel ikkje lagar"),
    (r"en del av zip-arkivet kan ikke pakkes ut", "ein del av zip-arkivet kan ikkje pakkast ut"),
    (r"arkivet har flere deler med samme navn", "arkivet har fleire delar med same namn"),
    (r"filen kunne ikke leses: (.*)", r"fila kunne ikkje lesast: \1"),
    (r"filen er (.*)", r"fila er \1"),
    (r"innholdet er over (.*) pakket ut", r"innhaldet er over \1 pakka ut"),
    (r"delen (.*) pakkes ut til (.*) fra (.*)", r"delen \1 blir pakka ut til \2 frå \3"),
    (r"(\d+) deler( i arkivet)?", r"\1 delar\2"),
    (r"(DOCTYPE|ENTITY|uvanlig lang innledning) i (.*)",
     lambda m: f"{'uvanleg lang innleiing' if m[1] == 'uvanlig lang innledning' else m[1]} i {m[2]}"),
    (r"det er flettingsrapporten fra innrapportering merge", "det er flettingsrapporten frå innrapportering merge"),
    (r"arbeidsboken har verken malversjon eller skjemaets navn og tabeller",
     "arbeidsboka har verken malversjon eller namna og tabellane i skjemaet"),
    (r"leseprosessen stoppet uventet \(for lite minne eller en feil i et bibliotek\)",
     "leseprosessen stoppa uventa (for lite minne eller ein feil i eit bibliotek)"),
    (r" Mente du «(.*)»\?", r" Meinte du «\1»?"),
))


class Words(Protocol):
    """The contract's own words in nynorsk: field labels and list values
    (:mod:`pipeline.contract.nnforms` is one; it sits above this catalogue, so it is passed in)."""

    def label_nn(self, label: object) -> object: ...

    def value_nn(self, value: object) -> object: ...

    def choices_nn(self, choices: object) -> object: ...


class _AsWritten:
    """No translation of labels and values (when no :class:`Words` is given)."""

    def label_nn(self, label: object) -> object:
        return label

    def value_nn(self, value: object) -> object:
        return value

    def choices_nn(self, choices: object) -> object:
        return choices


AS_WRITTEN: Words = _AsWritten()

#: The placeholder that holds a near-miss suggestion, and how it reads: « Mente du «X»?».
_SUGGESTION = re.compile(r" Mente du «(.*)»\?")


def _suggested(value: object, words: Words) -> object:
    """The suggestion « Mente du «X»?» with X in its nynorsk form."""
    if not isinstance(value, str):
        return value
    return _SUGGESTION.sub(lambda m: f" Mente du «{words.value_nn(m[1])}»?", value)


def phrase(value: object) -> object:
    """``value`` in nynorsk when it is one of :data:`PHRASES`, else unchanged."""
    if not isinstance(value, str):
        return value
    for pattern, replacement in PHRASES:
        if pattern.fullmatch(value):
            return pattern.sub(replacement, value)
    return value


def render(code: str, values: dict[str, object], words: Words = AS_WRITTEN) -> str:
    """The nynorsk message of ``code`` with ``values`` (the bokmål message's values, phrases translated).
    The value as typed is never translated; the field label and the list's values are given in the
    nynorsk template's words when ``words`` gives them (:mod:`pipeline.contract.nnforms`)."""
    special = {"value": lambda v: v, "label": words.label_nn, "choices": words.choices_nn,
               "suggestion": lambda v: phrase(_suggested(v, words))}
    translated = {key: special.get(key, phrase)(value) for key, value in values.items()}
    return TEMPLATES[code].format(**translated)
