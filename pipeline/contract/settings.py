"""Settings files, read with the standard library's tomllib.

* :class:`FormSettings` – ``templates/skjema.toml``: vocabularies, segment layout and
  the roles some vocabulary values play (``[roller]``).
* :class:`ReportSettings` – ``input/rapport.toml``: title page, period, report date,
  publisher block and the order of tiltak in each segment.

A broken settings file raises :class:`SettingsError` with a Norwegian message.
"""

from __future__ import annotations

import tomllib
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError, ValidationInfo, field_validator, model_validator

from pipeline.common.errors import PipelineError
from pipeline.common.malform import Malform, parse_malform
from pipeline.contract.catalogue import HEADER_FIELDS_BY_KEY, SECTIONS_BY_KEY, vocabularies_used
from pipeline.contract.formatting import NumberStyle
from pipeline.contract.settings_errors import syntax_message, validation_message
from pipeline.contract.values import date_from_text
from pipeline.resources import FORM_SETTINGS_NAME, locate, packaged

#: The default form settings, shipped inside the package (see :mod:`pipeline.resources`).
FORM_SETTINGS_PATH = packaged(FORM_SETTINGS_NAME)


class SettingsError(PipelineError):
    """A settings file cannot be read or does not make sense. The message is Norwegian."""


class SegmentLayout(BaseModel):
    model_config = ConfigDict(extra="forbid")

    nokkelrader: list[str]
    seksjoner: list[str]
    forventet: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _known_keys(self) -> "SegmentLayout":
        for key in [*self.nokkelrader, *self.forventet]:
            if key not in HEADER_FIELDS_BY_KEY:
                raise ValueError(f"ukjent felt «{key}»; kjente felt: {', '.join(HEADER_FIELDS_BY_KEY)}")
        for key in self.seksjoner:
            if key not in SECTIONS_BY_KEY:
                raise ValueError(f"ukjent seksjon «{key}»; kjente seksjoner: {', '.join(SECTIONS_BY_KEY)}")
        return self


