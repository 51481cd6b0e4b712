"""Writes the "Sammendrag" (see :mod:`pipeline.summary.aggregate`) through the renderer's BodyWriter.

Heading 1 «Sammendrag» (its style starts a new page), then one Heading 2 per table
(so each is in the table of contents), a one-line explanation and the table. Totals
rows and columns use the template's «Strong» character style; numbers are right
aligned. A money table with more year columns than fit across the page is split into
several tables by year, the last one with the Sum column.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

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
    t, malform = out.t, out.t.malform
    writer.heading(1, t(TITLE))
    out.note(t("Tabellene er laget fra innrapporteringene i dette vedlegget og teller det samme som kapitlene "
               "viser. Rapportdato: {date}.").format(date=format_date(summary.report_date)), keep=False)
    write_changes(out, summary)
    _portfolio(out, summary)
    _status(out, summary)
    _deliveries(out, summary)
    costs, operations = (SECTIONS_BY_KEY[k].columns[0].label_in(malform) for k in ("kostnader", "drift"))
    _money(out, summary, "kostnader", summary.kostnader, costs,
           t("Finansiering per finansierende virksomhet og år, i millioner kroner."))
    _money(out, summary, "drift", summary.drift, operations,
           t("Endring i drifts- og forvaltningskostnader per løsning og år, i millioner kroner (minus er reduksjon)."))
    _dependencies(out, summary)
    _red_dependencies(out, summary)
    _benefits(out, summary)


# --- the tables ---------------------------------------------------------------------------------


def _portfolio(out: SummaryTables, summary: Summary) -> None:
    trend = TrendColumn(out, summary.changes)
    t = out.t
    out.section(t("Porteføljeoversikt"), t("Alle tiltak per segment med aktør, fase, sluttdato, status og risiko.")
                + _not_reported(out, summary, "risiko", t("Risiko").lower(), NOT_PRINTED) + trend.note())
    headers = [t("Tiltak"), *(HEADER_FIELDS_BY_KEY[k].label_in(t.malform) for k in PORTFOLIO_FIELDS)]
    marks = [INVALID_MARK] if any(row.invalid for s in summary.portfolio for row in s.rows) else []  # --lenient
    widths = column_widths([30, 24, 12, 0, 0, 0], out.width,
                           [out.need([h]) for h in headers[:3]]
                           + [max(_MIN_DATE, out.need(marks)),
                              *(out.need([*out.form.vocabulary("status"), *marks, h]) for h in headers[4:])])
    for segment in summary.portfolio:
        out.writer.heading(3, t("{segment} ({count} tiltak)").format(segment=segment.segment, count=len(segment.rows)))
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
    t = out.t
    out.section(t("Status og risiko"), t("Antall tiltak per segment etter samlet status og samlet risiko.")
                + _not_reported(out, summary, "risiko", t("Risiko").lower()))
    for title, table in ((t("Status"), summary.status), (t("Risiko"), summary.risiko)):
        out.writer.heading(3, title)
        out.cross(table, t("Segment"), out.count, empty="0", colour_columns=True)
        out.charts.segment_counts(title, table)


def _deliveries(out: SummaryTables, summary: Summary) -> None:
    lev = summary.leveranser
    t, section = out.t, SECTIONS_BY_KEY["leveranser"]
    question = next(c for c in section.columns if c.key == "levert").label_in(t.malform)
    title = section.title_in(t.malform)
    out.section(title, t("Antall leveranser per tiltak etter svaret på «{question}». Forfalt: sluttdato før {date} "
                         "og ikke levert ({not_delivered} eller ubesvart).").format(
                    question=question, date=format_date(summary.report_date),
                    not_delivered=t.label(out.form.roller.ikke_levert))
                + _counted_in(out, summary, "leveranser", title.lower()))
    headers = [t("Tiltak"), t("Antall"), *(t.label(a) for a in lev.answers), t("Forfalt")]
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
    t = out.t
    title = SECTIONS_BY_KEY[key].title_in(t.malform)
    if not summary.counted_segments(key):
        out.section(title, t("Ingen tiltak i dette vedlegget rapporterer {what}.").format(what=title.lower()))
        return
    extra = ""
    if NO_YEAR in money.table.columns:
        extra += t(" Beløp uten år står i kolonnen «{column}».").format(column=t.label(NO_YEAR))
    if money.rows_without_amount:
        n = money.rows_without_amount
        extra += t(" {rows} i kapitlene har ikke beløp.").format(rows=t.counted(n, "rad", "rader"))
    out.section(title, text + _counted_in(out, summary, key, title.lower()) + extra)
    out.cross(money.table, label, lambda v: out.count(v, 1), split=True)  # amounts: at least one decimal
    out.charts.money(key, money)


def _dependencies(out: SummaryTables, summary: Summary) -> None:
    t = out.t
    title = SECTIONS_BY_KEY["avhengigheter"].title_in(t.malform)
    if not summary.counted_segments("avhengigheter"):
        out.section(title, t("Ingen tiltak i dette vedlegget rapporterer {what}.").format(what=title.lower()))
        return
    out.section(title, t("Antall avhengigheter per kategori (rader) og kritikalitet (kolonner).")
                + _counted_in(out, summary, "avhengigheter", title.lower()))
    out.cross(summary.avhengigheter, t("Kategori"), out.count, empty="0")


def _red_dependencies(out: SummaryTables, summary: Summary) -> None:
    red = summary.red_dependencies
    t = out.t
    title = t("Røde avhengigheter")
    if not summary.counted_segments("avhengigheter"):
        what = SECTIONS_BY_KEY["avhengigheter"].title_in(t.malform).lower()
        out.section(title, t("Ingen tiltak i dette vedlegget rapporterer {what}.").format(what=what))
        return
    count = t.counted(len(red), "avhengighet har", "avhengigheter har") if red else t("Ingen avhengigheter har")
    out.section(title, t("{count} status {red}.").format(count=count, red=t.label(out.form.roller.rod)))
    columns = {c.key: c.meta for c in SECTIONS_BY_KEY["avhengigheter"].columns}
    headers = [t("Tiltak"), *(columns[k].header_in(t.malform) for k in ("aktor", "hva", "frist"))]
    rows = [out.header(headers)]
    for dep in red:
        rows.append([out.cell(dep.tiltak), out.cell(dep.aktor), out.writer.blocks_cell(parse_long_text(dep.hva)),
                     out.cell(format_date(dep.frist))])
    out.writer.table(rows, column_widths([25, 25, 40, 0], out.width, [0, 0, 0, _MIN_DATE]), header_rows=1)


def _benefits(out: SummaryTables, summary: Summary) -> None:
    t = out.t
    title = SECTIONS_BY_KEY["nytte"].title_in(t.malform)
    if not summary.counted_segments("nytte"):
        out.section(title, t("Ingen tiltak i dette vedlegget rapporterer {what}.").format(what=title.lower()))
        return
    out.section(title, t("Tiltak som har fylt ut nytte, med antall år nytten er beregnet for og netto nytteverdi "
                         "i millioner kroner. Tom celle: ikke oppgitt.") + _counted_in(out, summary, "nytte", title.lower()))
    fields = {f.key: f for f in NYTTE_FIELDS}
    net = fields["netto_nytteverdi"]
    headers = [t("Tiltak"), fields["antall_ar"].label_in(t.malform), net.label_in(t.malform)]
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


def _segments_phrase(out: SummaryTables, names: Sequence[str]) -> str:
    return out.t("segmentet {names}" if len(names) == 1 else "segmentene {names}").format(names=_join(names))


def _counted_in(out: SummaryTables, summary: Summary, key: str, what: str) -> str:
    """' Tallene gjelder segmentet Samstyre, …' when some segments with tiltak do not print ``key``."""
    counted = summary.counted_segments(key)
    present = [s.segment for s in summary.portfolio]
    if not counted or list(counted) == present:
        return ""
    return out.t(" Tallene gjelder {segments}, som rapporterer {what}.").format(
        segments=_segments_phrase(out, counted), what=what)


def _not_reported(out: SummaryTables, summary: Summary, key: str, what: str, mark: str = "") -> str:
    """' Tiltak i segmentet Observere rapporterer ikke risiko.' (with the mark used, if any)."""
    counted = set(summary.counted_segments(key))
    missing = [s.segment for s in summary.portfolio if s.segment not in counted]
    if not missing:
        return ""
    return out.t(" Tiltak i {segments} rapporterer ikke {what}{mark}.").format(
        segments=_segments_phrase(out, missing), what=what, mark=f" ({mark})" if mark else "")


__all__ = ["summary_writer", "write_summary", "TITLE", "TOTAL", "NOT_PRINTED"]
