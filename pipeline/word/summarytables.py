"""Cell and table helpers for the Sammendrag: numbers right aligned in the document's number style,
totals in the template's «Strong» style, status colours, and cross tables with Sum rows and columns
(split by columns when too wide for the page)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from docx.oxml.ns import qn

from pipeline.contract.formatting import format_number
from pipeline.contract.settings import FormSettings
from pipeline.summary.aggregate import NO_YEAR, CrossTable
from pipeline.word import oxml
from pipeline.word.body import BodyWriter
from pipeline.word.charts import SummaryCharts
from pipeline.word.tables import CELL_PADDING, TableCell, column_widths, word_twips

TOTAL = "Sum"
STRONG_STYLE = "Strong"
_DIGIT_TWIPS = 95  # a bold 9 pt digit, roughly
_MIN_NUMBER = 700
_MIN_LABEL = 2600
_SECTION_SPACE = 480  # space above a Heading 2 that does not start a page
_PART_SPACE = 200


class SummaryTables:
    """Cell and table helpers bound to one BodyWriter and the colour settings."""

    def __init__(self, writer: BodyWriter, form: FormSettings, charts: bool = True) -> None:
        self.writer = writer
        self.t = writer.texts  # the document's fixed texts in its written standard
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

    def cell(self, text: str, fill: str | None = None, *, bold: bool = False, right: bool = False) -> TableCell:
        cell = self.writer.text_cell(text, fill)
        for p in cell.paragraphs:
            if right:
                _align_right(p)
            if bold:
                for r in p.iter(qn("w:r")):
                    _strong(r, self.strong_id)
        return cell

    def count(self, n, decimals: int | None = None) -> str:  # a number in the document's style: 1 234 / 28,3
        return format_number(n, decimals, self.writer.numbers)

    def number(self, text: str, *, bold: bool = False) -> TableCell:
        return self.cell(text, bold=bold, right=True)

    def choice(self, text: str) -> TableCell:
        """A status/risiko value shaded as in the chapters."""
        return self.cell(self.t.label(text), self.form.farger.get(text))

    def header(self, texts: Sequence[str], numbers_from: int | None = None) -> list[TableCell]:
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
                parts += [self.t.label(NO_YEAR).lower()] * (NO_YEAR in chunk) + [self.t("sum")] * (None in chunk)
                what = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " og " + parts[-1]
                self.note(self.t("Del {index} av {count}: {what}.").format(
                    index=index + 1, count=len(chunks), what=f"{what[:1].upper()}{what[1:]}"),
                          space_before=_PART_SPACE if index else 0)
            self._cross_part(table, label, fmt, chunk, number, colour_columns, empty)

    def _cross_part(self, table: CrossTable, label: str, fmt, columns: list, number: int, colour: bool,
                    empty: str) -> None:
        head = [self.cell(label)]
        for c in columns:
            name = TOTAL if c is None else c
            head.append(self.cell(self.t.label(name), self.form.farger.get(name) if colour else None, right=True))
        rows = [head]
        for r in table.rows:
            cells = [self.cell(self.t.label(r))]
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
