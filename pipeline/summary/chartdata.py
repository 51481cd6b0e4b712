"""The data of the Sammendrag's charts, taken from the same :class:`~pipeline.summary.aggregate.Summary`
as its tables (pure, no Word).

Each chart draws one table: series are the table's columns (status values, answers) or rows
(financing sources), categories the other dimension. A combination the table leaves empty is a
gap in a money chart and 0 in a count chart, as the tables print it. Colours: a series named in
``[farger]`` gets that colour; a missing value («Ikke oppgitt», «Ubesvart») grey; «Forfalt» the
colour of the red role; the others the theme's accent colours (so a new theme restyles them).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from pipeline.contract.formatting import format_number
from pipeline.contract.settings import FormSettings
from pipeline.summary.aggregate import NOT_GIVEN, UNANSWERED, CrossTable, Money, Summary

#: The label of the overdue count (the Leveranser table's last column).
OVERDUE = "Forfalt"
#: The colour of a missing value.
MISSING_COLOUR = "BFBFBF"
COUNT_FORMAT = "0"
MONEY_FORMAT = "#,##0.0"

Value = int | Decimal | None


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple[Value, ...]
    #: RGB hex (``"92D050"``), or None for the theme's accent colour.
    colour: str | None = None


@dataclass(frozen=True)
class ChartData:
    """One chart: ``stacked`` or clustered columns of ``series`` over ``categories``."""

    title: str  # the caption after «Figur N: »
    what: str  # the alt text's subject, e.g. «status per segment»
    category_label: str  # the header of the workbook's category column
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    stacked: bool = True
    decimals: int = 0  # 0: counts; 1: millions of kroner
    #: The alt text's own words: stacked, clustered, no value (the document's written standard).
    words: tuple[str, str, str] = ("Stablet stolpediagram", "Stolpediagram", "ingen")

    @property
    def number_format(self) -> str:
        return COUNT_FORMAT if self.decimals == 0 else MONEY_FORMAT

    def show(self, value: Value) -> str:
        """A value as the table prints it."""
        return str(value) if self.decimals == 0 else format_number(value, self.decimals)

    @property
    def alt_text(self) -> str:
        """What the chart shows, for a screen reader: «Stablet stolpediagram: status per segment.
        Samstyre: Grønn 3, Gul 2, Rød 0.»"""
        stacked, clustered, none = self.words
        kind = stacked if self.stacked else clustered
        parts = [f"{kind}: {self.what}."]
        for index, category in enumerate(self.categories):
            values = [f"{s.name} {self.show(s.values[index])}" for s in self.series if s.values[index] is not None]
            parts.append(f"{category}: {', '.join(values) if values else none}.")
        return " ".join(parts)


def segment_chart(table: CrossTable[int], title: str, what: str, form: FormSettings) -> ChartData | None:
    """Status or risiko per segment (table rows: segments; columns: values), stacked."""
    if not table.rows or not table.total:
        return None
    series = [(c, tuple(table.value(r, c) or 0 for r in table.rows)) for c in table.columns]
    return ChartData(title, what, "Segment", table.rows, _coloured(series, form))


def deliveries_chart(summary: Summary, form: FormSettings) -> ChartData | None:
    """Leveranser per segment: one column per answer and one for overdue, side by side. The
    table counts per tiltak; a segment's value is the sum of its tiltak's rows."""
    lev = summary.leveranser
    if not lev.count:
        return None
    segments = tuple(s for s in summary.counted_segments("leveranser") if any(row.segment == s for row in lev.rows))

    def per_segment(count: Callable[..., int]) -> tuple[int, ...]:
        return tuple(sum(count(row) for row in lev.rows if row.segment == s) for s in segments)

    series = [(a, per_segment(lambda row, a=a: row.answers.get(a, 0))) for a in lev.answers]
    series.append((OVERDUE, per_segment(lambda row: row.overdue)))
    return ChartData("Leveranser per segment", "leveranser per segment etter svar, og forfalte leveranser",
                     "Segment", segments, _coloured(series, form), stacked=False)


def money_chart(money: Money, title: str, what: str, form: FormSettings) -> ChartData | None:
    """Amounts per year (table columns), stacked by the table's rows (e.g. financing source)."""
    table = money.table
    if not table.rows or not table.columns:
        return None
    series = [(r, tuple(table.value(r, c) for c in table.columns)) for r in table.rows]
    return ChartData(title, what, "År", table.columns, _coloured(series, form), decimals=1)


def _coloured(series: Sequence[tuple[str, tuple[Value, ...]]], form: FormSettings) -> tuple[Series, ...]:
    return tuple(Series(name, values, colour_of(name, form)) for name, values in series)


def colour_of(name: str, form: FormSettings) -> str | None:
    """The series colour: ``[farger]``, grey for a missing value, red role for overdue, else None."""
    if name in form.farger:
        return form.farger[name].upper()
    if name in (NOT_GIVEN, UNANSWERED):
        return MISSING_COLOUR
    if name == OVERDUE:
        return form.farger.get(form.roller.rod, "").upper() or None
    return None


__all__ = ["ChartData", "Series", "OVERDUE", "segment_chart", "deliveries_chart", "money_chart", "colour_of"]
