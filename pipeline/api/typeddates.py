"""Dates typed so that they cannot be read («31.13.2021») in what changed between two versions.

The models keep such a date as empty (``None``) and the text as typed in ``invalid_values``. Compared as they
are, «31.12.2021» → «31.13.2021» would read «(tomt)», and «31.13.2021» → «32.12.2021» would not be a change at
all. :func:`stand_in` gives each distinct typed text its own stand-in date (in year 1, which no workbook can
hold) on copies of the models, so the library's comparison sees every difference; :func:`as_typed` turns a
stand-in back into the text the actor typed.
"""

from __future__ import annotations

from datetime import date, timedelta

from pipeline.contract.formatting import format_date
from pipeline.contract.models import Tiltak

_FIRST = date(1, 1, 1)
#: The date fields that the changes compare: the tiltak's own and each leveranse's.
_DATE_KEY = "sluttdato"


class StandIns:
    """Typed text ↔ stand-in date, shared by the two models compared (the same text gets the same date)."""

    def __init__(self) -> None:
        self._dates: dict[str, date] = {}
        self._texts: dict[str, str] = {}

    def date_for(self, typed: str) -> date:
        if typed not in self._dates:
            stand = _FIRST + timedelta(days=len(self._dates))
            self._dates[typed] = stand
            self._texts[format_date(stand)] = typed
        return self._dates[typed]

    def as_typed(self, shown: str) -> str:
        """The typed text behind a formatted stand-in date; any other text unchanged."""
        return self._texts.get(shown, shown)


def _replaced(model, stand_ins: StandIns):
    typed = model.invalid_values.get(_DATE_KEY)
    if typed is None or getattr(model, _DATE_KEY) is not None:
        return model
    return model.model_copy(update={_DATE_KEY: stand_ins.date_for(typed)})


def stand_in(tiltak: Tiltak, stand_ins: StandIns) -> Tiltak:
    """A copy of ``tiltak`` whose unreadable dates (its own and its leveransers') are stand-in dates."""
    leveranser = [_replaced(lev, stand_ins) for lev in tiltak.leveranser]
    return _replaced(tiltak, stand_ins).model_copy(update={"leveranser": leveranser})
