"""The one table of field kinds: every :class:`Kind` has exactly one :class:`FieldKind`.

Adding a kind is a module in this package and two lines here (its ``Kind`` member and
its entry in :data:`KINDS`). A kind that is not registered is an error
(:class:`UnknownKind`) wherever it is used, never read or printed as text.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any, Protocol

from pipeline.contract.formatting import NumberStyle
from pipeline.common.errors import EXIT_INTERNAL, PipelineError
from pipeline.contract.kinds.base import FieldKind, KindMeta
from pipeline.contract.kinds.choice import Choice
from pipeline.contract.kinds.date import Date
from pipeline.contract.kinds.email import Email
from pipeline.contract.kinds.integer import Integer
from pipeline.contract.kinds.longtext import LongText
from pipeline.contract.kinds.multichoice import MultiChoice
from pipeline.contract.kinds.number import Number
from pipeline.contract.kinds.percent import Percent
from pipeline.contract.kinds.suggest import Suggest
from pipeline.contract.kinds.text import Text
from pipeline.contract.kinds.year import Year


class Kind(StrEnum):
    """How a value is typed, read and printed (the value is the kind's name in the contract)."""

    TEXT = "tekst"  # one line of free text
    LONGTEXT = "langtekst"  # paragraphs, bullets, numbered items, links
    DATE = "dato"
    YEAR = "år"
    NUMBER = "tall"  # decimal number (mill. kr)
    INTEGER = "heltall"
    CHOICE = "valg"  # one value of a closed list
    MULTICHOICE = "flervalg"  # zero or more values of a closed list
    SUGGEST = "forslag"  # free text with a suggestion list
    EMAIL = "epost"  # one e-mail address
    PERCENT = "prosent"  # a share: 12,5 % stored as 0.125


KINDS: dict[str, FieldKind] = {kind.code: kind for kind in (
    Text(), LongText(), Date(), Year(), Number(), Integer(), Choice(), MultiChoice(), Suggest(), Email(), Percent(),
)}

_FORGOTTEN = sorted(set(Kind) ^ set(KINDS))
if _FORGOTTEN:  # a Kind without its class, or a class without its Kind: fail at import, not later as text
    raise ImportError(f"field kinds not registered both in Kind and in KINDS: {_FORGOTTEN}")
_ABSTRACT = [(kind.code, name) for kind in KINDS.values() for name in FieldKind.abstract_methods()
             if getattr(type(kind), name) is getattr(FieldKind, name)]
if _ABSTRACT:
    raise ImportError(f"field kinds lack methods: {_ABSTRACT}")


class UnknownKind(PipelineError, LookupError):
    """A field kind without a registered :class:`FieldKind` (a programming error, not a user's: exit 3)."""

    exit_code = EXIT_INTERNAL


def kind_of(kind: str) -> FieldKind:
    """The registered behaviour of ``kind``; :class:`UnknownKind` if there is none."""
    try:
        return KINDS[kind]
    except KeyError:
        raise UnknownKind(f"field kind {kind!r} is not registered in pipeline.contract.kinds.registry") from None


class _Typed(KindMeta, Protocol):
    kind: str


def read_text(kind: str, text: str, *, record: bool = False) -> Any:
    """The model value of stripped ``text`` for a field kind; raises
    :class:`~pipeline.contract.values.UnreadableValue`.

    Empty text gives the kind's empty value. Text kinds return the text. ``record`` reads the
    record format: a dot is a decimal point, dates only ``dd.mm.åååå``.
    """
    return kind_of(kind).read_text(text, record=record)


def empty_value(kind: str) -> Any:
    """The model's empty value for a kind: ``""``, ``None`` or ``[]`` (a new list each time)."""
    return kind_of(kind).new_empty()


def format_value(value: object, field: _Typed, style: NumberStyle = NumberStyle.KOMMA) -> str:
    """A model value as the document prints it ('' for empty); numbers in ``style``."""
    kind = kind_of(field.kind)
    return "" if value is None else kind.format(value, field, style)


def record_value(value: object, field: _Typed) -> str:
    """A model value as the JSON export writes it ('' for empty): exact, read back by ``read_text(record=True)``."""
    kind = kind_of(field.kind)
    return "" if value is None else kind.record(value, field)
