"""What a field kind is: everything that differs between kinds, in one class per kind.

A kind (:class:`FieldKind`) says how a value of its kind is read from a cell and from
text, how it is printed (document, record), and what the Excel template and the Word
document do with it. The Excel and Word parts are *data* here (a number format string, a
:class:`ValidationRule`, a formula text, a cell value, render flags) that
:mod:`pipeline.excel` and :mod:`pipeline.word` interpret, so that the contract stays at the
bottom of the package and adding a kind is one module plus its line in
:mod:`pipeline.contract.kinds.registry`. Every method is abstract here: a kind that forgets
one fails when it is registered, not silently as text.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any, ClassVar, Protocol

from pipeline.contract.formatting import NumberStyle, exact, show_number
from pipeline.contract.parsed import Parsed


class KindMeta(Protocol):
    """What a kind reads of a field's metadata (:class:`pipeline.contract.fields.FieldMeta`, which sits above)."""

    label: str
    vocabulary: str | None
    minimum: Decimal | None
    decimals: int | None

#: Significant digits a number cell keeps when Excel saves it; a longer number is written as text.
EXCEL_DIGITS = 15
#: Excel's day 0 for serial numbers (valid from 1.3.1900).
EXCEL_EPOCH = date(1899, 12, 30)


@dataclass(frozen=True)
class CellContext:
    """What reading one cell needs besides the value: the field's list, its synonyms, the date system, and
    the list values' nynorsk forms (form -> value, read as the value without a warning)."""

    choices: Sequence[str] = ()
    synonyms: Mapping[str, str] | None = None
    date1904: bool = False
    equivalents: Mapping[str, str] | None = None


@dataclass(frozen=True)
class ValidationRule:
    """An Excel data validation as data (``excel/validation.py`` makes the openpyxl object).

    ``list_of`` is a vocabulary key: the dropdown is its list. ``error`` empty: an input
    message only, nothing is refused.
    """

    type: str | None = None
    operator: str | None = None
    formula1: str | None = None
    formula2: str | None = None
    error: str = ""
    error_style: str = "stop"
    error_title: str | None = None  # None: «Ugyldig verdi: <label>»
    list_of: str | None = None


@dataclass(frozen=True)
class CheckContext:
    """What a self-check formula needs: the name of a vocabulary's dropdown list and the synonyms."""

    list_name: Callable[[str], str]
    synonyms: Mapping[str, Mapping[str, str]] = field(default_factory=dict)


def serial(day: date) -> int:
    """A date as an Excel serial number (1900 date system)."""
    return (day - EXCEL_EPOCH).days


def cell_number(value: Decimal) -> int | float | str:
    """A number as a cell value that reads back as the same Decimal, no digit lost.

    A whole number is an int, another number a float when the float's shortest form is the
    number (always so up to :data:`EXCEL_DIGITS` significant digits). A longer number, which no
    number cell can hold, is written as text with a decimal comma (``1234567890,1234567``): the
    validator reads that text as the exact number.
    """
    if len(value.normalize().as_tuple().digits) <= EXCEL_DIGITS:
        if value == value.to_integral_value():
            return int(value)
        if exact(float(value)) == value:
            return float(value)
    return show_number(value)


def is_blank(value: Any) -> bool:
    """An empty cell or only spaces."""
    return value is None or (isinstance(value, str) and not value.strip())


class FieldKind:
    """One kind of field. Subclasses set every attribute and implement every method."""

    #: The kind's name in the contract (``Kind`` value, shown in messages): ``prosent``.
    code: ClassVar[str]
    #: The model's empty value (``""``, ``None`` or ``[]``).
    empty: ClassVar[Any]
    #: Free text: typed as text in the template and wrapped.
    is_text: ClassVar[bool]
    #: Paragraphs: tall rows in the template, paragraphs/lists/links in the document.
    multiline: ClassVar[bool] = False
    #: Shaded in the document by ``[farger]`` (a list value).
    shaded: ClassVar[bool] = False
    #: The narrowest a document column of this kind may be (twips); 0: its words decide.
    min_twips: ClassVar[int] = 0

    @classmethod
    def abstract_methods(cls) -> tuple[str, ...]:
        """The methods every registered kind must implement (the registry checks)."""
        return ("read_text", "parse_cell", "format", "record", "number_format", "validation", "check",
                "cell_value")

    def new_empty(self) -> Any:
        """A fresh empty value (a new list for list kinds)."""
        return list(self.empty) if isinstance(self.empty, list) else self.empty

    def read_text(self, text: str, *, record: bool = False) -> Any:
        """The model value of stripped ``text``; raises :class:`~pipeline.contract.values.UnreadableValue`.

        ``record``: the record format (a dot is a decimal point, dates only ``dd.mm.åååå``).
        """
        raise NotImplementedError

    def parse_cell(self, value: Any, meta: KindMeta, ctx: CellContext) -> Parsed:
        """A raw cell value (what openpyxl gives) as a :class:`Parsed` with its problems."""
        raise NotImplementedError

    def format(self, value: Any, meta: KindMeta, style: NumberStyle) -> str:
        """A non-empty model value as the document prints it."""
        raise NotImplementedError

    def record(self, value: Any, meta: KindMeta) -> str:
        """A non-empty model value as the JSON export writes it (read back by ``read_text(record=True)``)."""
        raise NotImplementedError

    def number_format(self, meta: KindMeta) -> str:
        """The Excel number format of an input cell."""
        raise NotImplementedError

    def validation(self, meta: KindMeta) -> ValidationRule:
        """The Excel data validation of an input cell."""
        raise NotImplementedError

    def check(self, x: str, meta: KindMeta, ctx: CheckContext) -> tuple[str, str] | None:
        """(formula condition on a non-empty ``x``, hint) for the «Kontroll» sheet; None: Excel cannot check it.

        The condition is 1/TRUE for a bad value and must never be an error value: text in a
        number cell is one problem, not ``#VALUE!``. It works on one cell and on a column (in
        ``SUMPRODUCT``), so it uses no ``IF``/``IFERROR`` over ``x`` (Excel does not evaluate those
        as arrays there); :func:`whole_number` shows the guard.
        """
        raise NotImplementedError

    def cell_value(self, raw: Any, meta: KindMeta, vocabulary: Sequence[str]) -> Any:
        """A non-empty record value as ``prefill`` writes it into a cell (text that does not parse unchanged)."""
        raise NotImplementedError


def not_whole(x: str) -> str:
    """1 for a number in ``x`` that is not whole, 0 for a whole number *and for text* (never ``#VALUE!``).

    ``MOD`` of text is an error; ``ISERROR(1/…)`` turns the error and FALSE alike into TRUE.
    """
    return f"(1-ISERROR(1/(MOD({x},1)<>0)))"


def as_datetime(value: date) -> datetime:
    """A date as openpyxl writes a date cell."""
    return datetime(value.year, value.month, value.day)
