"""What an editor sees of the Sammendrag's native charts, read back from the chart parts of a rendered
document: the parts pass the schema check Word applies, the frame (no title, legend under the chart,
transparent, square corners), the columns (stacked or side by side), the series colours ([farger],
then the theme's accents in order, lighter/darker after six), the numbers on the count columns with
zeros hidden, the two axes (position, no tick marks, thin grey lines, the value axis's number format
and whole steps), and the document's font.

One document per test (half a second): mutmut links a module fixture's calls to the first test only."""

from __future__ import annotations

import io
from decimal import Decimal

import openpyxl
import pytest
from docx.oxml.ns import qn
from lxml import etree

from pipeline.contract.models import Kostnad, Leveranse
from pipeline.summary.chartdata import ChartData, Series
from pipeline.word import chartxml
from tests.support.charts import A, C, charts_in
from tests.support.render import make_tiltak, reopen, report_settings
from tests.support.summary import FORM, REPORT_DATE
from tests.word.test_summary import render_with_summary

SOURCES = ["Helsedirektoratet", "Andre", "Norsk helsenett", "Helse Nord RHF", "Helse Vest RHF", "Helse Midt-Norge RHF",
           "Helse Sør-Øst RHF", "Kommunene"]
NAMESPACES = {"c": C[1:-1], "a": A[1:-1], "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships"}


@pytest.fixture
def charts(tmp_path):
    """Status and risiko (stacked counts): Samstyre 9 tiltak (5 Gul, 4 Grønn), Koordinere 1; leveranser
    (side by side): Samstyre 5 «Ja» and 4 «Nei»; money (stacked, decimals; a Samstyre tiltak's, as a
    Koordinere tiltak's kostnader are not counted) from eight sources, the tallest year 4.5 with gaps in it."""
    money = [Kostnad(finansierende_virksomhet=SOURCES[0], ar=2021, belop=Decimal("4.5"))]
    money += [Kostnad(finansierende_virksomhet=s, ar=2022, belop=Decimal("0.25")) for s in SOURCES[1:]]
    items = [make_tiltak(f"T{i}", status="Gul" if i < 5 else "Grønn", risiko="Gul" if i < 5 else "Grønn",
                         leveranser=[Leveranse(navn="L", levert="Ja" if i < 5 else "Nei")],
                         kostnader=money if i == 0 else []) for i in range(9)]
    items.append(make_tiltak("Beta", segment="Koordinere", status="Rød", risiko="Rød"))
    _, doc, path = render_with_summary(items, tmp_path)
    found = charts_in(doc)
    assert [c.caption.split(": ", 1)[1] for c in found] == [
        "Status per segment", "Risiko per segment", "Leveranser per segment", "Finansiering per år"]
    return {"doc": doc, "path": path, "charts": found}


def _by_title(charts, title: str):
    return next(c for c in charts["charts"] if c.caption.endswith(title))


def _val(element, path: str) -> str | None:
    found = element.find(path, NAMESPACES)
    assert found is not None, path
    return found.get("val")


def _is_counts(chart) -> bool:
    return chart.space.find(f".//{C}numCache/{C}formatCode").text == "0"


def _schema_errors(path) -> list:
    """The Open XML schema check (the one Word applies) of the document's chart parts only (fast)."""
    from openxml_audit.context import ValidationContext
    from openxml_audit.errors import FileFormat
    from openxml_audit.package import OpenXmlPackage
    from openxml_audit.parts import OpenXmlPart
    from openxml_audit.schema.validator import SchemaValidator

    validator = SchemaValidator()
    with OpenXmlPackage(path) as package:
        context = ValidationContext(package=package, file_format=FileFormat.OFFICE_2019, max_errors=100, strict=True)
        uris = [u for u in package.list_parts() if u.startswith("/word/charts/chart")]
        assert len(uris) == 4
        for uri in uris:
            validator.validate_part(OpenXmlPart(package, uri), context)
        return [(e.part_uri, e.path, e.description) for e in context.errors]


def test_the_chart_parts_pass_the_schema_check_word_applies(charts):
    assert _schema_errors(charts["path"]) == []


