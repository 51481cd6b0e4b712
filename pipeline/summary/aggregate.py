"""The "Sammendrag": summary tables computed from the merged models (pure, no Word).

:func:`build_summary` takes the tiltak in document order and returns plain data;
:mod:`pipeline.word.summary` writes it. Every number is counted from the models.

Rules where the contract is silent:

* **The summary counts what the document prints.** A header field (Risiko …) counts
  only for segments whose ``nokkelrader`` include it; a section (Kostnader …) only for
  segments whose ``seksjoner`` include it. The summary then always agrees with the
  chapters: a Koordinere tiltak's kostnader, which its chapter does not print, are
  not in the Kostnader table either.
* Vocabulary values always get a row/column, in vocabulary order (even with 0);
  other values (lenient merge, suggestion lists) follow sorted by name; an empty
  value counts as «Ikke oppgitt» (leveranser: «Ubesvart»). So counts always add up.
* Money: amounts are Decimals as typed and every sum is exact (:func:`exact_sum`: no float,
  no rounding however many digits); a row without a year is summed in the column «Uten år»; a row without an
  amount has no money to add and is only counted (``rows_without_amount``).
* Which dependency is red and which answer means "not delivered" are ``[roller]``
  in the settings. «Ikke oppgitt», «Ubesvart» and «Uten år» are display labels for
  missing values, not vocabulary values, so they are named here.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import MAX_PREC, Decimal, localcontext
from typing import Generic, TypeVar

from pipeline.contract.catalogue import SECTIONS
from pipeline.contract.models import Tiltak
from pipeline.summary.changes import RoundChanges
from pipeline.summary.portfolio import group_by_segment
from pipeline.contract.settings import FormSettings

#: The label of an empty choice value.
NOT_GIVEN = "Ikke oppgitt"
#: The label of an empty Leveranse answer.
UNANSWERED = "Ubesvart"
#: The column of amounts without a year.
NO_YEAR = "Uten år"

N = TypeVar("N", int, Decimal)
#: The header fields of Porteføljeoversikt, in column order.
PORTFOLIO_FIELDS = ("aktor", "fase", "sluttdato", "status", "risiko")


def exact_sum(values: Iterable[N], zero: N) -> N:
    """The sum of ``values``, exact however many digits (Decimal's default context keeps 28)."""
    with localcontext() as ctx:
        ctx.prec = MAX_PREC
        return sum(values, zero)


@dataclass(frozen=True)
class CrossTable(Generic[N]):
    """Values by row label × column label; ``cells`` holds only combinations that occur."""

    rows: tuple[str, ...]
    columns: tuple[str, ...]
    cells: Mapping[tuple[str, str], N]
    zero: N

    def value(self, row: str, column: str) -> N | None:
        """The value, or None when no entry has this row and column."""
        return self.cells.get((row, column))

    def row_total(self, row: str) -> N:
        return exact_sum((v for (r, _), v in self.cells.items() if r == row), self.zero)

    def column_total(self, column: str) -> N:
        return exact_sum((v for (_, c), v in self.cells.items() if c == column), self.zero)

    @property
    def total(self) -> N:
        return exact_sum(self.cells.values(), self.zero)


@dataclass(frozen=True)
class PortfolioRow:
    """One tiltak in Porteføljeoversikt."""

    navn: str
    aktor: str
    fase: str
    sluttdato: date | None
    status: str
    risiko: str
    #: Field key → text as typed, for values that are not valid (``merge --lenient``).
    invalid: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class SegmentPortfolio:
    """The tiltak of one segment; ``printed``: the fields of :data:`PORTFOLIO_FIELDS` the segment prints."""

    segment: str
    rows: tuple[PortfolioRow, ...]
    printed: tuple[str, ...] = PORTFOLIO_FIELDS


@dataclass(frozen=True)
class DeliveryRow:
    """One tiltak's leveranser: count per answer (column label) and overdue."""

    tiltak: str
    answers: Mapping[str, int]
    overdue: int
    segment: str = ""

    @property
    def count(self) -> int:
        return sum(self.answers.values())


@dataclass(frozen=True)
class Deliveries:
    answers: tuple[str, ...]  # column labels, in order
    rows: tuple[DeliveryRow, ...]

    def total(self, answer: str) -> int:
        return sum(row.answers.get(answer, 0) for row in self.rows)

    @property
    def count(self) -> int:
        return sum(row.count for row in self.rows)

    @property
    def overdue(self) -> int:
        return sum(row.overdue for row in self.rows)


@dataclass(frozen=True)
class Money:
    """Amounts (mill. kr) by name × year; years as text, «Uten år» last."""

    table: CrossTable[Decimal]
    rows_without_amount: int = 0


@dataclass(frozen=True)
class RedDependency:
    tiltak: str
    aktor: str
    hva: str
    frist: date | None


@dataclass(frozen=True)
class BenefitRow:
    tiltak: str
    antall_ar: int | None
    netto_nytteverdi: Decimal | None


@dataclass(frozen=True)
class Benefits:
    rows: tuple[BenefitRow, ...]

    @property
    def total(self) -> Decimal:
        return exact_sum((r.netto_nytteverdi for r in self.rows if r.netto_nytteverdi is not None), Decimal(0))


@dataclass(frozen=True)
class Summary:
    report_date: date
    portfolio: tuple[SegmentPortfolio, ...]
    status: CrossTable[int]  # segment × status
    risiko: CrossTable[int]  # segment × risiko, segments that print Risiko
    leveranser: Deliveries
    kostnader: Money  # finansierende virksomhet × år
    drift: Money  # løsning × år
    avhengigheter: CrossTable[int]  # kategori × kritikalitet
    red_dependencies: tuple[RedDependency, ...]
    nytte: Benefits
    #: For each header field or section key: the segments (with tiltak) that print it.
    segments: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    #: What changed since the last report (None without an earlier round).
    changes: RoundChanges | None = None

    def counted_segments(self, key: str) -> tuple[str, ...]:
        return tuple(self.segments.get(key, ()))


# --- building -----------------------------------------------------------------------------------

#: The sections the summary counts, in catalogue order.
_SECTION_KEYS = tuple(s.key for s in SECTIONS if s.summarised)


def build_summary(tiltak: Sequence[Tiltak], report_date: date, form: FormSettings,
                  changes: RoundChanges | None = None) -> Summary:
    """The summary of ``tiltak`` (in document order) as printed with ``form``'s layout."""
    segments = form.vocabulary("segment")
    present = [segment for segment, _ in group_by_segment(tiltak, segments)]  # raises on an unknown segment
    prints = {key: tuple(s for s in present if _printed(form, s, key)) for key in (*PORTFOLIO_FIELDS, *_SECTION_KEYS)}

    def counted(key: str) -> list[Tiltak]:
        return [t for t in tiltak if t.segment in prints[key]]

    return Summary(
        report_date=report_date,
        portfolio=tuple(_portfolio(tiltak, s, prints) for s in present),
        status=_segment_counts(counted("status"), prints["status"], form.vocabulary("status"), "status"),
        risiko=_segment_counts(counted("risiko"), prints["risiko"], form.vocabulary("status"), "risiko"),
        leveranser=_deliveries(counted("leveranser"), report_date, form),
        kostnader=_money([(k.finansierende_virksomhet, k.ar, k.belop) for t in counted("kostnader") for k in t.kostnader],
                         form.vocabulary("finansierende_virksomhet")),
        drift=_money([(d.losning, d.ar, d.endring) for t in counted("drift") for d in t.drift],
                     form.vocabulary("losning")),
        avhengigheter=_dependency_counts(counted("avhengigheter"), form),
        red_dependencies=tuple(RedDependency(t.navn, a.aktor, a.hva, a.frist)
                               for t in counted("avhengigheter") for a in t.avhengigheter if a.status == form.roller.rod),
        nytte=Benefits(tuple(BenefitRow(t.navn, t.nytte.antall_ar, t.nytte.netto_nytteverdi)
                             for t in counted("nytte") if t.nytte is not None and not t.nytte.is_empty())),
        segments=prints,
        changes=changes,
    )


def _printed(form: FormSettings, segment: str, key: str) -> bool:
    layout = form.layout(segment)
    return key in layout.seksjoner if key in _SECTION_KEYS else key in layout.nokkelrader


def labels(found: Iterable[str], vocabulary: Sequence[str], *, empty: str = NOT_GIVEN,
           all_vocabulary: bool = True) -> tuple[str, ...]:
    """Row/column labels: vocabulary values (all, or those found), then other values
    found sorted by name, then ``empty`` if an empty value was found."""
    found = set(found)
    known = [v for v in vocabulary if all_vocabulary or v in found]
    others = sorted((v for v in found if v and v not in vocabulary), key=str.casefold)
    return tuple(dict.fromkeys([*known, *others, *([empty] if "" in found else [])]))


def label_of(value: str, empty: str = NOT_GIVEN) -> str:
    return value if value else empty


def cross(entries: Iterable[tuple[str, str, N]], rows: Sequence[str], columns: Sequence[str], zero: N) -> CrossTable[N]:
    """Sum ``(row, column, value)`` entries into a :class:`CrossTable`."""
    cells: dict[tuple[str, str], N] = {}
    with localcontext() as ctx:
        ctx.prec = MAX_PREC  # exact, as exact_sum
        for row, column, value in entries:
            cells[(row, column)] = cells.get((row, column), zero) + value
    return CrossTable(tuple(rows), tuple(columns), cells, zero)


def _portfolio(tiltak: Sequence[Tiltak], segment: str, prints: Mapping[str, tuple[str, ...]]) -> SegmentPortfolio:
    rows = tuple(PortfolioRow(t.navn, *(getattr(t, key) for key in PORTFOLIO_FIELDS),
                              invalid={k: v for k, v in t.invalid_values.items() if k in PORTFOLIO_FIELDS})
                 for t in tiltak if t.segment == segment)
    return SegmentPortfolio(segment, rows, tuple(k for k in PORTFOLIO_FIELDS if segment in prints[k]))


def _segment_counts(tiltak: Sequence[Tiltak], segments: Sequence[str], vocabulary: Sequence[str],
                    key: str) -> CrossTable[int]:
    values = [getattr(t, key) for t in tiltak]
    return cross(((t.segment, label_of(getattr(t, key)), 1) for t in tiltak), segments, labels(values, vocabulary), 0)


def _deliveries(tiltak: Sequence[Tiltak], report_date: date, form: FormSettings) -> Deliveries:
    answers = labels((lev.levert for t in tiltak for lev in t.leveranser), form.vocabulary("levert"),
                     empty=UNANSWERED)
    not_delivered = form.roller.ikke_levert
    rows = tuple(
        DeliveryRow(t.navn, dict(Counter(label_of(lev.levert, UNANSWERED) for lev in t.leveranser)),
                    sum(lev.is_overdue(report_date, not_delivered) for lev in t.leveranser), t.segment)
        for t in tiltak
    )
    return Deliveries(answers, rows)


def _money(entries: Sequence[tuple[str, int | None, Decimal | None]], vocabulary: Sequence[str]) -> Money:
    with_amount = [(name, year, amount) for name, year, amount in entries if amount is not None]
    rows = labels((name for name, _, _ in with_amount), vocabulary, all_vocabulary=False)
    years = sorted({year for _, year, _ in with_amount if year is not None})
    columns = [str(y) for y in years] + ([NO_YEAR] if any(y is None for _, y, _ in with_amount) else [])
    table = cross(((label_of(name), NO_YEAR if year is None else str(year), amount) for name, year, amount in with_amount),
                  rows, columns, Decimal(0))
    return Money(table, len(entries) - len(with_amount))


def _dependency_counts(tiltak: Sequence[Tiltak], form: FormSettings) -> CrossTable[int]:
    deps = [a for t in tiltak for a in t.avhengigheter]
    rows = labels((a.kategori for a in deps), form.vocabulary("kategori"))
    columns = labels((a.kritikalitet for a in deps), form.vocabulary("kritikalitet"))
    return cross(((label_of(a.kategori), label_of(a.kritikalitet), 1) for a in deps), rows, columns, 0)


__all__ = [
    "NOT_GIVEN", "PORTFOLIO_FIELDS", "exact_sum", "UNANSWERED", "NO_YEAR", "build_summary", "labels", "label_of",
    "cross", "CrossTable", "PortfolioRow", "SegmentPortfolio", "DeliveryRow", "Deliveries", "Money",
    "RedDependency", "BenefitRow", "Benefits", "Summary",
]
