"""The validator's checks beyond reading each value: small rules, run in the order listed.

Each rule gets the :class:`Context` and what it checks and returns issues (a skip rule
returns whether to skip a row). The validator runs them at fixed points:

- ``WORKBOOK_RULES`` first, on the workbook;
- ``HEADER_RULES`` on the parsed header, once the segment is known;
- ``FIELD_RULES`` on the parsed Nytte fields;
- ``SKIP_ROW_RULES`` on each non-empty table row, before parsing: a row one returns True for is no data;
- ``SECTION_RULES`` on a section with data, as soon as that is known (tables: before their rows are
  parsed; Nytte: after its fields are);
- ``ROW_RULES`` on each parsed table row, before its model is built; they may canonicalise values;
- ``MODEL_RULES`` on each table row once its model is built;
- ``TABLE_RULES`` once per table, giving a check that then sees each of its rows in turn, last.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from pipeline.contract.catalogue import HEADER_FIELDS_BY_KEY, SECTIONS_BY_KEY, SectionSpec
from pipeline.contract.formatting import format_date
from pipeline.contract.issues import Code, Issue
from pipeline.contract.values import is_empty_value
from pipeline.contract.settings import FormSettings
from pipeline.read.rawbook import RawCell, RawWorkbook
from pipeline.contract.choices import match_choice
from pipeline.validate.context import Context, Group
from pipeline.validate.crossfile import actor_suggestion
from pipeline.validate.normalise import Parsed, clean_text
from pipeline.validate.ordering import first_cell

#: The header field printed as the chapter heading, not as a key/value row.
HEADING_FIELD = "navn"
#: The header field naming the actor (compared with the known actors).
ACTOR_FIELD = "aktor"
PRECONDITIONS_SECTION = "nytteforutsetninger"
PRECONDITIONS_VOCABULARY = "nytteforutsetning"
DELIVERIES_SECTION = "leveranser"

#: Table rows (or Nytte's fields) as cells by field key.
Rows = Sequence[Mapping[str, RawCell]]


def is_blank(parsed: Parsed) -> bool:
    """Empty and not because it could not be read (that is already reported)."""
    return parsed.ok and is_empty_value(parsed.value)


# --- the workbook ----------------------------------------------------------------------------

def _version_text(value: Any) -> str:
    """The template version compared as text: ``1.0`` (a float cell) → ``"1.0"``."""
    if value is None:
        return ""
    return str(value).strip()


def _version_number(text: str) -> tuple[int, ...] | None:
    """``"1.10"`` → (1, 10); None for anything but dot-separated whole numbers."""
    parts = text.split(".")
    return tuple(int(p) for p in parts) if all(p.isdigit() and p.isascii() for p in parts) else None


def newer_template(raw: RawWorkbook, settings: FormSettings) -> Issue | None:
    """The one error for a workbook made from a later template version than any this tool knows."""
    cell = raw.template_version
    version = _version_text(cell.value) if cell else ""
    number = _version_number(version)
    known = [n for n in map(_version_number, settings.kjente_malversjoner) if n is not None]
    if number is None or not known or number <= max(known):
        return None
    return Code.VERSION_NEWER.issue(file=raw.file, sheet=cell.sheet if cell else "", cell=cell.coordinate if cell else "",
                                    value=version, known=", ".join(settings.kjente_malversjoner),
                                    current=settings.mal_versjon)


def template_version(ctx: Context) -> list[Issue]:
    """The template version is given and known."""
    cell = ctx.raw.template_version
    version = _version_text(cell.value) if cell else ""
    known = ctx.settings.kjente_malversjoner
    if not version:
        return [ctx.issue(Code.VERSION_MISSING, cell, value="")]
    if version not in known:
        return [ctx.issue(Code.VERSION_UNKNOWN, cell, value=version, known=", ".join(known))]
    return []


# --- single fields ----------------------------------------------------------------------------

def header_fields(ctx: Context, header: Group) -> list[Issue]:
    """Empty header fields that are required or expected; filled ones the segment does not print."""
    issues = []
    for spec in header.specs:
        cell = header.cells.get(spec.key)
        if cell is None:
            continue
        label = spec.meta.label
        if is_blank(header.parsed[spec.key]):
            if cell.formula is not None:
                continue  # a formula without a stored value: the reader has already said so
            if spec.meta.required:
                issues.append(ctx.issue(Code.REQUIRED_EMPTY, cell, label))
            elif ctx.layout and spec.key in ctx.layout.forventet:
                issues.append(ctx.issue(Code.EXPECTED_EMPTY, cell, label))
        elif ctx.layout and spec.key != HEADING_FIELD and spec.key not in ctx.layout.nokkelrader \
                and any(spec.key in layout.nokkelrader for layout in ctx.settings.segment.values()):
            # a field no segment prints (the contact e-mail) is for the secretariat, not a wrong segment
            issues.append(ctx.issue(Code.NOT_PRINTED_FIELD, cell, label, segment=ctx.segment))
    return issues


def known_actor(ctx: Context, header: Group) -> list[Issue]:
    """An actor name close to a known actor's (a near miss): «Mente du …?»."""
    cell, text = header.cells.get(ACTOR_FIELD), header.values.get(ACTOR_FIELD)
    suggestion = actor_suggestion(text, ctx.actors) if cell is not None and isinstance(text, str) else None
    if suggestion is None:
        return []
    return [ctx.issue(Code.ACTOR_NEAR_MISS, cell, HEADER_FIELDS_BY_KEY[ACTOR_FIELD].meta.label, text,
                      suggestion=suggestion)]


def required_fields(ctx: Context, fields: Group) -> list[Issue]:
    """Required fields that are present but empty."""
    return [ctx.issue(Code.REQUIRED_EMPTY, fields.cells[spec.key], spec.meta.label) for spec in fields.specs
            if spec.key in fields.cells and spec.meta.required and is_blank(fields.parsed[spec.key])]


