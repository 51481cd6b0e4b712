"""What the validator's rules see: the workbook's context and the parsed values of one group of fields."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from pydantic import BaseModel

from pipeline.contract.catalogue import FieldSpec, SectionSpec
from pipeline.contract.issues import Code, Issue
from pipeline.contract.models import ContractModel
from pipeline.contract.settings import FormSettings, SegmentLayout
from pipeline.read.rawbook import RawCell, RawWorkbook
from pipeline.contract.formatting import printable
from pipeline.validate.normalise import Parsed, clean_text


@dataclass(frozen=True)
class RoundFacts:
    """What this reporting round knows beyond the form: the report date (for the overdue check) and
    the known actors, each with how often it is listed (see :func:`pipeline.validate.crossfile.known_actors`)."""

    report_date: date | None = None
    actors: Mapping[str, int] = field(default_factory=dict)


@dataclass
class Context:
    """The workbook being validated, the settings, the report date and the chosen segment's layout."""

    raw: RawWorkbook
    settings: FormSettings
    report_date: date | None
    segment: str | None = None
    layout: SegmentLayout | None = None
    #: The known actors (name -> times listed); empty: actor names are not checked.
    actors: Mapping[str, int] = field(default_factory=dict)

    def choose_segment(self, segment: Any) -> None:
        """Use the layout of ``segment`` when it is one of the settings' segments."""
        if segment in self.settings.vocabulary("segment"):
            self.segment = segment
            self.layout = self.settings.layout(segment)

    def issue(self, code: Code, cell: RawCell | None, label: str = "", value: Any = None, **params: Any) -> Issue:
        """An issue at ``cell``; the value shown is the cell's unless ``value`` is given."""
        return code.issue(
            file=self.raw.file, sheet=cell.sheet if cell else "", cell=cell.coordinate if cell else "",
            field=label, value=printable(cell.value if value is None and cell is not None else value), **params)


@dataclass
class Group:
    """One group of fields as parsed: the header, Nytte, or one row of a section's table.

    ``cells`` holds the cells found (a table row: every column's cell); ``values`` the
    model values, which a rule may canonicalise; ``issues`` the group's issues so far.
    ``model`` is set once the row's model is built.
    """

    specs: tuple[FieldSpec, ...]
    cells: Mapping[str, RawCell]
    parsed: dict[str, Parsed]
    section: SectionSpec | None = None
    values: dict[str, Any] = field(init=False)
    issues: list[Issue] = field(default_factory=list)
    model: BaseModel | None = None

    def __post_init__(self) -> None:
        self.values = {key: p.value for key, p in self.parsed.items()}

    def invalid_typed(self) -> dict[str, str]:
        """Field key → the cell's text as typed, for each value that could not be accepted."""
        typed = {key: clean_text(self.cells[key].value)[0] for key, parsed in self.parsed.items()
                 if not parsed.ok and key in self.cells}
        return {key: text for key, text in typed.items() if text}

    def build(self, model: type[ContractModel]) -> ContractModel:
        """The group's model, carrying the invalid values as typed (see :class:`ContractModel`)."""
        built = model.model_validate(self.values)
        for key, text in self.invalid_typed().items():
            built.mark_invalid(key, text)
        self.model = built
        return built
