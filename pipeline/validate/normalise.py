"""Cell values as actors type them: dates, numbers, years, list choices and text.

Every parser takes a raw cell value (what openpyxl gives) and returns a :class:`Parsed`:
the value for the model, how it was read when it had to be normalised (for a
``NORMALISED`` warning), and any problems (issue codes with their message
parameters). Each kind reads its cells in its own class (:mod:`pipeline.contract.kinds`); this module
is the validator's entry to them. Nothing here knows about cells, files or issues' places; the validator adds those.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from pipeline.contract.choices import match_choice
from pipeline.contract.fields import FieldMeta
from pipeline.contract.formatting import format_date
from pipeline.contract.kinds.base import CellContext
from pipeline.contract.kinds.registry import kind_of
from pipeline.contract.kinds.cells import (MAX_CELL_CHARS, SERIAL_MAX_DATE, SERIAL_MIN_DATE, clean_text,
                                           serial_to_date, show_chars)
from pipeline.contract.kinds.date import parse_date
from pipeline.contract.kinds.integer import parse_integer
from pipeline.contract.kinds.number import parse_number
from pipeline.contract.kinds.year import parse_year
from pipeline.contract.parsed import Parsed, Problem

__all__ = [
    "MAX_CELL_CHARS", "SERIAL_MAX_DATE", "SERIAL_MIN_DATE", "Parsed", "Problem", "clean_text", "match_choice",
    "parse_date", "parse_field", "parse_integer", "parse_number", "parse_year", "serial_to_date",
    "show_chars", "show_date",
]


def show_date(value: date) -> str:
    """A date as ``dd.mm.åååå``."""
    return format_date(value)


def parse_field(value: Any, meta: FieldMeta, choices: Sequence[str] = (), date1904: bool = False,
                synonyms: Mapping[str, str] | None = None, equivalents: Mapping[str, str] | None = None) -> Parsed:
    """Parse one raw cell value by the field's kind (its class in :mod:`pipeline.contract.kinds`).
    ``choices`` is the field's vocabulary, ``synonyms`` other words that mean one of them (a warning),
    ``equivalents`` their nynorsk forms (form -> value; the same value, no warning)."""
    return kind_of(meta.kind).parse_cell(value, meta, CellContext(choices, synonyms, date1904, equivalents))
