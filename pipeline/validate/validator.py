"""Validate a raw workbook against the contract: raw values → a :class:`Tiltak` + issues.

Pure: ``validate(read_workbook(path), settings, report_date)`` is all a caller needs.
All issues are collected (never raised); a best-effort ``Tiltak`` is always built
for a readable workbook so that lenient mode can still merge it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from pydantic import BaseModel

from pipeline.contract.catalogue import HEADER_FIELDS, HEADER_SHEET, NYTTE_FIELDS, SECTIONS, SECTIONS_BY_KEY, SectionSpec
from pipeline.contract.fields import FieldMeta
from pipeline.contract.formatting import format_date
from pipeline.contract.issues import Code, HasIssues, Issue
from pipeline.contract.models import Leveranse, Nytte, Tiltak
from pipeline.validate.normalise import (Parsed, clean_text, empty_value, is_empty_value, match_choice, parse_field,
                                printable)
from pipeline.read.rawbook import RawCell, RawWorkbook
from pipeline.common.cells import first_cell_position
from pipeline.contract.settings import FormSettings, SegmentLayout

#: The header field printed as the chapter heading, not as a key/value row.
HEADING_FIELD = "navn"
PRECONDITIONS_SECTION = "nytteforutsetninger"
PRECONDITIONS_VOCABULARY = "nytteforutsetning"
_VERSION_CODES = {Code.VERSION_MISSING.code, Code.VERSION_UNKNOWN.code}


@dataclass
class Validation(HasIssues):
    """The result of validating one workbook."""

    tiltak: Tiltak | None  # None only when the workbook was not readable
    issues: list[Issue] = field(default_factory=list)  # the reader's and the validator's, in workbook order



def validate(raw: RawWorkbook, settings: FormSettings, report_date: date | None = None) -> Validation:
    """Check a workbook read by the reader; ``report_date`` enables the overdue check."""
    if not raw.readable:
        return Validation(None, list(raw.issues))
    checker = _Validator(raw, settings, report_date)
    tiltak = checker.run()
    return Validation(tiltak, order_issues([*raw.issues, *checker.issues], sheet_order(raw)))


# --- ordering -----------------------------------------------------------------------------------

def cell_position(cell: str) -> tuple[int, int]:
    """(row, column) of ``C7`` (or of a range's first cell); (0, 0) when there is none."""
    return first_cell_position(cell)


def sheet_order(raw: RawWorkbook) -> list[str]:
    """The sheets in workbook order: the header sheet, then the sections' sheets in catalogue order."""
    sheets = [raw.fields[f.meta.name].sheet for f in HEADER_FIELDS if f.meta.name in raw.fields]
    sheets.append(HEADER_SHEET)
    for section in SECTIONS:
        if section.table and section.table in raw.tables:
            sheets.append(raw.tables[section.table].sheet)
        elif section.table is None:
            sheets.extend(raw.fields[f.meta.name].sheet for f in section.columns if f.meta.name in raw.fields)
        sheets.append(section.sheet)
    return list(dict.fromkeys(sheets))


def order_issues(issues: Iterable[Issue], sheets: list[str]) -> list[Issue]:
    """Issues in workbook order: file-level and template-version issues first, then by sheet, row, column.

    Sheets not in ``sheets`` follow, in the order they first appear; the sort is stable.
    """
    issues = list(issues)
    rank = {s: i for i, s in enumerate(sheets, start=1)}
    for issue in issues:
        if issue.sheet and issue.sheet not in rank:
            rank[issue.sheet] = len(rank) + 1

    def key(issue: Issue) -> tuple[int, int, int]:
        if not issue.sheet or issue.code in _VERSION_CODES:
            return 0, 0, 0
        return (rank[issue.sheet], *cell_position(issue.cell))

    return sorted(issues, key=key)


# --- the checks ------------------------------------------------------------------------------

def _first_cell(cells: Iterable[RawCell]) -> RawCell | None:
    """The top-left non-empty cell."""
    filled = [c for c in cells if not c.is_empty]
    return min(filled, key=lambda c: cell_position(c.coordinate)) if filled else None


class _Validator:
    def __init__(self, raw: RawWorkbook, settings: FormSettings, report_date: date | None) -> None:
        self.raw = raw
        self.settings = settings
        self.report_date = report_date
        self.issues: list[Issue] = []
        self.segment: str | None = None
        self.layout: SegmentLayout | None = None

    # reporting ---------------------------------------------------------------------------

    def report(self, code: Code, cell: RawCell | None, label: str = "", value: Any = None, **params: Any) -> None:
        self.issues.append(code.issue(
            file=self.raw.file, sheet=cell.sheet if cell else "", cell=cell.coordinate if cell else "",
            field=label, value=printable(cell.value if value is None and cell is not None else value), **params))

    def parse(self, cell: RawCell | None, meta: FieldMeta) -> Parsed:
        """One cell parsed, its problems and any normalisation reported."""
        if cell is None:
            return Parsed(empty_value(meta.kind))
        choices = self.settings.vocabulary(meta.vocabulary) if meta.vocabulary else ()
        synonyms = self.settings.synonyms(meta.vocabulary) if meta.vocabulary else None
        parsed: Parsed = parse_field(cell.value, meta, choices, self.raw.date1904, synonyms)
        for problem in parsed.problems:
            self.report(problem.code, cell, meta.label, problem.value, **problem.params)
        if parsed.normalised is not None and parsed.normalised != _as_typed(cell.value):
            # «01.02.2021» typed as text reads as the same date: nothing to tell the actor.
            self.report(Code.NORMALISED, cell, meta.label, normalised=parsed.normalised)
        return parsed

    # the workbook ---------------------------------------------------------------------------

    def run(self) -> Tiltak:
        self.check_version()
        header = self.header()
        sections: dict[str, Any] = {}
        for section in SECTIONS:
            sections[section.key] = self.nytte() if section.table is None else self.table(section)
        return Tiltak.model_validate({**header, **sections})

    def check_version(self) -> None:
        cell = self.raw.template_version
        version = _version_text(cell.value) if cell else ""
        if not version:
            self.report(Code.VERSION_MISSING, cell, value="")
        elif version not in self.settings.kjente_malversjoner:
            self.report(Code.VERSION_UNKNOWN, cell, value=version, known=", ".join(self.settings.kjente_malversjoner))

    def header(self) -> dict[str, Any]:
        parsed: dict[str, Parsed] = {}
        cells: dict[str, RawCell] = {}
        for spec in HEADER_FIELDS:
            cell = self.raw.fields.get(spec.meta.name or "")
            parsed[spec.key] = self.parse(cell, spec.meta)
            if cell is not None:
                cells[spec.key] = cell
        segment = parsed["segment"].value
        if segment in self.settings.vocabulary("segment"):
            self.segment = segment
            self.layout = self.settings.layout(segment)
        for spec in HEADER_FIELDS:
            if spec.key in cells:
                self.check_header_field(spec.key, spec.meta, cells[spec.key], parsed[spec.key])
        return {key: p.value for key, p in parsed.items()}

    def check_header_field(self, key: str, meta: FieldMeta, cell: RawCell, parsed: Parsed) -> None:
        if _is_empty(parsed):
            if cell.formula is not None:
                return  # a formula without a stored value: the reader has already said so
            if meta.required:
                self.report(Code.REQUIRED_EMPTY, cell, meta.label)
            elif self.layout and key in self.layout.forventet:
                self.report(Code.EXPECTED_EMPTY, cell, meta.label)
        elif self.layout and key != HEADING_FIELD and key not in self.layout.nokkelrader:
            self.report(Code.NOT_PRINTED_FIELD, cell, meta.label, segment=self.segment)

    def nytte(self) -> Nytte | None:
        values: dict[str, Any] = {}
        cells: list[RawCell] = []
        for spec in NYTTE_FIELDS:
            cell = self.raw.fields.get(spec.meta.name or "")
            parsed = self.parse(cell, spec.meta)
            values[spec.key] = parsed.value
            if cell is not None:
                cells.append(cell)
                if spec.meta.required and _is_empty(parsed):
                    self.report(Code.REQUIRED_EMPTY, cell, spec.meta.label)
        nytte = Nytte.model_validate(values)
        if nytte.is_empty():
            return None
        self.check_printed(SECTIONS_BY_KEY["nytte"], _first_cell(cells))
        return nytte

    def check_printed(self, section: SectionSpec, first: RawCell | None) -> None:
        if self.layout and section.key not in self.layout.seksjoner:
            self.report(Code.NOT_PRINTED_SECTION, first, section.title,
                        section=section.title, segment=self.segment)

    # tables ------------------------------------------------------------------------------

    def table(self, section: SectionSpec) -> list[BaseModel]:
        table = self.raw.tables.get(section.table or "")
        if table is None:
            return []  # the reader has reported it
        rows = [row for row in table.rows if self.is_data(section, row)]
        if rows:
            self.check_printed(section, _first_cell(rows[0].values()))
        models: list[BaseModel] = []
        firsts: dict[tuple, RawCell] = {}  # each distinct row → its first cell (a dict: 10,000 rows stay fast)
        for row in rows:
            before = len(self.issues)
            model = self.row(section, row)
            models.append(model)
            if any(i.is_error for i in self.issues[before:]):
                continue  # unreadable values are None in the model: such rows are not comparable
            anchor = row.get(section.name_column.key) or _first_cell(row.values())
            key = _row_key(model.model_dump())
            twin = firsts.get(key)
            if twin is not None:
                self.report(Code.DUPLICATE_ROW, anchor, section.title, other=twin.ref)
            elif anchor is not None:
                firsts[key] = anchor
        return models

    def is_data(self, section: SectionSpec, row: dict[str, RawCell]) -> bool:
        """False for empty rows and for a fixed precondition with nothing filled in."""
        if all(c.is_empty for c in row.values()):
            return False
        if section.key != PRECONDITIONS_SECTION:
            return True
        name = row.get(section.name_column.key)
        others = [c for k, c in row.items() if k != section.name_column.key]
        if any(not c.is_empty for c in others):
            return True
        known = self.settings.vocabulary(PRECONDITIONS_VOCABULARY)
        return not (name is None or name.is_empty or match_choice(clean_text(name.value)[0], known).ok)

    def row(self, section: SectionSpec, row: dict[str, RawCell]) -> BaseModel:
        parsed = {spec.key: self.parse(row.get(spec.key), spec.meta) for spec in section.columns}
        values = {key: p.value for key, p in parsed.items()}
        name_spec = section.name_column
        for spec in section.columns:
            if not spec.meta.required or not _is_empty(parsed[spec.key]):
                continue
            if spec is name_spec:
                cell = row.get(spec.key) or _first_cell(row.values())
                self.report(Code.ROW_WITHOUT_NAME, cell, spec.meta.label)
            elif spec.key in row:
                self.report(Code.REQUIRED_EMPTY, row[spec.key], spec.meta.label)
        if section.key == PRECONDITIONS_SECTION and values[name_spec.key]:
            values[name_spec.key] = self.precondition(values[name_spec.key], row[name_spec.key], name_spec.meta)
        model = section.model.model_validate(values)
        if isinstance(model, Leveranse):
            self.check_overdue(model, row.get("sluttdato"))
        return model

    def precondition(self, text: str, cell: RawCell, meta: FieldMeta) -> str:
        result = match_choice(text, self.settings.vocabulary(PRECONDITIONS_VOCABULARY))
        if not result.ok:
            self.report(Code.UNKNOWN_PRECONDITION, cell, meta.label, text)
            return text
        if result.normalised is not None:
            self.report(Code.NORMALISED, cell, meta.label, normalised=result.normalised)
        return result.value

    def check_overdue(self, leveranse: Leveranse, cell: RawCell | None) -> None:
        deadline = leveranse.sluttdato
        if self.report_date and leveranse.is_overdue(self.report_date):
            label = next(c.label for c in SECTIONS_BY_KEY["leveranser"].columns if c.key == "sluttdato")
            self.report(Code.OVERDUE, cell, label, date=format_date(deadline),
                        report_date=format_date(self.report_date))


def _row_key(dump: dict[str, Any]) -> tuple:
    """A row's values as a hashable key; equal rows (``1.0`` and ``1.00`` too) get equal keys."""
    return tuple((k, tuple(v) if isinstance(v, list) else v) for k, v in dump.items())


def _is_empty(parsed: Parsed) -> bool:
    """Empty and not because it could not be read (that is already reported)."""
    return parsed.ok and is_empty_value(parsed.value)


def _version_text(value: Any) -> str:
    """The template version compared as text: ``1.0`` (a float cell) → ``"1.0"``."""
    if value is None:
        return ""
    return str(value).strip()


def _as_typed(value: object) -> str | None:
    return value.strip() if isinstance(value, str) else None