class Roles(BaseModel):
    """``[roller]``: which vocabulary value plays a role the code relies on.

    Each role's value must be a value of the vocabulary named in its field's
    ``vokabular`` (checked by :class:`FormSettings`).
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    #: A red dependency: listed under «Røde avhengigheter» in the summary.
    rod: str = Field(json_schema_extra={"vokabular": "avhengighet_status"})
    #: A leveranse not delivered: overdue (like an empty answer) once its sluttdato has passed.
    ikke_levert: str = Field(json_schema_extra={"vokabular": "levert"})

    @classmethod
    def vocabularies(cls) -> dict[str, str]:
        """Role -> the key of the vocabulary its value comes from."""
        return {name: (info.json_schema_extra or {})["vokabular"] for name, info in cls.model_fields.items()}


class FormSettings(BaseModel):
    """``templates/skjema.toml``: vocabularies, segment layout, roles, synonyms and colours."""

    model_config = ConfigDict(extra="forbid")

    mal_versjon: str
    kjente_malversjoner: list[str]
    vokabular: dict[str, list[str]]
    segment: dict[str, SegmentLayout]
    roller: Roles
    farger: dict[str, str] = Field(default_factory=dict)
    #: Per vocabulary: other words that mean one of its values (read as that value, with a warning).
    synonymer: dict[str, dict[str, str]] = Field(default_factory=dict)
    #: Per vocabulary: the nynorsk form of each value that is written otherwise in nynorsk (value -> form).
    #: The nynorsk template's lists show these; a form is read as its value, without a warning.
    nynorsk: dict[str, dict[str, str]] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _consistent(self) -> "FormSettings":
        missing = sorted(vocabularies_used() - set(self.vokabular))
        if missing:
            raise ValueError(f"mangler vokabular: {', '.join(missing)}")
        unknown = sorted(set(self.segment) - set(self.vokabular.get("segment", [])))
        if unknown or set(self.vokabular.get("segment", [])) - set(self.segment):
            raise ValueError("[segment.*] må ha én tabell for hver verdi i vokabular.segment")
        for key, aliases in self.synonymer.items():
            if key not in self.vokabular:
                raise ValueError(f"[synonymer] nevner ukjent vokabular «{key}»")
            wrong = sorted(set(aliases.values()) - set(self.vokabular[key]))
            if wrong:
                raise ValueError(f"[synonymer.{key}] peker på verdier som ikke er i listen: {', '.join(wrong)}")
        if self.mal_versjon not in self.kjente_malversjoner:
            raise ValueError("mal_versjon må også stå i kjente_malversjoner")
        self._check_roles()
        self._check_nynorsk()
        return self

    def _check_nynorsk(self) -> None:
        """Every nynorsk form belongs to a value of its list and stands for that value only."""
        for key, forms in self.nynorsk.items():
            if key not in self.vokabular:
                raise ValueError(f"[nynorsk] nevner ukjent vokabular «{key}»")
            values = self.vokabular[key]
            unknown = sorted(set(forms) - set(values))
            if unknown:
                raise ValueError(f"[nynorsk.{key}] gir nynorsk form for verdier som ikke er i listen: "
                                 f"{', '.join(unknown)}")
            taken = sorted(f for v, f in forms.items() if f in values and f != v)
            seen = list(forms.values())
            doubled = sorted({f for f in seen if seen.count(f) > 1})
            if taken or doubled:
                raise ValueError(f"[nynorsk.{key}] bruker samme form for to verdier: {', '.join(taken or doubled)}")

    def _check_roles(self) -> None:
        """Every role names a value of its vocabulary."""
        for role, key in Roles.vocabularies().items():
            value, values = getattr(self.roller, role), self.vokabular.get(key, [])
            if value not in values:
                raise ValueError(f"[roller] {role} = «{value}» er ikke en verdi i vokabular.{key} "
                                 f"({', '.join(values)})")

    def vocabulary(self, key: str) -> list[str]:
        """The values of ``[vokabular] key``, in order."""
        return self.vokabular[key]

    def synonyms(self, key: str) -> dict[str, str]:
        """Other words for the values of vocabulary ``key`` (other word -> value)."""
        return self.synonymer.get(key, {})

    def vocabulary_in(self, key: str, malform: Malform) -> list[str]:
        """The values of ``[vokabular] key`` as the template of ``malform`` lists them, in order."""
        if malform is not Malform.NYNORSK:
            return self.vokabular[key]
        forms = self.nynorsk.get(key, {})
        return [forms.get(value, value) for value in self.vokabular[key]]

    def value_forms(self) -> dict[str, str]:
        """Every list value's nynorsk form (value -> form), across the lists; a value two lists write
        differently in nynorsk is left out (it is shown as it is)."""
        forms: dict[str, str] = {}
        clashing: set[str] = set()
        for table in self.nynorsk.values():
            for value, form in table.items():
                if forms.setdefault(value, form) != form:
                    clashing.add(value)
        return {value: form for value, form in forms.items() if value not in clashing and form != value}

    def equivalents(self, key: str) -> dict[str, str]:
        """The other standard's forms of the values of vocabulary ``key`` (nynorsk form -> value): the same value."""
        return {form: value for value, form in self.nynorsk.get(key, {}).items() if form != value}

    def layout(self, segment: str) -> SegmentLayout:
        """What ``segment`` prints and expects."""
        return self.segment[segment]


class PublisherBlock(BaseModel):
    """A block on the back page: a bold heading ("Besøksadresse") and its lines."""

    model_config = ConfigDict(extra="forbid")

    overskrift: str = ""
    linjer: list[str] = Field(default_factory=list)


class Publisher(BaseModel):
    model_config = ConfigDict(extra="forbid")

    navn: str = "Direktoratet for e-helse"
    #: Plain lines under the name (printed before the blocks).
    linjer: list[str] = Field(default_factory=list)
    blokker: list[PublisherBlock] = Field(default_factory=list)

    def all_blocks(self) -> list[PublisherBlock]:
        plain = [PublisherBlock(linjer=self.linjer)] if self.linjer else []
        return [*plain, *self.blokker]


class ExpectedTiltak(BaseModel):
    model_config = ConfigDict(extra="forbid")

    navn: str
    segment: str = ""
    aktor: str = ""
    #: Who gets the reminder when the tiltak is missing (else the previous round's export says).
    kontaktperson: str = ""
    epost: str = ""
    #: The actor's written standard (språklova § 15): findings, feedback copy and reminder in it (docs/malform.md).
    malform: Malform | None = None

    @field_validator("malform", mode="before")
    @classmethod
    def _known_malform(cls, value: object, info: ValidationInfo) -> object:
        parsed = parse_malform(value)
        if parsed is None:
            raise ValueError(f"«{value}» for «{info.data.get('navn', '')}» er ikke en målform; skriv \"bokmal\" "
                             "eller \"nynorsk\"")
        return parsed


class ReportSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    tittel: str = "Vedlegg 2."
    undertittel: str = "Samlet innrapportering"
    portefolje: str = "Nasjonal e-helseportefølje"
    periode: str
    rapportdato: date
    sammendrag: bool = True
    #: How the document writes numbers: «komma» (28,3 and 1 200,0) or «punktum» (28.3, as in 2021).
    tallformat: NumberStyle = NumberStyle.KOMMA
    #: Charts in the Sammendrag (after the status, risiko, leveranser and kostnader tables).
    diagrammer: bool = True
    utgiver: Publisher = Field(default_factory=Publisher)
    #: Order of tiltak inside each segment: segment name -> tiltak names.
    rekkefolge: dict[str, list[str]] = Field(default_factory=dict)
    #: Tiltak expected this round (may be empty).
    forventet: list[ExpectedTiltak] = Field(default_factory=list)
    #: The deadline for submissions, named in the reminders (``purreliste.txt``).
    frist: date | None = None
    #: Earlier export(s) to compare with: a vedlegg2.json or a folder of them, relative to this file.
    forrige: str | None = None
    #: A note under each changed chapter («Endret siden forrige rapport: …»).
    endringsmerknader: bool = True
    #: The written standard of the document's own fixed texts (headings, Sammendrag, notes): bokmål or nynorsk.
    malform: Malform = Malform.BOKMAL

    @model_validator(mode="before")
    @classmethod
    def _nynorsk_subtitle(cls, data: object) -> object:
        """A nynorsk document without ``undertittel`` is «Samla innrapportering»."""
        if isinstance(data, dict) and "undertittel" not in data and parse_malform(data.get("malform")) is Malform.NYNORSK:
            return {**data, "undertittel": "Samla innrapportering"}
        return data

    @field_validator("malform", mode="before")
    @classmethod
    def _known_malform(cls, value: object) -> object:
        found = parse_malform(value)
        if found is None:
            raise ValueError(f"må være «bokmal» eller «nynorsk», ikke «{value}»")
        return found

    @field_validator("rapportdato", mode="before")
    @classmethod
    def _date_as_text(cls, value: object) -> object:
        """``rapportdato = "01.11.2021"`` (text, as ``--rapportdato`` takes it) as well as a TOML date."""
        if not isinstance(value, str):
            return value
        parsed = date_from_text(value.strip())
        if parsed is None:
            raise ValueError(f"«{value}» er ikke en dato; skriv dd.mm.åååå i anførselstegn (\"01.11.2021\") "
                             "eller 2021-11-01 uten anførselstegn")
        return parsed

    @field_validator("tallformat", mode="before")
    @classmethod
    def _known_number_style(cls, value: object) -> object:
        if value not in tuple(NumberStyle):
            raise ValueError(f"må være {' eller '.join(f'«{s}»' for s in NumberStyle)}, ikke «{value}»")
        return value


def _read_text(path: Path) -> str:
    try:
        return path.read_bytes().decode("utf-8-sig")  # Notepad may write a BOM
    except FileNotFoundError:
        raise SettingsError(f"Fant ikke innstillingsfilen {path}.") from None
    except IsADirectoryError:
        raise SettingsError(f"{path} er en mappe, ikke en innstillingsfil.") from None
    except PermissionError:
        raise SettingsError(f"Innstillingsfilen {path} kan ikke leses: mangler lesetilgang.") from None
    except UnicodeDecodeError:
        raise SettingsError(f"Innstillingsfilen {path} er ikke en TOML-tekstfil (UTF-8).") from None
    except OSError:
        raise SettingsError(f"Innstillingsfilen {path} kan ikke leses.") from None


_M = TypeVar("_M", bound=BaseModel)


def _parse(model: type[_M], path: Path) -> _M:
    """The settings in ``path``; any problem raises :class:`SettingsError` with a Norwegian message."""
    text = _read_text(path)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(syntax_message(path, exc, text)) from None
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise SettingsError(validation_message(path, model, exc, text)) from None


@lru_cache(maxsize=8)
def _load_form_settings(path: Path) -> FormSettings:
    return _parse(FormSettings, path)


def load_form_settings(path: Path | None = None) -> FormSettings:
    """The vocabularies and segment layout (cached per path): ``path``, else ``templates/skjema.toml`` in the
    working directory, else the packaged default (see :func:`pipeline.resources.locate`)."""
    return _load_form_settings(locate(FORM_SETTINGS_NAME, path).resolve())


def load_report_settings(path: Path) -> ReportSettings:
    """The report settings in ``path`` (``rapport.toml``)."""
    return _parse(ReportSettings, path)
