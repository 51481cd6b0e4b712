"""The field catalogue: every field and section of the contract, derived from the models.

This is the one place the template generator, the reader, the validator and the
renderer take their fields from. The layout that the secretariat may change
(vocabularies, what each segment prints) lives in ``templates/skjema.toml`` and
is loaded by :mod:`pipeline.contract.settings`.
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import BaseModel

from pipeline.common.malform import Malform
from pipeline.contract.fields import FieldMeta, Kind
from pipeline.contract.models import Avhengighet, Drift, Kostnad, Leveranse, Nytte, Nytteforutsetning, Tiltak

TEMPLATE_VERSION_NAME = "Mal_Versjon"


@dataclass(frozen=True)
class FieldSpec:
    """One field: its model attribute (also its JSON key) and its contract metadata."""

    key: str
    meta: FieldMeta

    @property
    def label(self) -> str:
        """The field's label (:attr:`FieldMeta.label`)."""
        return self.meta.label

    @property
    def kind(self) -> Kind:
        """The field's kind (:attr:`FieldMeta.kind`)."""
        return self.meta.kind

    def label_in(self, malform: Malform) -> str:
        """The field's label in ``malform`` (:meth:`FieldMeta.label_in`)."""
        return self.meta.label_in(malform)


@dataclass(frozen=True)
class SectionSpec:
    """One section of a tiltak chapter.

    ``key`` is the model attribute and the record key; sections are listed in the
    model's (and the JSON export's) order. ``table`` is the Excel table name; ``None``
    for Nytte, whose fields are single defined names printed as a one-row table.
    ``template_rows`` is how many data rows the Excel template gives the table
    (``None``: one per fixed precondition, or no table). ``summarised``: the
    Sammendrag has a table counted from this section.
    """

    key: str
    title: str
    sheet: str
    table: str | None
    model: type[BaseModel]
    columns: tuple[FieldSpec, ...]
    template_rows: int | None = None
    summarised: bool = False
    title_nn: str = ""  # the title in nynorsk; empty: the same as in bokmål
    sheet_nn: str = ""  # the sheet's name in a nynorsk template; empty: the same

    @property
    def headers(self) -> tuple[str, ...]:
        """The column headers, in column order."""
        return tuple(c.meta.header for c in self.columns)

    def headers_in(self, malform: Malform) -> tuple[str, ...]:
        """The column headers in ``malform``, in column order."""
        return tuple(c.meta.header_in(malform) for c in self.columns)

    def title_in(self, malform: Malform) -> str:
        """The section's title in ``malform``."""
        return self.title_nn or self.title if malform is Malform.NYNORSK else self.title

    def sheet_in(self, malform: Malform) -> str:
        """The name of the section's sheet in a template of ``malform``."""
        return self.sheet_nn or self.sheet if malform is Malform.NYNORSK else self.sheet

    @property
    def name_column(self) -> FieldSpec:
        """The first column: a row with content but no value here is an error."""
        return self.columns[0]


def fields_of(model: type[BaseModel]) -> tuple[FieldSpec, ...]:
    """The contract fields of a model, in declaration order."""
    specs = []
    for key, info in model.model_fields.items():
        found = [m for m in info.metadata if isinstance(m, FieldMeta)]
        if found:
            specs.append(FieldSpec(key, found[0]))
    return tuple(specs)


HEADER_SHEET = "Tiltak"
NYTTE_SHEET = "Nytte"

HEADER_FIELDS: tuple[FieldSpec, ...] = fields_of(Tiltak)
NYTTE_FIELDS: tuple[FieldSpec, ...] = fields_of(Nytte)

SECTIONS: tuple[SectionSpec, ...] = (
    SectionSpec("leveranser", "Leveranser", "Leveranser", "Leveranser", Leveranse, fields_of(Leveranse),
                template_rows=30, summarised=True, title_nn="Leveransar", sheet_nn="Leveransar"),
    SectionSpec("avhengigheter", "Avhengigheter", "Avhengigheter", "Avhengigheter", Avhengighet,
                fields_of(Avhengighet), template_rows=20, summarised=True,
                title_nn="Avhengigheiter", sheet_nn="Avhengigheiter"),
    SectionSpec("kostnader", "Kostnader", "Kostnader", "Kostnader", Kostnad, fields_of(Kostnad),
                template_rows=30, summarised=True),
    SectionSpec("drift", "Drift og forvaltning", "Drift og forvaltning", "DriftOgForvaltning", Drift, fields_of(Drift),
                template_rows=15, summarised=True),
    SectionSpec("nytte", "Nytte", NYTTE_SHEET, None, Nytte, NYTTE_FIELDS, summarised=True),
    SectionSpec("nytteforutsetninger", "Nytteforutsetninger", NYTTE_SHEET, "Nytteforutsetninger",
                Nytteforutsetning, fields_of(Nytteforutsetning), title_nn="Nytteføresetnader"),
)
# One order for the model, the catalogue and the JSON export: header fields, then the sections.
assert tuple(Tiltak.model_fields) == (*(f.key for f in HEADER_FIELDS), *(s.key for s in SECTIONS))
SECTIONS_BY_KEY: dict[str, SectionSpec] = {s.key: s for s in SECTIONS}
TABLE_SECTIONS: tuple[SectionSpec, ...] = tuple(s for s in SECTIONS if s.table)

#: Every single field of the contract (header fields, then Nytte), keyed by defined name.
SINGLE_FIELDS: dict[str, FieldSpec] = {f.meta.name: f for f in (*HEADER_FIELDS, *NYTTE_FIELDS) if f.meta.name}
HEADER_FIELDS_BY_KEY: dict[str, FieldSpec] = {f.key: f for f in HEADER_FIELDS}

#: Every defined name and table name the contract requires.
DEFINED_NAMES: tuple[str, ...] = (*SINGLE_FIELDS, TEMPLATE_VERSION_NAME)
TABLE_NAMES: tuple[str, ...] = tuple(s.table for s in TABLE_SECTIONS if s.table)


def version_key(version: str) -> tuple[int, ...]:
    """``"1.10"`` → (1, 10), for comparing template versions; () when not a version number."""
    parts = version.strip().split(".")
    return tuple(int(p) for p in parts) if all(p.isdigit() for p in parts) else ()


def added_after(spec: FieldSpec, version: str) -> bool:
    """The field was added in a template version later than ``version`` (a known, older workbook)."""
    since, have = version_key(spec.meta.since), version_key(version)
    return bool(since and have and have < since)


def all_fields() -> tuple[FieldSpec, ...]:
    """Every field of the contract, single fields and table columns."""
    cols = tuple(c for s in TABLE_SECTIONS for c in s.columns)
    return (*HEADER_FIELDS, *NYTTE_FIELDS, *cols)


def vocabularies_used() -> set[str]:
    """The keys of every ``[vokabular]`` list a field takes its values from."""
    return {f.meta.vocabulary for f in all_fields() if f.meta.vocabulary}
