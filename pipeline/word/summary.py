"""Writes the "Sammendrag" (see :mod:`pipeline.summary.aggregate`) through the renderer's BodyWriter.

Heading 1 «Sammendrag» (its style starts a new page), then one Heading 2 per table
(so each is in the table of contents), a one-line explanation and the table. Totals
rows and columns use the template's «Strong» character style; numbers are right
aligned. A money table with more year columns than fit across the page is split into
several tables by year, the last one with the Sum column.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from docx.oxml.ns import qn

from pipeline.contract.catalogue import HEADER_FIELDS_BY_KEY, NYTTE_FIELDS, SECTIONS_BY_KEY
from pipeline.contract.formatting import format_date, format_number
from pipeline.word.richtext import parse_long_text
from pipeline.contract.settings import FormSettings
from pipeline.summary.aggregate import NO_YEAR, PORTFOLIO_FIELDS, CrossTable, Money, PortfolioRow, SegmentPortfolio, Summary
from pipeline.word import oxml
from pipeline.word.body import BodyWriter
from pipeline.word.charts import SummaryCharts
from pipeline.word.tables import CELL_PADDING, Cell, column_widths, word_twips

TITLE = "Sammendrag"
TOTAL = "Sum"
NOT_PRINTED = "–"  # a field the segment does not report
STRONG_STYLE = "Strong"
_DIGIT_TWIPS = 95  # a bold 9 pt digit, roughly
_MIN_NUMBER = 700
_MIN_LABEL = 2600
_MIN_DATE = 1100
_SHADED_FIELDS = ("status", "risiko")  # shaded by [farger], as in the chapters
_SECTION_SPACE = 480  # space above a Heading 2 that does not start a page
_PART_SPACE = 200


def summary_writer(summary: Summary, form: FormSettings, charts: bool = True) -> Callable[[BodyWriter], None]:
    """The ``summary=`` hook of :func:`pipeline.word.render.render_document`."""

    def write(writer: BodyWriter) -> None:
        write_summary(writer, summary, form, charts)

    return write


def write_summary(writer: BodyWriter, summary: Summary, form: FormSettings, charts: bool = True) -> None:
    out = _Out(writer, form, charts)
    writer.heading(1, TITLE)
    out.note("Tabellene er laget fra innrapporteringene i dette vedlegget og teller det samme som kapitlene "
             f"viser. Rapportdato: {format_date(summary.report_date)}.", keep=False)
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


def _portfolio(out: _Out, summary: Summary) -> None:
    out.section("Porteføljeoversikt", "Alle tiltak per segment med aktør, fase, sluttdato, status og risiko."
                + _not_reported(summary, "risiko", "risiko", NOT_PRINTED))
    headers = ["Tiltak", *(HEADER_FIELDS_BY_KEY[k].label for k in PORTFOLIO_FIELDS)]
    widths = column_widths([30, 24, 12, 0, 0, 0], out.width,
                           [out.need([h]) for h in headers[:3]]
                           + [_MIN_DATE, *(out.need([*out.form.vocabulary("status"), h]) for h in headers[4:])])
    for segment in summary.portfolio:
        out.writer.heading(3, f"{segment.segment} ({len(segment.rows)} tiltak)")
        rows = [out.header(headers)]
        for row in segment.rows:
            rows.append([out.cell(row.navn), *(_portfolio_cell(out, segment, row, k) for k in PORTFOLIO_FIELDS)])
        out.writer.table(rows, widths, header_rows=1)


def _portfolio_cell(out: _Out, segment: SegmentPortfolio, row: PortfolioRow, key: str) -> Cell:
    """«–» for a field the segment does not print; Status and Risiko shaded."""
    if key not in segment.printed:
        return out.cell(NOT_PRINTED)
    value = getattr(row, key)
    if key in _SHADED_FIELDS:
        return out.choice(value)
    return out.cell(format_date(value) if key == "sluttdato" else value)


def _status(out: _Out, summary: Summary) -> None:
    out.section("Status og risiko", "Antall tiltak per segment etter samlet status og samlet risiko."
                + _not_reported(summary, "risiko", "risiko"))
    for title, table in (("Status", summary.status), ("Risiko", summary.risiko)):
        out.writer.heading(3, title)
        out.cross(table, "Segment", str, empty="0", colour_columns=True)
        out.charts.segment_counts(title, table)


def _deliveries(out: _Out, summary: Summary) -> None:
    lev = summary.leveranser
    out.section("Leveranser", "Antall leveranser per tiltak etter svaret på «Er leveransen ferdigstilt og levert?». "
                f"Forfalt: sluttdato før {format_date(summary.report_date)} og ikke levert "
                f"({out.form.roller.ikke_levert} eller ubesvart)."
                + _counted_in(summary, "leveranser", "leveranser"))
    headers = ["Tiltak", "Antall", *lev.answers, "Forfalt"]
    rows = [out.header(headers, numbers_from=1)]
    for row in lev.rows:
        numbers = [row.count, *(row.answers.get(a, 0) for a in lev.answers), row.overdue]
        rows.append([out.cell(row.tiltak), *(out.number(str(n)) for n in numbers)])
    totals = [lev.count, *(lev.total(a) for a in lev.answers), lev.overdue]
    rows.append([out.cell(TOTAL, bold=True), *(out.number(str(n), bold=True) for n in totals)])
    number_widths = [max(out.need([h]), out.need_number([str(n) for n in totals])) for h in headers[1:]]
    out.writer.table(rows, column_widths([1] + [0] * len(number_widths), out.width, [0, *number_widths]),
                     header_rows=1)
    out.charts.deliveries(summary)


def _money(out: _Out, summary: Summary, key: str, money: Money, label: str, text: str) -> None:
    title = SECTIONS_BY_KEY[key].title
    if not summary.counted_segments(key):
        out.section(title, f"Ingen tiltak i dette vedlegget rapporterer {title.lower()}.")
        return
    extra = ""
    if NO_YEAR in money.table.columns:
        extra += f" Beløp uten år står i kolonnen «{NO_YEAR}»."
    if money.rows_without_amount:
        n = money.rows_without_amount
        extra += f" {n} {'rad' if n == 1 else 'rader'} i kapitlene har ikke beløp."
    out.section(title, text + _counted_in(summary, key, title.lower()) + extra)
    out.cross(money.table, label, lambda v: format_number(v, 1), split=True)
    out.charts.money(key, money)


def _dependencies(out: _Out, summary: Summary) -> None:
    if not summary.counted_segments("avhengigheter"):
        out.section("Avhengigheter", "Ingen tiltak i dette vedlegget rapporterer avhengigheter.")
        return
    out.section("Avhengigheter", "Antall avhengigheter per kategori (rader) og kritikalitet (kolonner)."
                + _counted_in(summary, "avhengigheter", "avhengigheter"))
    out.cross(summary.avhengigheter, "Kategori", str, empty="0")


def _red_dependencies(out: _Out, summary: Summary) -> None:
    red = summary.red_dependencies
    if not summary.counted_segments("avhengigheter"):
        out.section("Røde avhengigheter", "Ingen tiltak i dette vedlegget rapporterer avhengigheter.")
        return
    count = f"{len(red)} {'avhengighet har' if len(red) == 1 else 'avhengigheter har'}" if red else "Ingen avhengigheter har"
    out.section("Røde avhengigheter", f"{count} status {out.form.roller.rod}.")
    columns = {c.key: c for c in SECTIONS_BY_KEY["avhengigheter"].columns}
    headers = ["Tiltak", columns["aktor"].meta.header, columns["hva"].meta.header, columns["frist"].meta.header]
    rows = [out.header(headers)]
    for dep in red:
        rows.append([out.cell(dep.tiltak), out.cell(dep.aktor), out.writer.blocks_cell(parse_long_text(dep.hva)),
                     out.cell(format_date(dep.frist))])
    out.writer.table(rows, column_widths([25, 25, 40, 0], out.width, [0, 0, 0, _MIN_DATE]), header_rows=1)


def _benefits(out: _Out, summary: Summary) -> None:
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
        rows.append([out.cell(row.tiltak), out.number("" if row.antall_ar is None else str(row.antall_ar)),
                     out.number(format_number(row.netto_nytteverdi, net.meta.decimals))])
    total = format_number(summary.nytte.total, net.meta.decimals)  # as the chapters print it
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


# --- cells and tables ---------------------------------------------------------------------------


class _Out:
    """Cell and table helpers bound to one BodyWriter and the colour settings."""

    def __init__(self, writer: BodyWriter, form: FormSettings, charts: bool = True) -> None:
        self.writer = writer
        self.form = form
        self.charts = SummaryCharts(writer, form, charts)
        self.width = writer.text_width
        target = writer.target
        self.strong_id = target.style_id(STRONG_STYLE) if target.has_style(STRONG_STYLE) else None

    def section(self, title: str, text: str) -> None:
        """A Heading 2 on the running page (the style's page break is for tiltak chapters)."""
        self.writer.heading(2, title, page_break_before=False)
        _space_before(self.writer.elements[-1], _SECTION_SPACE)
        self.note(text)

    def note(self, text: str, keep: bool = True, space_before: int = 0) -> None:
        self.writer.paragraph(text)
        p = self.writer.elements[-1]
        if keep:
            _keep_with_next(p)
        if space_before:
            _space_before(p, space_before)

    def cell(self, text: str, fill: str | None = None, *, bold: bool = False, right: bool = False) -> Cell:
        cell = self.writer.text_cell(text, fill)
        for p in cell.paragraphs:
            if right:
                _align_right(p)
            if bold:
                for r in p.iter(qn("w:r")):
                    _strong(r, self.strong_id)
        return cell

    def number(self, text: str, *, bold: bool = False) -> Cell:
        return self.cell(text, bold=bold, right=True)

    def choice(self, text: str) -> Cell:
        """A status/risiko value shaded as in the chapters."""
        return self.cell(text, self.form.farger.get(text))

    def header(self, texts: Sequence[str], numbers_from: int | None = None) -> list[Cell]:
        """Header cells; those from ``numbers_from`` on head number columns (right aligned)."""
        return [self.cell(t, right=numbers_from is not None and i >= numbers_from) for i, t in enumerate(texts)]

    @staticmethod
    def need(texts: Sequence[str]) -> int:
        """Twips for the longest word of ``texts`` (bold)."""
        return word_twips(texts)

    @staticmethod
    def need_number(texts: Sequence[str]) -> int:
        return max(_MIN_NUMBER, max((len(t) for t in texts), default=0) * _DIGIT_TWIPS + CELL_PADDING)

    def cross(self, table: CrossTable, label: str, fmt: Callable[[object], str], *, empty: str = "",
              colour_columns: bool = False, split: bool = False) -> None:
        """A cross table with a Sum column and a Sum row. ``empty`` is the text of a combination
        without entries; ``split`` divides a table too wide for the page by columns."""
        texts = [fmt(table.value(r, c)) for r in table.rows for c in table.columns if table.value(r, c) is not None]
        texts += [fmt(table.row_total(r)) for r in table.rows] + [fmt(table.column_total(c)) for c in table.columns]
        texts.append(fmt(table.total))
        number = max(self.need_number(texts), self.need([*table.columns, TOTAL]))
        if colour_columns:
            number = max(number, 1000)
        columns = [*table.columns, None]  # None: the Sum column
        per_table = max(1, (self.width - _MIN_LABEL) // number) if split else len(columns)
        chunks = _chunks(columns, per_table)
        for index, chunk in enumerate(chunks):
            if len(chunks) > 1:
                years = [c for c in chunk if c not in (None, NO_YEAR)]
                parts = [f"{years[0]}–{years[-1]}" if len(years) > 1 else str(years[0])] if years else []
                parts += [NO_YEAR.lower()] * (NO_YEAR in chunk) + ["sum"] * (None in chunk)
                what = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " og " + parts[-1]
                self.note(f"Del {index + 1} av {len(chunks)}: {what[:1].upper()}{what[1:]}.",
                          space_before=_PART_SPACE if index else 0)
            self._cross_part(table, label, fmt, chunk, number, colour_columns, empty)

    def _cross_part(self, table: CrossTable, label: str, fmt, columns: list, number: int, colour: bool,
                    empty: str) -> None:
        head = [self.cell(label)]
        for c in columns:
            name = TOTAL if c is None else c
            head.append(self.cell(name, self.form.farger.get(name) if colour else None, right=True))
        rows = [head]
        for r in table.rows:
            cells = [self.cell(r)]
            for c in columns:
                if c is None:
                    cells.append(self.number(fmt(table.row_total(r)), bold=True))
                else:
                    value = table.value(r, c)
                    cells.append(self.number(empty if value is None else fmt(value)))
            rows.append(cells)
        totals = [self.cell(TOTAL, bold=True)]
        totals += [self.number(fmt(table.total if c is None else table.column_total(c)), bold=True) for c in columns]
        rows.append(totals)
        widths = column_widths([1] + [0] * len(columns), self.width, [0] + [number] * len(columns))
        self.writer.table(rows, widths, header_rows=1, first_column=True)


def _chunks(columns: list, size: int) -> list[list]:
    """``columns`` in balanced parts of at most ``size``."""
    parts = -(-len(columns) // size)
    base, extra = divmod(len(columns), parts)
    out, start = [], 0
    for i in range(parts):
        end = start + base + (1 if i < extra else 0)
        out.append(columns[start:end])
        start = end
    return out


# --- raw XML touches ----------------------------------------------------------------------------


def _align_right(p) -> None:
    oxml.set_ppr(p, oxml.el("w:jc", {"w:val": "right"}))


def _space_before(p, twips: int) -> None:
    oxml.set_ppr(p, oxml.el("w:spacing", {"w:before": twips}))


def _keep_with_next(p) -> None:
    oxml.set_ppr(p, oxml.el("w:keepNext"))


def _strong(r, strong_id: str | None) -> None:
    """Bold run: the template's «Strong» character style, or plain bold without it."""
    rpr = oxml.el("w:rPr", None, oxml.el("w:rStyle", {"w:val": strong_id}) if strong_id else oxml.el("w:b"))
    r.insert(0, rpr)


__all__ = ["summary_writer", "write_summary", "TITLE", "TOTAL", "NOT_PRINTED"]
