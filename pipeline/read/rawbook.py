"""What the reader hands the validator: raw cell values with their places.

Nothing here knows about pydantic models; nothing here touches files.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pipeline.common.malform import Malform
from pipeline.contract.issues import Issue


@dataclass(frozen=True)
class RawCell:
    """One cell as found in the workbook.

    ``value`` is what openpyxl gives for the cell (``str``, ``int``, ``float``,
    ``bool``, ``datetime`` or ``None``); for a formula cell it is the cached value
    and ``formula`` holds the formula text.
    """

    sheet: str
    coordinate: str
    value: Any = None
    number_format: str = "General"
    formula: str | None = None

    @property
    def ref(self) -> str:
        return f"{self.sheet}!{self.coordinate}"

    @property
    def is_empty(self) -> bool:
        return self.value is None or (isinstance(self.value, str) and not self.value.strip())


@dataclass
class RawTable:
    """A repeating section: its data rows, each cell keyed by the model field key.

    ``rows`` holds every row inside the table's ``ref`` below the header, in order,
    including empty ones (the validator skips rows whose cells are all empty).
    A contract column missing from the workbook has no key in the row dicts.
    """

    name: str
    sheet: str
    header_row: int
    rows: list[dict[str, RawCell]] = field(default_factory=list)
    found_by_header: bool = False


@dataclass
class RawWorkbook:
    """Everything read from one workbook file."""

    file: str  # the file name as shown to users (no directories)
    fields: dict[str, RawCell] = field(default_factory=dict)  # defined name -> cell
    tables: dict[str, RawTable] = field(default_factory=dict)  # table name -> table
    template_version: RawCell | None = None
    date1904: bool = False
    issues: list[Issue] = field(default_factory=list)
    #: False when the file could not be read at all (not a workbook, encrypted, …).
    readable: bool = True
    #: Which reader indexed the file: ``direct`` (:mod:`pipeline.read.direct`) or ``openpyxl`` (the fallback).
    read_with: str = field(default="direct", compare=False)
    #: The written standard the workbook declares (``Mal_Malform``); None: none, that is bokmål.
    malform: Malform | None = None
