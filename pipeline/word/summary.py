"""Writes the "Sammendrag" (see :mod:`pipeline.summary.aggregate`) through the renderer's BodyWriter.

Heading 1 «Sammendrag» (its style starts a new page), then one Heading 2 per table
(so each is in the table of contents), a one-line explanation and the table. Totals
rows and columns use the template's «Strong» character style; numbers are right
aligned. A money table with more year columns than fit across the page is split into
several tables by year, the last one with the Sum column.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from pipeline.common.counted import counted
from pipeline.contract.catalogue import HEADER_FIELDS_BY_KEY, NYTTE_FIELDS, SECTIONS_BY_KEY
from pipeline.contract.formatting import format_date
from pipeline.word.richtext import parse_long_text
from pipeline.contract.settings import FormSettings
from pipeline.summary.aggregate import NO_YEAR, PORTFOLIO_FIELDS, Money, PortfolioRow, SegmentPortfolio, Summary
from pipeline.word.body import INVALID_MARK, BodyWriter
from pipeline.word.changes import TrendColumn, write_changes
from pipeline.word.summarytables import TOTAL, SummaryTables
from pipeline.word.tables import TableCell, column_widths

TITLE = "Sammendrag"
NOT_PRINTED = "–"  # a field the segment does not report
_MIN_DATE = 1100
_SHADED_FIELDS = ("status", "risiko")  # shaded by [farger], as in the chapters


def summary_writer(summary: Summary, form: FormSettings, charts: bool = True) -> Callable[[BodyWriter], None]:
    """The ``summary=`` hook of :func:`pipeline.word.render.render_document`."""

    def write(writer: BodyWriter) -> None:
        write_summary(writer, summary, form, charts)

    return write


def write_summary(writer: BodyWriter, summary: Summary, form: FormSettings, charts: bool = True) -> None:
    out = SummaryTables(writer, form, charts)
    writer.heading(1, TITLE)
    out.note("Tabellene er laget fra innrapporteringene i dette vedlegget og teller det samme som kapitlene "
             f"viser. Rapportdato: {format_date(summary.report_date)}.", keep=False)
    write_changes(out, summary)
    _portfolio(out, summary)
    _status(out, summary)
    _deliveries(out, summary)
    _money(out, summary, "kostnader", summary.kostnader, "Finansierende virksomhet",
           "Finansiering per finansierende virksomhet og år, i millioner kroner.")
    _money(out, summary, "drift", summary.drift, "Løsning",
           "Endring i drifts- og forvaltningskostnader per løsning og år, i millioner kroner "
           "(minus er reduksjon).")
    _dependencies(out, summary)
    _red_dependencies(out, summary)
    _benefits(out, summary)


# --- the tables ---------------------------------------------------------------------------------


def _portfolio(out: SummaryTables, summary: Summary) -> None:
    trend = TrendColumn(out, summary.changes)
    out.section("Porteføljeoversikt", "Alle tiltak per segment med aktør, fase, sluttdato, status og risiko."
                + _not_reported(summary, "risiko", "risiko", NOT_PRINTED) + trend.note())
    headers = ["Tiltak", *(HEADER_FIELDS_BY_KEY[k].label for k in PORTFOLIO_FIELDS)]
    marks = [INVALID_MARK] if any(row.invalid for s in summary.portfolio for row in s.rows) else []  # --lenient
    widths = column_widths([30, 24, 12, 0, 0, 0], out.width,
                           [out.need([h]) for h in headers[:3]]
                           + [max(_MIN_DATE, out.need(marks)),
                              *(out.need([*out.form.vocabulary("status"), *marks, h]) for h in headers[4:])])
    for segment in summary.portfolio:
        out.writer.heading(3, f"{segment.segment} ({len(segment.rows)} tiltak)")
        rows = [out.header(headers)]
        for row in segment.rows:
            rows.append([out.cell(row.navn), *(_portfolio_cell(out, segment, row, k) for k in PORTFOLIO_FIELDS)])
        out.writer.table(*trend.extend(rows, widths, [r.navn for r in segment.rows]), header_rows=1)


def _portfolio_cell(out: SummaryTables, segment: SegmentPortfolio, row: PortfolioRow, key: str) -> TableCell:
    """«–» for a field the segment does not print; Status and Risiko shaded."""
    if key not in segment.printed:
        return out.cell(NOT_PRINTED)
    if key in row.invalid:  # --lenient: as typed, marked as in the chapters
        return out.writer.invalid_cell(row.invalid[key])
    value = getattr(row, key)
    if key in _SHADED_FIELDS:
        return out.choice(value)
    return out.cell(format_date(value) if key == "sluttdato" else value)


def _status(out: SummaryTables, summary: Summary) -> None:
    out.section("Status og risiko", "Antall tiltak per segment etter samlet status og samlet risiko."
                + _not_reported(summary, "risiko", "risiko"))
    for title, table in (("Status", summary.status), ("Risiko", summary.risiko)):
        out.writer.heading(3, title)
        out.cross(table, "Segment", out.count, empty="0", colour_columns=True)
        out.charts.segment_counts(title, table)


def _deliveries(out: SummaryTables, summary: Summary) -> None:
    lev = summary.leveranser
    out.section("Leveranser", "Antall leveranser per tiltak etter svaret på «Er leveransen ferdigstilt og levert?». "
                f"Forfalt: sluttdato før {format_date(summary.report_date)} og ikke levert "
                f"({out.form.roller.ikke_levert} eller ubesvart)."
                + _counted_in(summary, "leveranser", "leveranser"))
    headers = ["Tiltak", "Antall", *lev.answers, "Forfalt"]
    rows = [out.header(headers, numbers_from=1)]
    for row in lev.rows:
        numbers = [row.count, *(row.answers.get(a, 0) for a in lev.answers), row.overdue]
        rows.append([out.cell(row.tiltak), *(out.number(out.count(n)) for n in numbers)])
    totals = [lev.count, *(lev.total(a) for a in lev.answers), lev.overdue]
    rows.append([out.cell(TOTAL, bold=True), *(out.number(out.count(n), bold=True) for n in totals)])
    number_widths = [max(out.need([h]), out.need_number([out.count(n) for n in totals])) for h in headers[1:]]
    out.writer.table(rows, column_widths([1] + [0] * len(number_widths), out.width, [0, *number_widths]),
                     header_rows=1)
    out.charts.deliveries(summary)


def _money(out: SummaryTables, summary: Summary, key: str, money: Money, label: str, text: str) -> None:
    title = SECTIONS_BY_KEY[key].title
    if not summary.counted_segments(key):
        out.section(title, f"Ingen tiltak i dette vedlegget rapporterer {title.lower()}.")
        return
    extra = ""
    if NO_YEAR in money.table.columns:
        extra += f" Beløp uten år står i kolonnen «{NO_YEAR}»."
    if money.rows_without_amount:
        n = money.rows_without_amount
        extra += f" {counted(n, 'rad', 'rader')} i kapitlene har ikke beløp."
    out.section(title, text + _counted_in(summary, key, title.lower()) + extra)
    out.cross(money.table, label, lambda v: out.count(v, 1), split=True)  # amounts: at least one decimal
    out.charts.money(key, money)


def _dependencies(out: SummaryTables, summary: Summary) -> None:
    if not summary.counted_segments("avhengigheter"):
        out.section("Avhengigheter", "Ingen tiltak i dette vedlegget rapporterer avhengigheter.")
        return
    out.section("Avhengigheter", "Antall avhengigheter per kategori (rader) og kritikalitet (kolonner)."
                + _counted_in(summary, "avhengigheter", "avhengigheter"))
    out.cross(summary.avhengigheter, "Kategori", out.count, empty="0")


def _red_dependencies(out: SummaryTables, summary: Summary) -> None:
    red = summary.red_dependencies
    if not summary.counted_segments("avhengigheter"):
        out.section("Røde avhengigheter", "Ingen tiltak i dette vedlegget rapporterer avhengigheter.")
        return
    count = counted(len(red), "avhengighet har", "avhengigheter har") if red else "Ingen avhengigheter har"
    out.section("Røde avhengigheter", f"{count} status {out.form.roller.rod}.")
    columns = {c.key: c for c in SECTIONS_BY_KEY["avhengigheter"].columns}
    headers = ["Tiltak", columns["aktor"].meta.header, columns["hva"].meta.header, columns["frist"].meta.header]
    rows = [out.header(headers)]
    for dep in red:
        rows.append([out.cell(dep.tiltak), out.cell(dep.aktor), out.writer.blocks_cell(parse_long_text(dep.hva)),
                     out.cell(format_date(dep.frist))])
    out.writer.table(rows, column_widths([25, 25, 40, 0], out.width, [0, 0, 0, _MIN_DATE]), header_rows=1)


def _benefits(out: SummaryTables, summary: Summary) -> None:
    if not summary.counted_segments("nytte"):
        out.section("Nytte", "Ingen tiltak i dette vedlegget rapporterer nytte.")
        return
    out.section("Nytte", "Tiltak som har fylt ut nytte, med antall år nytten er beregnet for og netto nytteverdi "
                "i millioner kroner. Tom celle: ikke oppgitt." + _counted_in(summary, "nytte", "nytte"))
    fields = {f.key: f for f in NYTTE_FIELDS}
    net = fields["netto_nytteverdi"]
    headers = ["Tiltak", fields["antall_ar"].label, net.label]
    rows = [out.header(headers, numbers_from=1)]
    for row in summary.nytte.rows:
        rows.append([out.cell(row.tiltak), out.number(out.count(row.antall_ar)),
                     out.number(out.count(row.netto_nytteverdi, net.meta.decimals))])
    total = out.count(summary.nytte.total, net.meta.decimals)  # the exact sum, as the chapters print it
    rows.append([out.cell(TOTAL, bold=True), out.number(""), out.number(total, bold=True)])
    out.writer.table(rows, column_widths([1, 0, 0], out.width, [0, 2000, max(2000, out.need_number([total]))]),
                     header_rows=1)


# --- text ---------------------------------------------------------------------------------------


def _join(names: Sequence[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} og {names[-1]}"


def _segments_phrase(names: Sequence[str]) -> str:
    return f"segment{'et' if len(names) == 1 else 'ene'} {_join(names)}"


def _counted_in(summary: Summary, key: str, what: str) -> str:
    """' Tallene gjelder segmentet Samstyre, …' when some segments with tiltak do not print ``key``."""
    counted = summary.counted_segments(key)
    present = [s.segment for s in summary.portfolio]
    if not counted or list(counted) == present:
        return ""
    return f" Tallene gjelder {_segments_phrase(counted)}, som rapporterer {what}."


def _not_reported(summary: Summary, key: str, what: str, mark: str = "") -> str:
    """' Tiltak i segmentet Observere rapporterer ikke risiko.' (with the mark used, if any)."""
    counted = set(summary.counted_segments(key))
    missing = [s.segment for s in summary.portfolio if s.segment not in counted]
    if not missing:
        return ""
    return f" Tiltak i {_segments_phrase(missing)} rapporterer ikke {what}{f' ({mark})' if mark else ''}."


__all__ = ["summary_writer", "write_summary", "TITLE", "TOTAL", "NOT_PRINTED"]
