"""Native Word charts in the Sammendrag, each directly after the table it draws.

A chart is a chart part (``/word/charts/chartN.xml``, see :mod:`pipeline.word.chartxml`) related
from the document, with its data as an embedded workbook (``/word/embeddings/…xlsx``, a
``package`` relationship from the chart part), so Word's «Rediger data» opens the same numbers.
It stands inline in its own paragraph, as wide as the text, with alt text (``wp:docPr descr``)
that reads the numbers out, and is followed by a caption «Figur N: …» in the «Caption» style
with a ``SEQ Figur`` field (Word's list of figures counts it).

The table's heading, the table (every paragraph of every row) and the chart keep with the next
paragraph, down to the caption, so Word and LibreOffice move them to the next page together when
they fit on one page instead of leaving the chart alone on the page after its table (when they do
not fit on one page, the page breaks where it must).
"""

from __future__ import annotations

from dataclasses import replace

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.part import Part, XmlPart
from docx.oxml.ns import qn

from pipeline.common.malform import Malform
from pipeline.contract.settings import FormSettings
from pipeline.common.namespaces import C
from pipeline.summary.aggregate import CrossTable, Money, Summary
from pipeline.word import chartxml, oxml
from pipeline.word.body import HEADING_STYLES, BodyWriter
from pipeline.summary.chartdata import ChartData, deliveries_chart, money_chart, segment_chart
from pipeline.contract.formatting import clean_xml_text

CAPTION_STYLE = "Caption"
FIGURE = "Figur"
CHART_URI = C
#: Chart height as a share of the text width: counts, and money (a longer legend).
HEIGHT_SHARE = {0: 0.42, 1: 0.55}
_EMU_PER_TWIP = 635
_SPACE_BEFORE = 200
#: A chart's tables with at most this many rows (with header and sum rows) keep together with it.
KEEP_ROWS = 16
#: Rows of a longer table that go to the next page with the chart.
TAIL_ROWS = 3


