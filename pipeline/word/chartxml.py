"""DrawingML chart XML (``c:chartSpace``) for a :class:`~pipeline.summary.chartdata.ChartData`, and the
embedded workbook with the same data (what Word opens on «Rediger data»).

The layout follows what Word writes for a new column chart: categories in column A of the sheet
«Ark1» from row 2, one series per column from B with its name in row 1; every series refers to
its cells (``c:f``) and caches their values, so Word and LibreOffice draw the chart without
opening the workbook. Element order is the schema's (``CT_ChartSpace``, ``CT_BarChart`` …).
"""

from __future__ import annotations

from decimal import Decimal

from lxml import etree

from pipeline.contract.formatting import NumberStyle
from pipeline.common.a1 import get_column_letter
from pipeline.common.gridbook import PLAIN, GridSheet, Style, grid_workbook
from pipeline.common.namespaces import A, C, R
from pipeline.common.malform import Malform
from pipeline.summary.chartdata import ChartData, Series

NSMAP = {"c": C, "a": A, "r": R}
SHEET = "Ark1"
LANGUAGE = Malform.BOKMAL.language  # the default; a nynorsk document passes its own
FONT_SIZE = 900  # hundredths of a point
#: The value axis's number format per ``tallformat``: the locale prefix makes LibreOffice (which makes the
#: PDF) write «1 000» / «0,5» (nb-NO) or «1000» / «0.5» (en-US, no grouping) whatever its own locale;
#: Word shows the same format with the reader's separators. Decimals only for a small scale.
AXIS_FORMATS = {NumberStyle.KOMMA: ("[$-414]#,##0", "[$-414]#,##0.0"),
                NumberStyle.PUNKTUM: ("[$-409]0", "[$-409]0.0")}
#: Below this largest value the money axis shows one decimal.
SMALL_SCALE = 5
THEME_FONT = "+mn-lt"  # the theme's body font
_AXIS_IDS = (500000001, 500000002)  # any unsignedInt, unique within the chart
_ACCENTS = 6
#: Lighter/darker variants of the accent colours after the first six series, as Word does.
_VARIANTS = ((), (("lumMod", 60000),), (("lumMod", 80000), ("lumOff", 20000)), (("lumMod", 50000),))


def _el(tag: str, attrs: dict | None = None, *children) -> etree._Element:
    prefix, name = tag.split(":")
    element = etree.Element(f"{{{NSMAP[prefix]}}}{name}", nsmap=NSMAP if tag == "c:chartSpace" else None)
    for key, value in (attrs or {}).items():
        element.set(key, str(value))
    element.extend(children)
    return element


def _val(tag: str, value) -> etree._Element:
    return _el(tag, {"val": value})


def _text(tag: str, value: str) -> etree._Element:
    element = _el(tag)
    element.text = value
    return element


def chart_space(chart: ChartData, font: str = THEME_FONT, numbers: NumberStyle = NumberStyle.KOMMA,
                language: str = LANGUAGE) -> etree._Element:
    """The chart part's root element (without ``c:externalData``, see :func:`external_data`);
    ``font``: the typeface of its text; ``numbers``: the document's ``tallformat`` (the axis's numbers);
    ``language``: the language of its text (the document's: ``nn-NO`` in a nynorsk document). The axis's number
    format names its own locale (:data:`AXIS_FORMATS`), so the language does not change how numbers are shown."""
    plot = _el("c:plotArea", None, _el("c:layout"), _bar_chart(chart), *_axes(chart, numbers))
    return _el(
        "c:chartSpace", None,
        _val("c:date1904", 0), _val("c:lang", language), _val("c:roundedCorners", 0),
        _el("c:chart", None,
            _val("c:autoTitleDeleted", 1),  # the caption under the chart is its title
            plot,
            _el("c:legend", None, _val("c:legendPos", "b"), _val("c:overlay", 0)),
            _val("c:plotVisOnly", 1),
            _val("c:dispBlanksAs", "gap")),
        _el("c:spPr", None, _el("a:noFill"), _el("a:ln", None, _el("a:noFill"))),
        _text_properties(font, language),
    )


def external_data(space: etree._Element, rel_id: str) -> None:
    """Point the chart at its embedded workbook (relationship ``rel_id``)."""
    space.append(_el("c:externalData", {f"{{{R}}}id": rel_id}, _val("c:autoUpdate", 0)))


def _bar_chart(chart: ChartData) -> etree._Element:
    bar = _el("c:barChart", None, _val("c:barDir", "col"),
              _val("c:grouping", "stacked" if chart.stacked else "clustered"), _val("c:varyColors", 0))
    accent = 0
    for index, series in enumerate(chart.series):
        bar.append(_series(chart, index, series, accent))
        accent += series.colour is None
    if chart.decimals == 0:  # counts: the number on each bar (zeros hidden)
        bar.append(_labels())
    bar.append(_val("c:gapWidth", 60 if chart.stacked else 80))
    if chart.stacked:
        bar.append(_val("c:overlap", 100))
    bar.extend(_val("c:axId", i) for i in _AXIS_IDS)
    return bar


def _series(chart: ChartData, index: int, series: Series, accent: int) -> etree._Element:
    column = get_column_letter(index + 2)
    rows = len(chart.categories)
    return _el(
        "c:ser", None, _val("c:idx", index), _val("c:order", index),
        _el("c:tx", None, _el("c:strRef", None, _text("c:f", f"{SHEET}!${column}$1"), _str_cache([series.name]))),
        _el("c:spPr", None, _fill(series.colour, accent)),
        _val("c:invertIfNegative", 0),
        _el("c:cat", None, _el("c:strRef", None, _text("c:f", f"{SHEET}!$A$2:$A${rows + 1}"),
                                _str_cache(chart.categories))),
        _el("c:val", None, _el("c:numRef", None, _text("c:f", f"{SHEET}!${column}$2:${column}${rows + 1}"),
                                _num_cache(chart.number_format, series.values))),
    )