# --- sections ---------------------------------------------------------------------------------

def unfilled_fixed_precondition(ctx: Context, section: SectionSpec, row: Mapping[str, RawCell]) -> bool:
    """A fixed precondition row of the template with nothing filled in is no data."""
    if section.key != PRECONDITIONS_SECTION:
        return False
    name_key = section.name_column.key
    if any(not c.is_empty for k, c in row.items() if k != name_key):
        return False
    name = row.get(name_key)
    known = ctx.settings.vocabulary(PRECONDITIONS_VOCABULARY)
    forms = ctx.settings.equivalents(PRECONDITIONS_VOCABULARY)
    return name is None or name.is_empty or match_choice(clean_text(name.value)[0], known, equivalents=forms).ok


def section_not_printed(ctx: Context, section: SectionSpec, rows: Rows) -> list[Issue]:
    """A filled section that the segment does not print."""
    if not ctx.layout or section.key in ctx.layout.seksjoner:
        return []
    return [ctx.issue(Code.NOT_PRINTED_SECTION, first_cell(rows[0].values()), section.title,
                      section=section.title, segment=ctx.segment)]


# --- table rows ----------------------------------------------------------------------------------

def required_columns(ctx: Context, row: Group) -> list[Issue]:
    """A row without its name column, and required columns left empty."""
    assert row.section is not None
    issues = []
    name_spec = row.section.name_column
    for spec in row.specs:
        if not spec.meta.required or not is_blank(row.parsed[spec.key]):
            continue
        if spec is name_spec:
            cell = row.cells.get(spec.key) or first_cell(row.cells.values())
            issues.append(ctx.issue(Code.ROW_WITHOUT_NAME, cell, spec.meta.label))
        elif spec.key in row.cells:
            issues.append(ctx.issue(Code.REQUIRED_EMPTY, row.cells[spec.key], spec.meta.label))
    return issues


def known_precondition(ctx: Context, row: Group) -> list[Issue]:
    """A precondition is one of the template's fixed ones; its canonical text replaces the typed one."""
    assert row.section is not None
    name_spec = row.section.name_column
    text = row.values[name_spec.key]
    if row.section.key != PRECONDITIONS_SECTION or not text:
        return []
    cell, label = row.cells[name_spec.key], name_spec.meta.label
    result = match_choice(text, ctx.settings.vocabulary(PRECONDITIONS_VOCABULARY),
                          equivalents=ctx.settings.equivalents(PRECONDITIONS_VOCABULARY))
    if not result.ok:
        return [ctx.issue(Code.UNKNOWN_PRECONDITION, cell, label, text)]
    row.values[name_spec.key] = result.value
    if result.normalised is not None:
        return [ctx.issue(Code.NORMALISED, cell, label, normalised=result.normalised)]
    return []


def overdue_delivery(ctx: Context, row: Group) -> list[Issue]:
    """A delivery whose end date has passed on the report date without being delivered."""
    assert row.section is not None
    delivery = row.model
    if row.section.key != DELIVERIES_SECTION or not ctx.report_date:
        return []
    if not delivery.is_overdue(ctx.report_date, ctx.settings.roller.ikke_levert):
        return []
    label = next(c.label for c in SECTIONS_BY_KEY[DELIVERIES_SECTION].columns if c.key == "sluttdato")
    return [ctx.issue(Code.OVERDUE, row.cells.get("sluttdato"), label, date=format_date(delivery.sluttdato),
                      report_date=format_date(ctx.report_date))]


def _row_key(dump: dict[str, Any]) -> tuple:
    """A row's values as a hashable key; equal rows (``1.0`` and ``1.00`` too) get equal keys."""
    return tuple((k, tuple(v) if isinstance(v, list) else v) for k, v in dump.items())


def duplicate_rows(ctx: Context, section: SectionSpec) -> Callable[[Group], list[Issue]]:
    """A check of each row of one table against the rows before it: a row equal to an earlier one.

    Rows with errors are not compared: their unreadable values are None.
    """
    firsts: dict[tuple, RawCell] = {}  # each distinct row → its first cell (a dict: 10,000 rows stay fast)

    def check(row: Group) -> list[Issue]:
        if any(i.is_error for i in row.issues):
            return []
        assert row.model is not None
        anchor = row.cells.get(section.name_column.key) or first_cell(row.cells.values())
        key = _row_key(row.model.model_dump())
        twin = firsts.get(key)
        if twin is not None:
            return [ctx.issue(Code.DUPLICATE_ROW, anchor, section.title, other=twin.ref)]
        if anchor is not None:
            firsts[key] = anchor
        return []

    return check


WORKBOOK_RULES: tuple[Callable[[Context], list[Issue]], ...] = (template_version,)
HEADER_RULES: tuple[Callable[[Context, Group], list[Issue]], ...] = (header_fields, known_actor)
FIELD_RULES: tuple[Callable[[Context, Group], list[Issue]], ...] = (required_fields,)
SKIP_ROW_RULES: tuple[Callable[[Context, SectionSpec, Mapping[str, RawCell]], bool], ...] = (unfilled_fixed_precondition,)
SECTION_RULES: tuple[Callable[[Context, SectionSpec, Rows], list[Issue]], ...] = (section_not_printed,)
ROW_RULES: tuple[Callable[[Context, Group], list[Issue]], ...] = (required_columns, known_precondition)
MODEL_RULES: tuple[Callable[[Context, Group], list[Issue]], ...] = (overdue_delivery,)
TABLE_RULES: tuple[Callable[[Context, SectionSpec], Callable[[Group], list[Issue]]], ...] = (duplicate_rows,)