class SummaryCharts:
    """Adds the Sammendrag's charts to a :class:`BodyWriter`; does nothing when not ``enabled``
    (``diagrammer = false`` in rapport.toml)."""

    def __init__(self, writer: BodyWriter, form: FormSettings, enabled: bool = True) -> None:
        self.writer = writer
        self.form = form
        self.enabled = enabled
        self.count = 0
        self._next_id: int | None = None

    # --- the Sammendrag's charts (called after the matching table) ------------------------------

    def segment_counts(self, title: str, table: CrossTable[int]) -> None:
        """After the Status or Risiko table: «Status per segment»."""
        t = self.writer.texts
        self.add(lambda: segment_chart(table, t("{title} per segment").format(title=title),
                                       f"{title.lower()} per segment", self.form))

    def deliveries(self, summary: Summary) -> None:
        def make() -> ChartData | None:
            chart = deliveries_chart(summary, self.form)
            return None if chart is None else replace(chart, title=self.writer.texts(chart.title))

        self.add(make)

    def money(self, key: str, money: Money) -> None:
        """After the Kostnader table: «Finansiering per år» (stacked by financing source)."""
        if key == "kostnader":
            self.add(lambda: money_chart(money, self.writer.texts("Finansiering per år"), "finansiering per år i millioner kroner, "
                                         "fordelt på finansierende virksomhet", self.form))

    def add(self, make) -> None:
        """The chart ``make()`` returns (none for an empty table) and its caption."""
        if not self.enabled:
            return
        chart = make()
        if chart is None:
            return
        chart = self._in_standard(chart)
        self.count += 1
        rel_id = self._chart_part(chart)
        keep_with_chart(self.writer.elements, self._heading_ids())
        self.writer.elements.append(self._drawing_paragraph(chart, rel_id))
        self.writer.elements.append(self._caption(chart.title))

    # --- parts ----------------------------------------------------------------------------------

    def _chart_part(self, chart: ChartData) -> str:
        """Add the chart part and its workbook; the document's relationship id to the chart."""
        document = self.writer.target.doc.part
        package = document.package
        space = chartxml.chart_space(chart, self._font(), self.writer.numbers, self.writer.texts.malform.language)
        part = XmlPart(package.next_partname("/word/charts/chart%d.xml"), CT.DML_CHART, space, package)
        rel_id = document.relate_to(part, RT.CHART)
        book = Part(package.next_partname("/word/embeddings/Microsoft_Excel_Worksheet%d.xlsx"), CT.SML_SHEET,
                    chartxml.workbook(chart), package)
        chartxml.external_data(space, part.relate_to(book, RT.PACKAGE))
        return rel_id

    def _in_standard(self, chart: ChartData) -> ChartData:
        """The chart's own words (alt text, the summary's pseudo-values, the category header) in the
        document's written standard; its title is written so where it is made."""
        t = self.writer.texts
        if t.malform is not Malform.NYNORSK:
            return chart
        return replace(chart, what=t(chart.what), category_label=t(chart.category_label),
                       categories=tuple(t.label(c) for c in chart.categories),
                       series=tuple(replace(s, name=t.label(s.name)) for s in chart.series),
                       words=(t("Stablet stolpediagram"), t("Stolpediagram"), t("ingen")))

    def _drawing_paragraph(self, chart: ChartData, rel_id: str):
        width = self.writer.text_width * _EMU_PER_TWIP
        height = int(width * HEIGHT_SHARE[chart.decimals])
        doc_pr_id = self._new_drawing_id()
        graphic = _el("a:graphic", None, _el("a:graphicData", {"uri": CHART_URI}, _chart_ref(rel_id)))
        inline = _el("wp:inline", {"distT": 0, "distB": 0, "distL": 0, "distR": 0},
                     _el("wp:extent", {"cx": width, "cy": height}),
                     _el("wp:effectExtent", {"l": 0, "t": 0, "r": 0, "b": 0}),
                     _el("wp:docPr", {"id": doc_pr_id, "name": f"Diagram {doc_pr_id}",
                                      "descr": clean_xml_text(chart.alt_text)}),
                     _el("wp:cNvGraphicFramePr"), graphic)
        p = oxml.paragraph(None, oxml.el("w:r", None, oxml.el("w:drawing", None, inline)))
        oxml.set_ppr(p, oxml.el("w:keepNext"))
        oxml.set_ppr(p, oxml.el("w:spacing", {"w:before": _SPACE_BEFORE}))
        oxml.set_ppr(p, oxml.el("w:jc", {"w:val": "center"}))
        return p

    def _caption(self, title: str):
        """«Figur N: title» with N as a ``SEQ Figur`` field."""
        target = self.writer.target
        style = target.style_id(CAPTION_STYLE) if target.has_style(CAPTION_STYLE) else None
        return oxml.paragraph(style, oxml.run(f"{self.writer.texts(FIGURE)} "),
                              *oxml.field_runs(f"SEQ {FIGURE} \\* ARABIC", str(self.count)),
                              oxml.run(f": {clean_xml_text(title)}"))

    def _heading_ids(self) -> set[str]:
        target = self.writer.target
        return {target.style_id(name) for name in HEADING_STYLES.values() if target.has_style(name)}

    def _font(self) -> str:
        """The document's default font (the body text's), else the theme's body font."""
        fonts = self.writer.target.doc.styles.element.find(
            f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:rFonts')}")
        return (fonts.get(qn("w:ascii")) if fonts is not None else None) or chartxml.THEME_FONT

    def _new_drawing_id(self) -> int:
        """A ``wp:docPr`` id no other drawing in the document has."""
        if self._next_id is None:
            used = [0]
            for part in self.writer.target.doc.part.package.iter_parts():
                element = getattr(part, "element", None)
                if element is not None:
                    used += [int(e.get("id", 0)) for e in element.iter(qn("wp:docPr")) if e.get("id", "").isdigit()]
            self._next_id = max(used) + 1
        self._next_id += 1
        return self._next_id - 1


def keep_with_chart(elements: list, heading_ids: set[str]) -> None:
    """Keep-with-next on what a chart draws, back from the end of ``elements`` to the nearest heading
    (included): every paragraph, and every paragraph of every table row (the last row too: the chart
    follows it). When the tables there have more than :data:`KEEP_ROWS` rows they would not fit on one
    page with the chart: then only the last :data:`TAIL_ROWS` rows go with the chart (a chain longer
    than a page would start on a new page and leave the page before half empty)."""
    chain = []
    for element in reversed(elements):
        chain.append(element)
        if element.tag == qn("w:p") and _style_of(element) in heading_ids:
            break
    rows = [tr for element in chain if element.tag == qn("w:tbl") for tr in element.iter(qn("w:tr"))]
    if len(rows) > KEEP_ROWS:
        last = next(element for element in chain if element.tag == qn("w:tbl"))
        chain = list(last.iter(qn("w:tr")))[-TAIL_ROWS:]
    for element in chain:
        for p in [element] if element.tag == qn("w:p") else element.iter(qn("w:p")):
            _keep_next(p)


def _keep_next(p) -> None:
    ppr = p.find(qn("w:pPr"))
    if ppr is None or ppr.find(qn("w:keepNext")) is None:
        oxml.set_ppr(p, oxml.el("w:keepNext"))


def _style_of(p) -> str | None:
    style = p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
    return style.get(qn("w:val")) if style is not None else None


def _el(tag: str, attrs: dict | None = None, *children):
    """A DrawingML element with unprefixed attributes."""
    element = oxml.el(tag)
    for key, value in (attrs or {}).items():
        element.set(key, str(value))
    element.extend(children)
    return element


def _chart_ref(rel_id: str):
    ref = oxml.el("c:chart")
    ref.set(qn("r:id"), rel_id)
    return ref


__all__ = ["SummaryCharts", "CAPTION_STYLE", "FIGURE", "keep_with_chart"]