def _str_cache(values) -> etree._Element:
    cache = _el("c:strCache", None, _val("c:ptCount", len(values)))
    for index, value in enumerate(values):
        cache.append(_el("c:pt", {"idx": index}, _text("c:v", value)))
    return cache


def _num_cache(number_format: str, values) -> etree._Element:
    cache = _el("c:numCache", None, _text("c:formatCode", number_format), _val("c:ptCount", len(values)))
    for index, value in enumerate(values):
        if value is not None:  # a gap: no point
            cache.append(_el("c:pt", {"idx": index}, _text("c:v", number_text(value))))
    return cache


def number_text(value: int | Decimal) -> str:
    """A value as the XML writes it: plain digits, decimal point, no exponent."""
    return format(Decimal(value), "f")


def _fill(colour: str | None, accent: int) -> etree._Element:
    if colour is not None:
        return _el("a:solidFill", None, _val("a:srgbClr", colour))
    variant = _VARIANTS[(accent // _ACCENTS) % len(_VARIANTS)]
    scheme = _val("a:schemeClr", f"accent{accent % _ACCENTS + 1}")
    scheme.extend(_val(f"a:{name}", value) for name, value in variant)
    return _el("a:solidFill", None, scheme)


def _labels() -> etree._Element:
    return _el("c:dLbls", None, _el("c:numFmt", {"formatCode": "0;-0;;", "sourceLinked": 0}),
               _val("c:showLegendKey", 0), _val("c:showVal", 1), _val("c:showCatName", 0),
               _val("c:showSerName", 0), _val("c:showPercent", 0), _val("c:showBubbleSize", 0))


def axis_format(chart: ChartData, numbers: NumberStyle = NumberStyle.KOMMA) -> str:
    """The value axis's format code: whole numbers, or one decimal for money on a small scale."""
    whole, decimal = AXIS_FORMATS[numbers]
    return decimal if chart.decimals and _largest(chart) < SMALL_SCALE else whole


def _axes(chart: ChartData, numbers: NumberStyle) -> tuple[etree._Element, etree._Element]:
    cat_id, val_id = _AXIS_IDS
    grey = _el("c:spPr", None, _el("a:ln", {"w": 6350}, _el("a:solidFill", None, _val("a:srgbClr", "BFBFBF"))))
    category = _el("c:catAx", None, _val("c:axId", cat_id), _el("c:scaling", None, _val("c:orientation", "minMax")),
                   _val("c:delete", 0), _val("c:axPos", "b"), _val("c:majorTickMark", "none"),
                   _val("c:minorTickMark", "none"), _val("c:tickLblPos", "nextTo"), grey,
                   _val("c:crossAx", val_id), _val("c:crosses", "autoZero"), _val("c:auto", 1),
                   _val("c:lblAlgn", "ctr"), _val("c:lblOffset", 100), _val("c:noMultiLvlLbl", 0))
    grid = _el("c:majorGridlines", None, _el("c:spPr", None, _el("a:ln", {"w": 6350}, _el(
        "a:solidFill", None, _val("a:srgbClr", "D9D9D9")))))
    value = _el("c:valAx", None, _val("c:axId", val_id), _el("c:scaling", None, _val("c:orientation", "minMax")),
                _val("c:delete", 0), _val("c:axPos", "l"), grid,
                _el("c:numFmt", {"formatCode": axis_format(chart, numbers), "sourceLinked": 0}),
                _val("c:majorTickMark", "none"), _val("c:minorTickMark", "none"), _val("c:tickLblPos", "nextTo"),
                _el("c:spPr", None, _el("a:ln", None, _el("a:noFill"))),
                _val("c:crossAx", cat_id), _val("c:crosses", "autoZero"), _val("c:crossBetween", "between"))
    if chart.decimals == 0:  # whole steps for counts
        value.append(_val("c:majorUnit", max(1, -(-_largest(chart) // 8))))
    return category, value


def _largest(chart: ChartData) -> int | Decimal:
    """The tallest column (stacked: the largest category total)."""
    columns = [[s.values[i] or 0 for s in chart.series] for i in range(len(chart.categories))]
    return max((sum(c) if chart.stacked else max(c, default=0) for c in columns), default=0)


def _text_properties(font: str, language: str) -> etree._Element:
    rpr = _el("a:defRPr", {"sz": FONT_SIZE}, _el("a:latin", {"typeface": font}))
    return _el("c:txPr", None, _el("a:bodyPr"), _el("a:lstStyle"),
               _el("a:p", None, _el("a:pPr", None, rpr), _el("a:endParaRPr", {"lang": language})))


def workbook(chart: ChartData) -> bytes:
    """The embedded workbook: the chart's data in the cells its series refer to (Word's «Rediger data» opens it)."""
    header = [chart.category_label, *(s.name for s in chart.series)]
    rows = [[category, *(None if s.values[index] is None else _cell_number(s.values[index]) for s in chart.series)]
            for index, category in enumerate(chart.categories)]
    number = Style(number_format=chart.number_format)
    styles = [[Style(bold=True)] * len(header), *([PLAIN, *[number] * len(chart.series)] for _ in rows)]
    widths = [max(12, *(len(c) + 2 for c in chart.categories)), *(max(10, len(s.name) + 2) for s in chart.series)]
    return grid_workbook([GridSheet(SHEET, [header, *rows], styles, widths)])


def _cell_number(value: int | Decimal) -> int | float:
    return value if isinstance(value, int) else float(value)


__all__ = ["chart_space", "external_data", "workbook", "number_text", "axis_format", "SHEET"]
