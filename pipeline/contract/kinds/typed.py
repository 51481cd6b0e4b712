"""What the kinds typed in cells (dates, years, numbers) share: an empty cell is None, text is read and normalised."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from pipeline.contract.formatting import NumberStyle
from pipeline.contract.kinds.base import FieldKind, KindMeta, as_datetime, cell_number
from pipeline.contract.values import UnreadableValue


class Typed(FieldKind):
    """A kind whose cells hold typed values; record text is read and written as a typed cell value."""

    empty = None
    is_text = False

    def read_text(self, text: str, *, record: bool = False) -> Any:
        if not text:
            return None
        value = self.from_text(text, record=record)
        if value is None:
            raise UnreadableValue(text)
        return value

    def from_text(self, text: str, *, record: bool) -> Any:
        """The value of non-empty text; None when unreadable."""
        raise NotImplementedError

    def record(self, value: Any, meta: KindMeta) -> str:
        return self.format(value, meta, NumberStyle.PUNKTUM)

    def cell_value(self, raw: Any, meta: KindMeta, vocabulary: Sequence[str]) -> Any:
        """Record text typed (dates as datetimes, numbers exact); text that does not parse unchanged."""
        if not isinstance(raw, str):
            return raw
        try:
            value = self.read_text(raw.strip(), record=True)
        except UnreadableValue:
            return raw
        if isinstance(value, date):
            return as_datetime(value)
        if isinstance(value, Decimal):
            return cell_number(value)
        return value
