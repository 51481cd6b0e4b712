"""Validate a raw workbook against the contract: raw values → a :class:`Tiltak` + issues.

Pure: ``validate(read_workbook(path), settings, report_date)`` is all a caller needs.
All issues are collected (never raised); a best-effort ``Tiltak`` is always built
for a readable workbook so that lenient mode can still merge it.

The validator reads every field by its kind (:func:`pipeline.validate.normalise.parse_field`)
and runs the rules of :mod:`pipeline.validate.rules`; it knows no section by name.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from pydantic import BaseModel

from pipeline.contract.catalogue import HEADER_FIELDS, SECTIONS, FieldSpec, SectionSpec
from pipeline.contract.fields import FieldMeta
from pipeline.contract.issues import Code, HasIssues, Issue
from pipeline.contract.models import Tiltak
from pipeline.contract.settings import FormSettings
from pipeline.contract.kinds.registry import empty_value
from pipeline.contract.values import is_empty_value
from pipeline.read.rawbook import RawCell, RawWorkbook
from pipeline.validate import rules
from pipeline.validate.context import Context, Group
from pipeline.validate.normalise import Parsed, parse_field
from pipeline.validate.ordering import order_issues, sheet_order

__all__ = ["Validation", "validate"]


@dataclass
class Validation(HasIssues):
    """The result of validating one workbook."""

    tiltak: Tiltak | None  # None only when the workbook was not readable
    issues: list[Issue] = field(default_factory=list)  # the reader's and the validator's, in workbook order


def validate(raw: RawWorkbook, settings: FormSettings, report_date: date | None = None,
             actors: Mapping[str, int] | None = None) -> Validation:
    """Check a workbook read by the reader; ``report_date`` enables the overdue check, ``actors``
    (known actor -> times listed) the check for misspelt actor names."""
    if not raw.readable:
        return Validation(None, list(raw.issues))
    newer = rules.newer_template(raw, settings)
    if newer is not None:  # a later template than this tool knows: one error, not a finding per label
        return Validation(None, [newer])
    checker = _Validator(Context(raw, settings, report_date, actors=actors or {}))
    tiltak = checker.run()
    return Validation(tiltak, order_issues([*raw.issues, *checker.issues], sheet_order(raw)))


def _as_typed(value: object) -> str | None:
    """A text cell's value as typed (stripped); None for other values."""
    return value.strip() if isinstance(value, str) else None


class _Validator:
    """Parses the header, Nytte and every table row, and runs the rules on them."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.issues: list[Issue] = []

    def parse(self, cell: RawCell | None, meta: FieldMeta, issues: list[Issue]) -> Parsed:
        """One cell parsed; its problems and any normalisation added to ``issues``."""
        if cell is None:
            return Parsed(empty_value(meta.kind))
        settings = self.ctx.settings
        choices = settings.vocabulary(meta.vocabulary) if meta.vocabulary else ()
        synonyms = settings.synonyms(meta.vocabulary) if meta.vocabulary else None
        equivalents = settings.equivalents(meta.vocabulary) if meta.vocabulary else None
        parsed = parse_field(cell.value, meta, choices, self.ctx.raw.date1904, synonyms, equivalents)
        for problem in parsed.problems:
            issues.append(self.ctx.issue(problem.code, cell, meta.label, problem.value, **problem.params))
        if parsed.normalised is not None and parsed.normalised != _as_typed(cell.value):
            # «01.02.2021» typed as text reads as the same date: nothing to tell the actor.
            issues.append(self.ctx.issue(Code.NORMALISED, cell, meta.label, normalised=parsed.normalised))
        return parsed

    def group(self, specs: tuple[FieldSpec, ...], cells: Mapping[str, RawCell],
              section: SectionSpec | None = None) -> Group:
        """The fields ``specs`` parsed from ``cells`` (key → cell)."""
        issues: list[Issue] = []
        parsed = {spec.key: self.parse(cells.get(spec.key), spec.meta, issues) for spec in specs}
        return Group(specs, cells, parsed, section, issues=issues)

    def single_fields(self, specs: tuple[FieldSpec, ...]) -> Group:
        """Single fields (found by defined name) parsed; their issues reported."""
        found = {spec.key: self.ctx.raw.fields.get(spec.meta.name or "") for spec in specs}
        fields = self.group(specs, {key: cell for key, cell in found.items() if cell is not None})
        self.issues.extend(fields.issues)
        return fields

    def run(self) -> Tiltak:
        """The whole workbook: the rules on the workbook, the header, then every section."""
        for workbook_rule in rules.WORKBOOK_RULES:
            self.issues.extend(workbook_rule(self.ctx))
        header = self.header()
        for section in SECTIONS:
            header.values[section.key] = self.single_section(section) if section.table is None else self.table(section)
        return header.build(Tiltak)

    def header(self) -> Group:
        """The header fields parsed; the segment they name picks the layout the rules check against."""
        header = self.single_fields(HEADER_FIELDS)
        self.ctx.choose_segment(header.values["segment"])
        for header_rule in rules.HEADER_RULES:
            self.issues.extend(header_rule(self.ctx, header))
        return header

    def single_section(self, section: SectionSpec) -> BaseModel | None:
        """A section of single fields (Nytte) as its model, or None when none of its fields is filled in."""
        fields = self.single_fields(section.columns)
        for field_rule in rules.FIELD_RULES:
            self.issues.extend(field_rule(self.ctx, fields))
        model = fields.build(section.model)
        if not model.invalid_values and all(is_empty_value(value) for value in model.model_dump().values()):
            return None
        self.check_section(section, [fields.cells])
        return model

    def check_section(self, section: SectionSpec, rows: rules.Rows) -> None:
        """The section rules, for a section with data."""
        for section_rule in rules.SECTION_RULES:
            self.issues.extend(section_rule(self.ctx, section, rows))

    def is_data(self, section: SectionSpec, row: dict[str, RawCell]) -> bool:
        """False for empty rows and for rows a skip rule says are no data."""
        if all(c.is_empty for c in row.values()):
            return False
        return not any(skip(self.ctx, section, row) for skip in rules.SKIP_ROW_RULES)

    def table(self, section: SectionSpec) -> list[BaseModel]:
        """A section's table rows as models; each row parsed, then checked by the row, model and table rules."""
        table = self.ctx.raw.tables.get(section.table or "")
        if table is None:
            return []  # the reader has reported it
        raw_rows = [row for row in table.rows if self.is_data(section, row)]
        if raw_rows:
            self.check_section(section, raw_rows)
        table_checks = [table_rule(self.ctx, section) for table_rule in rules.TABLE_RULES]
        models: list[BaseModel] = []
        for cells in raw_rows:
            row = self.group(section.columns, cells, section)
            for row_rule in rules.ROW_RULES:
                row.issues.extend(row_rule(self.ctx, row))
            row.build(section.model)
            for model_rule in rules.MODEL_RULES:
                row.issues.extend(model_rule(self.ctx, row))
            for check in table_checks:
                row.issues.extend(check(row))
            self.issues.extend(row.issues)
            models.append(row.model)
        return models
