"""The one catalogue of issue codes, with Norwegian message templates.

An :class:`Issue` names the file, sheet, cell, field label and the value as typed,
its severity and a Norwegian message that says what to do. Issues are collected,
never raised: the reader and the validator return them in lists.

Message templates are ``str.format`` strings. Every template may use ``{value}``
(the raw value as typed) and ``{label}`` (the field label); other placeholders are
given as keyword arguments to :meth:`Code.issue`.

Each code has a bokmål template here and a nynorsk one in :mod:`pipeline.contract.issues_nn`
(språklova § 14 and § 15, see docs/malform.md). An issue keeps its bokmål ``message`` and the
values it was made with, so :meth:`Issue.message_in` renders it in either standard.
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as dataclass_field
from enum import StrEnum

from pipeline.common.malform import Malform
from pipeline.contract import issues_nn
from pipeline.contract.formatting import value_as_text, visible
from pipeline.contract.values import YEAR_MAX, YEAR_MIN


#: An issue's attributes -> its keys in JSON (``validate --json``, ``merge-rapport.json``).
JSON_KEYS = {"code": "kode", "severity": "alvorlighet", "message": "melding", "file": "fil", "sheet": "ark",
             "cell": "celle", "field": "felt", "value": "verdi"}


class Severity(StrEnum):
    ERROR = "feil"
    WARNING = "advarsel"

    def word(self, malform: Malform | None = None) -> str:
        """``feil``/``advarsel`` in bokmål, ``feil``/``åtvaring`` in nynorsk (the value stays the data key)."""
        return issues_nn.SEVERITY[self.value] if malform is Malform.NYNORSK else self.value


#: Short names for the catalogue below.
ERROR = Severity.ERROR
WARNING = Severity.WARNING


@dataclass(frozen=True)
class Issue:
    """One finding: where it is, how bad it is, and a Norwegian message."""

    code: Code
    severity: Severity
    message: str
    file: str = ""
    sheet: str = ""
    cell: str = ""
    field: str = ""
    value: str = ""
    #: The values the message was made with (placeholder -> value), to render it in another standard.
    params: tuple[tuple[str, object], ...] = dataclass_field(default=(), compare=False, repr=False)

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    @property
    def location(self) -> str:
        """``Leveranser!C7``, ``Leveranser`` or ``""``."""
        if self.sheet and self.cell:
            return f"{self.sheet}!{self.cell}"
        return self.sheet or self.cell

    def message_in(self, malform: Malform | None = None, words: issues_nn.Words = issues_nn.AS_WRITTEN) -> str:
        """The message in ``malform`` (bokmål when ``None``): the nynorsk template rendered with the
        same values, their fixed phrases in nynorsk too, and labels and list values as ``words`` give them
        (:mod:`pipeline.contract.nnforms`)."""
        if malform is not Malform.NYNORSK or not self.params:
            return self.message
        return issues_nn.render(self.code.value, dict(self.params), words)

    def field_in(self, malform: Malform | None = None, words: issues_nn.Words = issues_nn.AS_WRITTEN) -> str:
        """The field's label in ``malform``: the nynorsk template's word when ``words`` gives one."""
        return str(words.label_nn(self.field)) if malform is Malform.NYNORSK else self.field

    def format(self, with_file: bool = True, malform: Malform | None = None,
               words: issues_nn.Words = issues_nn.AS_WRITTEN) -> str:
        """``heliks.xlsx · Leveranser!C7 · Sluttdato: «31.13.2021» er ikke …``"""
        parts = [p for p in ((self.file if with_file else ""), self.location) if p]
        head = " · ".join(parts)
        message = self.message_in(malform, words)
        field = self.field_in(malform, words)
        body = f"{field}: {message}" if field else message
        return f"{head} · {body}" if head else body

    def to_dict(self, malform: Malform | None = None, words: issues_nn.Words = issues_nn.AS_WRITTEN) -> dict[str, str]:
        """Plain strings for JSON, with Norwegian keys (see docs/json.md); ``melding`` in ``malform``
        (``felt`` stays the contract's label: scripts key on it)."""
        d = {"code": str(self.code), "severity": str(self.severity), "message": self.message_in(malform, words),
             "file": self.file, "sheet": self.sheet, "cell": self.cell, "field": self.field, "value": self.value}
        return {JSON_KEYS[key]: value for key, value in d.items()}


class Code(StrEnum):
    """Every issue the pipeline can report: (code, severity, message template).

    The value is the code string (``"tom-fil"``), so a member prints and serialises as it.
    """

    severity: Severity
    template: str

    # --- the file as a whole -------------------------------------------------------
    EMPTY_FILE = ("tom-fil", ERROR, "Filen er tom (0 byte). Send arbeidsboken på nytt.")
    NOT_XLSX = ("ikke-xlsx", ERROR, "Filen er ikke en Excel-arbeidsbok (.xlsx){detail}. Åpne den i Excel og "
                "lagre som «Excel-arbeidsbok (*.xlsx)».")
    OLD_XLS = ("gammel-xls", ERROR, "Filen er i det gamle .xls-formatet. Åpne den i Excel og lagre som "
               "«Excel-arbeidsbok (*.xlsx)».")
    ENCRYPTED = ("passordbeskyttet", ERROR, "Arbeidsboken er beskyttet med passord og kan ikke leses. Fjern passordet "
                 "(Fil → Info → Beskytt arbeidsbok → Krypter med passord) og send den på nytt.")
    CORRUPT = ("skadet-fil", ERROR, "Filen er skadet og kan ikke åpnes ({detail}). Send arbeidsboken på nytt.")
    TOO_LARGE = ("for-stor", ERROR, "Filen er for stor: {detail}. Grensen er {limit}. Fjern bilder og annet innhold "
                 "som ikke hører til skjemaet.")
    UNSAFE_XML = ("utrygg-xml", ERROR, "Filen inneholder XML-konstruksjoner (DTD eller entiteter) som Excel aldri lager, "
                  "og blir av sikkerhetshensyn ikke lest ({detail}).")
    MACROS = ("makroer", WARNING, "Arbeidsboken inneholder makroer. De blir aldri kjørt; bare dataene leses. "
              "Bruk gjerne den vanlige malen (.xlsx) neste gang.")
    NOT_A_WORKBOOK = ("ikke-arbeidsbok", WARNING, "Filen er ikke en Excel-arbeidsbok og er hoppet over.")
    NOT_A_SUBMISSION = ("ikke-innrapportering", WARNING, "Ikke en innrapportering – hoppet over ({detail}).")
    INTERNAL = ("intern-feil", ERROR, "Filen kunne ikke behandles på grunn av en intern feil i verktøyet ({detail}). "
                "Meld fra til sekretariatet og legg ved filen.")
    SUBFOLDER = ("undermappe", WARNING, "Undermappen er hoppet over: bare arbeidsbøker rett i mappen leses, ikke i "
                 "undermapper. Flytt arbeidsbøkene opp hvis de skal være med.")
    LOCK_FILE = ("låsefil", WARNING, "Dette er Excels låsefil for en åpen arbeidsbok, ikke en innrapportering. Hoppet over.")

    # --- the contract's names and tables ---------------------------------------
    NAME_MISSING = ("mangler-navn", ERROR, "Arbeidsboken mangler det definerte navnet {name}. Bruk den offisielle malen, "
                    "eller legg inn navnet igjen (Formler → Navnebehandling).")
    NAME_BROKEN = ("ugyldig-navn", ERROR, "Det definerte navnet {name} peker ikke på én celle ({target}). "
                   "Bruk den offisielle malen.")
    VERSION_MISSING = ("mangler-malversjon", ERROR, "Arbeidsboken har ingen malversjon (navnet Mal_Versjon mangler eller er "
                       "tomt). Den er ikke laget fra den offisielle malen.")
    VERSION_NEWER = ("nyere-malversjon", ERROR, "Arbeidsboken er laget med malversjon «{value}», som er nyere enn "
                     "versjonene dette verktøyet kjenner ({known}). Den er ikke kontrollert. Oppdater verktøyet "
                     "(innrapportering) til en versjon som kjenner malversjon {value}, eller be aktøren fylle ut malen "
                     "sekretariatet sendte ut (versjon {current}).")
    VERSION_UNKNOWN = ("ukjent-malversjon", ERROR, "Malversjon «{value}» er ukjent. Kjente versjoner: {known}. "
                       "Hent den nyeste malen fra sekretariatet og flytt innholdet over.")
    TABLE_MISSING = ("mangler-tabell", ERROR, "Fant verken tabellen {name} eller overskriftsraden dens. "
                     "Bruk den offisielle malen.")
    TABLE_BY_HEADER = ("tabell-funnet-ved-overskrift", WARNING, "Tabellen {name} mangler i arbeidsboken (noen programmer "
                       "fjerner tabeller). Den ble lest fra overskriftsraden her; rader til første tomme rad er med.")
    COLUMN_MISSING = ("mangler-kolonne", ERROR, "Tabellen {name} mangler kolonnen «{header}». Bruk den offisielle malen.")
    COLUMN_UNKNOWN = ("ukjent-kolonne", WARNING, "Tabellen {name} har en kolonne som ikke er i malen: «{header}». "
                      "Innholdet i den kommer ikke med i rapporten.")
    FORMULA = ("formel", WARNING, "Cellen inneholder en formel ({formula}). Den lagrede verdien «{value}» er brukt; "
               "formler blir aldri beregnet. Skriv gjerne inn verdien direkte.")
    FORMULA_NO_VALUE = ("formel-uten-verdi", ERROR, "Cellen inneholder en formel ({formula}) uten lagret verdi. "
                        "Skriv inn verdien direkte.")
    CELL_OUTSIDE = ("utenfor-skjema", WARNING, "Cellen har innhold («{value}») utenfor skjemaets felt og tabeller, og kommer "
                    "ikke med i rapporten. Flytt innholdet inn i riktig felt eller tabell.")
    CELLS_OUTSIDE_MORE = ("utenfor-skjema-flere", WARNING, "{count} celler til har innhold utenfor skjemaets felt og tabeller "
                          "(bare de første {shown} er listet). De kommer ikke med i rapporten.")
    ROW_BELOW_TABLE = ("rad-under-tabell", WARNING, "Raden («{value}») ligger rett under tabellen {name} og kommer ikke med "
                       "i rapporten. "
                       "Arket er beskyttet uten passord: opphev beskyttelsen først (Se gjennom › Opphev "
                       "arkbeskyttelse), og utvid så tabellen (dra i hjørnet nederst til høyre) så raden "
                       "kommer innenfor.")
    MERGED_CELLS = ("sammenslåtte-celler", WARNING, "Cellene {ref} er slått sammen. Bare verdien i den første cellen er lest.")

    # --- single values ------------------------------------------------------------
    REQUIRED_EMPTY = ("mangler-verdi", ERROR, "{label} må fylles ut.")
    EXPECTED_EMPTY = ("tomt-felt", WARNING, "{label} er ikke fylt ut. Fyll det ut hvis dere kan.")
    NOT_IN_LIST = ("ukjent-verdi", ERROR, "«{value}» er ikke et gyldig valg.{suggestion} Velg fra listen: {choices}.")
    BAD_DATE = ("ugyldig-dato", ERROR, "«{value}» er ikke en gyldig dato. Skriv dd.mm.åååå.")
    BAD_NUMBER = ("ugyldig-tall", ERROR, "«{value}» er ikke et tall. Skriv for eksempel 28,3.")
    BAD_INTEGER = ("ugyldig-heltall", ERROR, "«{value}» er ikke et helt tall. Skriv for eksempel 10.")
    BAD_YEAR = ("ugyldig-år", ERROR, "«{value}» er ikke et gyldig år. Skriv fire sifre mellom "
                f"{YEAR_MIN} og {YEAR_MAX}.")
    BAD_EMAIL = ("ugyldig-epost", ERROR, "«{value}» er ikke en e-postadresse. Skriv bare adressen, for eksempel "
                 "ola.nordmann@helse.no.")
    BELOW_MINIMUM = ("for-lavt-tall", ERROR, "«{value}» er mindre enn {minimum}. {label} kan ikke være negativt.")
    NORMALISED = ("normalisert", WARNING, "«{value}» er lest som «{normalised}».")
    INVALID_CHARS = ("ugyldige-tegn", WARNING, "Teksten inneholdt tegn som ikke kan stå i et Word-dokument ({chars}); "
                     "de er fjernet.")
    TEXT_TOO_LONG = ("for-lang-tekst", ERROR, "Teksten har {count} tegn. Grensen er {limit} tegn i én celle, som i Excel. "
                     "Kort ned teksten.")
    TOO_MANY_ROWS = ("for-mange-rader", ERROR, "Tabellen {name} har {count} rader med innhold. Grensen er {limit} rader; "
                     "bare de første {limit} er lest. Kort ned tabellen, eller kontakt sekretariatet.")

    # --- rows and sections -----------------------------------------------------------
    ROW_WITHOUT_NAME = ("rad-uten-navn", ERROR, "Raden har innhold, men «{label}» er tom. Fyll ut {label} eller tøm raden.")
    DUPLICATE_ROW = ("duplikat-rad", WARNING, "Raden er lik raden i {other}. Fjern den ene hvis den er skrevet inn to ganger.")
    NOT_PRINTED_FIELD = ("skrives-ikke-ut", WARNING, "{label} er fylt ut, men skrives ikke ut for segment {segment}. "
                         "Sjekk at segmentet er riktig.")
    NOT_PRINTED_SECTION = ("seksjon-skrives-ikke-ut", WARNING, "{section} er fylt ut, men segment {segment} skriver ikke ut "
                           "denne delen. Sjekk at segmentet er riktig.")
    OVERDUE = ("forfalt-leveranse", WARNING, "Sluttdatoen {date} er passert (rapportdato {report_date}), men leveransen er "
               "ikke markert som levert. Oppdater datoen eller svaret.")
    ACTOR_NEAR_MISS = ("lignende-aktør", WARNING, "Mente du «{suggestion}»? Aktøren «{value}» ligner på en kjent aktør "
                       "(fra listen over forventede tiltak i rapport.toml). Rett navnet hvis det er en skrivefeil.")
    DUPLICATE_TILTAK = ("duplikat-tiltak", ERROR, "Tiltaket «{value}» er rapportert i flere filer: {others}. Ingen av "
                        "dem tas med i dokumentet; avklar med aktørene hvilken som gjelder, og fjern de andre fra mappen.")
    INVALID_SEGMENT_LENIENT = ("uten-segment", ERROR, "Tiltaket har ikke et gyldig segment og kan ikke plasseres i "
                               "dokumentet, heller ikke med --lenient.")
    UNKNOWN_PRECONDITION = ("ukjent-forutsetning", WARNING, "«{value}» er ikke en av de faste nytteforutsetningene i malen. "
                            "Raden er tatt med som den står.")
    UNKNOWN_MALFORM = ("ukjent-malform", WARNING, "Det definerte navnet {name} har verdien «{value}», som ikke er en "
                       "kjent målform (bokmål eller nynorsk). Arbeidsboken behandles som bokmål.")

    def __new__(cls, code: str, severity: Severity, template: str) -> Code:
        member = str.__new__(cls, code)
        member._value_ = code
        member.severity = severity
        member.template = template
        return member

    @property
    def code(self) -> str:
        """The code string (the member's value)."""
        return self.value

    def issue(self, *, file: str = "", sheet: str = "", cell: str = "", field: str = "",
              value: object = "", **params: object) -> Issue:
        values = {"value": display_value(value), "label": field, **params}
        return Issue(self, self.severity, self.template.format(**values), display_value(file, limit=None), sheet, cell,
                     field, display_value(value, limit=None), tuple(values.items()))


def display_value(value: object, limit: int | None = 80) -> str:
    """A raw value as the user typed it, shortened for messages."""
    text = visible(value_as_text(value))
    if limit is None:
        return text
    text = text.replace("\n", "↵")
    return text if len(text) <= limit else text[: limit - 1] + "…"


class HasIssues:
    """For results that carry a list ``issues``: the errors and the warnings among them."""

    issues: list[Issue]

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.is_error]

    @property
    def warnings(self) -> list[Issue]:
        return [i for i in self.issues if not i.is_error]

    @property
    def has_errors(self) -> bool:
        return any(i.is_error for i in self.issues)