def test_the_schema_check_finds_an_element_out_of_order(charts, tmp_path):
    """The check above can fail: the same document with one chart's legend moved before its plot area."""
    import zipfile

    broken = tmp_path / "broken.docx"
    with zipfile.ZipFile(charts["path"]) as source, zipfile.ZipFile(broken, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "word/charts/chart1.xml":
                space = etree.fromstring(data)
                chart = space.find(f"{C}chart")
                chart.insert(0, chart.find(f"{C}legend"))
                data = etree.tostring(space, xml_declaration=True, encoding="UTF-8", standalone=True)
            target.writestr(info, data)
    assert {uri for uri, _, _ in _schema_errors(broken)} == {"/word/charts/chart1.xml"}


def test_the_frame_has_no_title_a_legend_below_square_corners_and_no_background(charts):
    for chart in charts["charts"]:
        space = chart.space
        assert etree.QName(space).localname == "chartSpace"
        # the namespaces once, on the root, with Word's prefixes (not ns0 … on every element)
        assert space.nsmap == NAMESPACES
        assert all(e.nsmap == space.nsmap for e in space.iter())
        assert space.prefix == "c"
        assert _val(space, "c:roundedCorners") == "0"  # absent means rounded
        assert _val(space, "c:date1904") == "0" and _val(space, "c:lang") == "nb-NO"
        assert _val(space, "c:chart/c:autoTitleDeleted") == "1"  # the caption under the chart is the title
        assert _val(space, "c:chart/c:legend/c:legendPos") == "b"  # under the chart
        assert _val(space, "c:chart/c:legend/c:overlay") == "0"  # beside the plot, not on it
        assert _val(space, "c:chart/c:plotVisOnly") == "1" and _val(space, "c:chart/c:dispBlanksAs") == "gap"
        assert [etree.QName(e).localname for e in space.find("c:chart/c:plotArea", NAMESPACES)] == [
            "layout", "barChart", "catAx", "valAx"]
        frame = space.find("c:spPr", NAMESPACES)  # transparent, no border: the page shows through
        assert [etree.QName(e).localname for e in frame] == ["noFill", "ln"]
        assert [etree.QName(e).localname for e in frame.find("a:ln", NAMESPACES)] == ["noFill"]


def test_status_columns_stack_and_deliveries_stand_side_by_side(charts):
    for chart in charts["charts"]:
        bar = chart.space.find("c:chart/c:plotArea/c:barChart", NAMESPACES)
        stacked = not chart.caption.endswith("Leveranser per segment")
        assert _val(bar, "c:grouping") == ("stacked" if stacked else "clustered")
        overlap = bar.find("c:overlap", NAMESPACES)
        assert (overlap.get("val") if overlap is not None else None) == ("100" if stacked else None)
        gap = int(_val(bar, "c:gapWidth"))
        assert 50 <= gap <= 100 and (gap < 80) == stacked  # stacked columns a little wider
        ax_ids = [e.get("val") for e in bar.findall("c:axId", NAMESPACES)]
        assert ax_ids == [_val(chart.space, ".//c:catAx/c:axId"), _val(chart.space, ".//c:valAx/c:axId")]
        for index, ser in enumerate(bar.findall("c:ser", NAMESPACES)):  # legend and stack in table order
            assert _val(ser, "c:idx") == _val(ser, "c:order") == str(index)
            assert _val(ser, "c:invertIfNegative") == "0"


def _colour(ser) -> tuple:
    fill = ser.find("c:spPr/a:solidFill", NAMESPACES)
    (colour,) = list(fill)
    return etree.QName(colour).localname, colour.get("val"), tuple((etree.QName(m).localname, m.get("val")) for m in colour)


def test_series_have_the_farger_colours_then_the_theme_accents_in_order(charts):
    status = _by_title(charts, "Status per segment")
    for ser in status.space.iter(f"{C}ser"):
        name = ser.find(f"{C}tx//{C}v").text
        assert _colour(ser) == ("srgbClr", FORM.farger[name], ())  # Grønn, Gul, Rød as in [farger]
    deliveries = [(s.find(f"{C}tx//{C}v").text, _colour(s)) for s in _by_title(charts, "Leveranser per segment").space.iter(f"{C}ser")]
    assert deliveries[-1] == ("Forfalt", ("srgbClr", FORM.farger[FORM.roller.rod], ()))
    assert [c for _, c in deliveries[:-1]] == [("schemeClr", f"accent{i}", ()) for i in range(1, len(deliveries))]
    money = [_colour(s) for s in _by_title(charts, "Finansiering per år").space.iter(f"{C}ser")]
    assert [c[:2] for c in money] == [("schemeClr", f"accent{i % 6 + 1}") for i in range(len(SOURCES))]
    assert all(c[2] == () for c in money[:6]) and money[6][2] and money[6][2] == money[7][2]
    assert len(set(money)) == len(money)  # the seventh and eighth a shade of the first and second


def test_count_columns_carry_their_number_with_zeros_hidden_and_money_columns_none(charts):
    for chart in charts["charts"]:
        labels = chart.space.find(".//c:barChart/c:dLbls", NAMESPACES)
        if not _is_counts(chart):
            assert labels is None
            continue
        fmt = labels.find("c:numFmt", NAMESPACES)
        assert fmt.get("sourceLinked") == "0"  # the labels' own format, not the workbook's «0»
        assert fmt.get("formatCode").split(";") == ["0", "-0", "", ""]  # the zero section empty: no «0» on a column
        shown = {etree.QName(e).localname: e.get("val") for e in labels if etree.QName(e).localname.startswith("show")}
        assert shown == {"showLegendKey": "0", "showVal": "1", "showCatName": "0", "showSerName": "0",
                         "showPercent": "0", "showBubbleSize": "0"}  # only the number


def test_the_category_axis_is_below_and_the_value_axis_left_with_thin_grey_lines_and_no_ticks(charts):
    for chart in charts["charts"]:
        category = chart.space.find(".//c:catAx", NAMESPACES)
        value = chart.space.find(".//c:valAx", NAMESPACES)
        assert _val(category, "c:crossAx") == _val(value, "c:axId") != _val(category, "c:axId") == _val(value, "c:crossAx")
        assert (_val(category, "c:axPos"), _val(value, "c:axPos")) == ("b", "l")
        for axis in (category, value):
            assert _val(axis, "c:scaling/c:orientation") == "minMax"  # not upside down or right to left
            assert _val(axis, "c:delete") == "0"  # shown
            assert (_val(axis, "c:majorTickMark"), _val(axis, "c:minorTickMark")) == ("none", "none")
            assert _val(axis, "c:tickLblPos") == "nextTo" and _val(axis, "c:crosses") == "autoZero"
        assert (_val(category, "c:auto"), _val(category, "c:lblAlgn"), _val(category, "c:lblOffset"),
                _val(category, "c:noMultiLvlLbl")) == ("1", "ctr", "100", "0")  # labels centred under their column
        assert _val(value, "c:crossBetween") == "between"  # whole columns at the ends, not halves
        line = category.find("c:spPr/a:ln", NAMESPACES)
        grid = value.find("c:majorGridlines/c:spPr/a:ln", NAMESPACES)
        assert line.get("w") == grid.get("w") == "6350"  # half a point
        axis_grey, grid_grey = (_val(e, "a:solidFill/a:srgbClr") for e in (line, grid))
        assert len({axis_grey[:2], axis_grey[2:4], axis_grey[4:]}) == 1 == len({grid_grey[:2], grid_grey[2:4], grid_grey[4:]})
        assert int(axis_grey[:2], 16) < int(grid_grey[:2], 16) < 255  # grid lines lighter than the axis, not white
        assert [etree.QName(e).localname for e in value.find("c:spPr/a:ln", NAMESPACES)] == ["noFill"]  # no line left


def _axis_format(chart) -> tuple[str, str]:
    fmt = chart.space.find(".//c:valAx/c:numFmt", NAMESPACES)
    return fmt.get("formatCode"), fmt.get("sourceLinked")


def test_the_value_axis_has_norwegian_whole_numbers_in_whole_steps_and_money_one_decimal_on_a_small_scale(charts):
    for chart in charts["charts"]:
        unit = chart.space.find(".//c:valAx/c:majorUnit", NAMESPACES)
        if not _is_counts(chart):
            # the tallest column 4.5 (a gap beside it is no value): below 5, so one decimal
            assert _axis_format(chart) == ("[$-414]#,##0.0", "0") and unit is None
            continue
        assert _axis_format(chart) == ("[$-414]#,##0", "0")  # Norwegian grouping, no decimals for counts
        columns = zip(*([int(v) for v in s.values] for s in chart.series))
        tallest = max(sum(c) if chart.grouping == "stacked" else max(c) for c in columns)
        step = int(unit.get("val"))
        assert tallest <= 8 * step and (step == 1 or tallest > 8 * (step - 1))  # at most 8 steps, the smallest whole one
    status = _by_title(charts, "Status per segment")  # 9 stacked in Samstyre: steps of 2
    leveranser = _by_title(charts, "Leveranser per segment")  # at most 5 side by side: steps of 1
    assert [_val(c.space, ".//c:valAx/c:majorUnit") for c in (status, leveranser)] == ["2", "1"]


@pytest.mark.parametrize("tallformat, amount, code", [("punktum", "5", "[$-409]0"), ("komma", "5", "[$-414]#,##0")])
def test_money_from_5_up_has_a_whole_number_axis_in_the_document_s_tallformat(tmp_path, tallformat, amount, code):
    from pipeline.summary.aggregate import build_summary
    from pipeline.word.render import render_document
    from pipeline.word.summary import summary_writer

    items = [make_tiltak("Alfa", kostnader=[Kostnad(finansierende_virksomhet="Andre", ar=2022, belop=Decimal(amount))])]
    summary = summary_writer(build_summary(items, REPORT_DATE, FORM), FORM)
    doc, _ = reopen(render_document(items, report_settings(tallformat=tallformat), FORM, summary=summary), tmp_path)
    money = next(c for c in charts_in(doc) if c.caption.endswith("Finansiering per år"))
    assert _axis_format(money) == (code, "0")


def test_chart_text_is_the_document_s_font_at_9_pt_in_norwegian(charts):
    fonts = charts["doc"].styles.element.find(
        f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:rFonts')}")
    font = fonts.get(qn("w:ascii"))
    assert font  # the template names its body font
    for chart in charts["charts"]:
        text = chart.space.find("c:txPr", NAMESPACES)
        assert [etree.QName(e).localname for e in text] == ["bodyPr", "lstStyle", "p"]
        paragraph = text.find("a:p", NAMESPACES)
        assert [etree.QName(e).localname for e in paragraph] == ["pPr", "endParaRPr"]
        run = paragraph.find("a:pPr/a:defRPr", NAMESPACES)
        assert run.get("sz") == "900"  # 9 pt
        assert [(etree.QName(e).localname, e.get("typeface")) for e in run] == [("latin", font)]
        assert paragraph.find("a:endParaRPr", NAMESPACES).get("lang") == "nb-NO"


def test_the_embedded_workbook_has_a_bold_header_and_columns_wide_enough_for_their_text():
    chart = ChartData("Tittel", "noe", "Segment", ("Kort", "En svært lang kategori", "Mellomlang"),
                      (Series("Et langt serienavn her", (1, 2, 3)), Series("Ja", (0, None, 1))))
    sheet = openpyxl.load_workbook(io.BytesIO(chartxml.workbook(chart)))[chartxml.SHEET]
    assert [c.font.b for c in sheet[1]] == [True, True, True]  # the header row of «Rediger data»
    assert not any(c.font.b for row in sheet.iter_rows(min_row=2) for c in row)
    for column in sheet.columns:
        letter = column[0].column_letter
        longest = max(len(str(c.value)) for c in column if c.value is not None)
        width = sheet.column_dimensions[letter].width
        assert longest < width <= max(12, longest + 2)  # the text fits, without a column far wider than its text


def test_number_text_writes_plain_decimals_without_an_exponent():
    assert [chartxml.number_text(v) for v in (Decimal("1E+3"), Decimal("0E-7"), Decimal("1.25"), 7)] == [
        "1000", "0.0000000", "1.25", "7"]


@pytest.mark.parametrize("malform, language", [("bokmal", "nb-NO"), ("nynorsk", "nn-NO")])
def test_the_chart_text_is_in_the_document_s_language(tmp_path, malform, language):
    """In a nynorsk document the charts' text (Grøn, Gul, Raud …) is nynorsk for spelling and screen readers, as the
    rest of the document is; the axis's numbers keep their own locale (nb-NO), so they look the same."""
    from pipeline.common.malform import Malform
    from pipeline.summary.aggregate import build_summary
    from pipeline.word.render import render_document
    from pipeline.word.summary import summary_writer

    items = [make_tiltak("T", status="Gul", risiko="Rød")]
    summary = build_summary(items, REPORT_DATE, FORM)
    doc = render_document(items, report_settings(malform=Malform(malform)), FORM, summary=summary_writer(summary, FORM))
    doc, _ = reopen(doc, tmp_path, "ut.docx")
    document_language = doc.styles.element.find(
        f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}").get(qn("w:val"))
    assert document_language == language
    spaces = [etree.fromstring(part.blob) for part in doc.part.package.iter_parts()
              if str(part.partname).startswith("/word/charts/chart")]  # «Samandrag» in nynorsk: read the parts
    assert len(spaces) >= 2
    for space in spaces:
        assert _val(space, "c:lang") == language
        assert space.find("c:txPr/a:p/a:endParaRPr", NAMESPACES).get("lang") == language
        axis = space.find(".//c:valAx/c:numFmt", NAMESPACES).get("formatCode")
        assert axis.startswith("[$-414]")  # the numbers' own locale: «1 000», «0,5» in both
