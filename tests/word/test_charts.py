"""The Sammendrag's native Word charts: chart parts with cached values and an embedded workbook,
each after the table it draws, with a caption and alt text; the same numbers as the tables."""

from __future__ import annotations

import subprocess
import zipfile
from decimal import Decimal

import docx
import pytest
from hypothesis import given, settings

from pipeline.cli.main import main
from pipeline.contract.formatting import format_number
from pipeline.contract.models import Kostnad, Leveranse
from pipeline.summary.portfolio import ordered
from pipeline.word.chartxml import SHEET
from tests.support.charts import Chart, charts_in, joined_columns
from tests.support.merge import copy_examples
from tests.support.pdf import office_or_skip, pdf_pages, require_poppler
from tests.support.render import make_tiltak, report_settings, text_of
from tests.support.summary import FORM, grid, portfolios, summary_part, summary_sections
from tests.word.test_summary import render_with_summary

DEMO_CAPTIONS = ["Figur 1: Status per segment", "Figur 2: Risiko per segment", "Figur 3: Leveranser per segment",
                 "Figur 4: Finansiering per år"]


# --- checking a chart against its table ----------------------------------------------------------


def segment_of(doc) -> dict[str, str]:
    """Tiltak -> segment, read from the Porteføljeoversikt (a Heading 3 per segment, then its table)."""
    result, segment = {}, None
    for kind, style, element in summary_sections(doc)["Porteføljeoversikt"]:
        if style == "heading 3":
            segment = text_of(element).rsplit(" (", 1)[0]
        elif kind == "t":
            result.update({row[0]: segment for row in grid(element)[1:]})
    return result


def expected_from_table(chart: Chart, doc) -> tuple[list[str], dict[str, list[str | None]]]:
    """(categories, series name -> c:v texts) as the table before the chart says."""
    if chart.caption.endswith("Leveranser per segment"):
        (table,) = chart.tables
        segments = segment_of(doc)
        order = list(dict.fromkeys(segments[row[0]] for row in table[1:-1]))
        series = {name: [str(sum(int(row[j]) for row in table[1:-1] if segments[row[0]] == s)) for s in order]
                  for j, name in enumerate(table[0]) if j >= 2}
        return order, series
    if chart.caption.endswith("Finansiering per år"):
        columns, values = joined_columns(chart.tables)
        series = {row: [values[row][c] or None for c in columns] for row in values if row != "Sum"}
        return columns, series
    (table,) = chart.tables  # status or risiko per segment: one series per value column
    body = table[1:-1]
    return [row[0] for row in body], {name: [row[j] for row in body] for j, name in enumerate(table[0])
                                      if 0 < j < len(table[0]) - 1}


def shown(chart: Chart, value: str | None) -> str | None:
    """A c:v text as the table prints it (money: one decimal)."""
    if value is None or not chart.caption.endswith("Finansiering per år"):
        return value
    return format_number(Decimal(value), 1)


def assert_chart_matches_table(chart: Chart, doc) -> None:
    categories, series = expected_from_table(chart, doc)
    assert chart.categories == categories
    assert [s.name for s in chart.series] == list(series)
    for s in chart.series:
        assert [shown(chart, v) for v in s.values] == series[s.name], s.name
        # the embedded workbook holds the same: what «Rediger data» opens
        assert chart.cells(s.name_ref) == [s.name]
        cells = chart.cells(s.values_ref)
        assert [None if c is None else Decimal(str(c)) for c in cells] == \
               [None if v is None else Decimal(v) for v in s.values], s.name
    first = chart.series[0]
    column_a = first.values_ref.replace(first.values_ref.split("!$")[1].split("$")[0], "A")
    assert chart.cells(column_a) == categories


# --- the demo: the 40 examples through the CLI ----------------------------------------------------


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    folder = copy_examples(tmp_path_factory.mktemp("inn"))
    out = tmp_path_factory.mktemp("ut") / "V.docx"
    assert main(["merge", str(folder), "-o", str(out), "--quiet"]) == 0
    doc = docx.Document(str(out))
    return {"folder": folder, "path": out, "doc": doc, "charts": charts_in(doc)}


@pytest.mark.slow  # merges the whole folder (a whole end-to-end merge)
def test_demo_document_has_the_four_charts_with_captions(demo):
    assert [c.caption for c in demo["charts"]] == DEMO_CAPTIONS
    captions = [(style, text_of(e)) for _, style, e in summary_part(demo["doc"]) if text_of(e).startswith("Figur ")]
    assert captions == [("caption", c) for c in DEMO_CAPTIONS]
    with zipfile.ZipFile(demo["path"]) as z:
        names = z.namelist()
    assert sorted(n for n in names if n.startswith("word/charts/chart")) == [f"word/charts/chart{i}.xml" for i in range(1, 5)]
    assert len([n for n in names if n.startswith("word/embeddings/") and n.endswith(".xlsx")]) == 4


@pytest.mark.slow  # merges the whole folder (a whole end-to-end merge)
def test_demo_charts_have_the_values_of_their_tables_in_cache_and_workbook(demo):
    for chart in demo["charts"]:
        assert_chart_matches_table(chart, demo["doc"])
    status = demo["charts"][0]
    assert status.categories == ["Samstyre", "Koordinere", "Observere"]
    assert {s.name: s.values for s in status.series} == {"Grønn": ["4", "6", "9"], "Gul": ["7", "8", "5"],
                                                        "Rød": ["0", "1", "0"]}
    assert status.workbook.sheetnames == [SHEET]
    assert status.workbook[SHEET]["A1"].value == "Segment"


@pytest.mark.slow  # merges the whole folder (a whole end-to-end merge)
def test_demo_charts_are_stacked_except_leveranser_and_coloured_from_farger(demo):
    status, risiko, leveranser, kostnader = demo["charts"]
    assert [c.grouping for c in demo["charts"]] == ["stacked", "stacked", "clustered", "stacked"]
    for chart in (status, risiko):
        assert {s.name: s.colour for s in chart.series} == {n: FORM.farger[n] for n in ("Grønn", "Gul", "Rød")}
    colours = {s.name: s.colour for s in leveranser.series}
    assert colours["Ubesvart"] == "BFBFBF" and colours["Forfalt"] == FORM.farger["Rød"]
    assert {colours["Ja"], colours["Nei"], colours["Omdefinert"]} == {"accent1", "accent2", "accent3"}
    assert all(s.colour.startswith("accent") for s in kostnader.series)  # the theme decides


@pytest.mark.slow  # merges the whole folder (a whole end-to-end merge)
def test_demo_chart_alt_text_reads_the_numbers_in_norwegian(demo):
    status, _, leveranser, kostnader = demo["charts"]
    assert status.descr == ("Stablet stolpediagram: status per segment. Samstyre: Grønn 4, Gul 7, Rød 0. "
                            "Koordinere: Grønn 6, Gul 8, Rød 1. Observere: Grønn 9, Gul 5, Rød 0.")
    assert leveranser.descr.startswith("Stolpediagram: leveranser per segment")
    assert "Samstyre: Ja 31, Nei 25, Omdefinert 1, Ubesvart 25, Forfalt 6." in leveranser.descr
    assert f"2017: Øremerkede midler Statsbudsjettet {format_number(Decimal('14.9'), 1)}, " in kostnader.descr


@pytest.mark.slow  # merges the whole folder (a whole end-to-end merge)
def test_demo_charts_are_inline_as_wide_as_the_text_with_unique_ids(demo):
    section = demo["doc"].sections[-1]
    width = section.page_width - section.left_margin - section.right_margin
    for chart in demo["charts"]:
        assert abs(chart.extent[0] - width) < 635  # within a twip
        assert 0.4 * width < chart.extent[1] < 0.6 * width
    assert len({c.doc_pr_id for c in demo["charts"]}) == 4
    axis_ids = [int(a.get("val")) for c in demo["charts"] for a in c.space.iter(f"{{{c.space.nsmap['c']}}}axId")]
    assert min(axis_ids) >= 0


@pytest.mark.slow  # merges the whole folder (a whole end-to-end merge)
def test_demo_document_passes_openxml_audit(demo):
    from openxml_audit import OpenXmlValidator

    result = OpenXmlValidator().validate(str(demo["path"]))
    assert [(e.part_uri, e.path, e.description) for e in result.errors] == []


@pytest.mark.slow  # merges the whole folder (a whole end-to-end merge)
def test_diagrammer_false_leaves_the_charts_out_and_nothing_else(demo, tmp_path):
    folder = demo["folder"]
    settings_file = folder / "rapport.toml"
    text = settings_file.read_text(encoding="utf-8")
    assert "diagrammer = true" in text
    settings_file.write_text(text.replace("diagrammer = true", "diagrammer = false"), encoding="utf-8")
    try:
        assert main(["merge", str(folder), "-o", str(tmp_path / "V.docx"), "--quiet"]) == 0
    finally:
        settings_file.write_text(text, encoding="utf-8")
    plain = docx.Document(str(tmp_path / "V.docx"))
    assert charts_in(plain) == []
    with zipfile.ZipFile(tmp_path / "V.docx") as z:
        assert not [n for n in z.namelist() if "charts/" in n or "embeddings/" in n]

    def texts(doc, skip_figures: bool):
        return [(k, s, text_of(e)) for k, s, e in summary_part(doc)
                if not (skip_figures and (s == "caption" or e.find(".//{*}drawing") is not None))]

    assert texts(plain, False) == texts(demo["doc"], True)


@pytest.mark.slow  # merges the whole folder (a whole end-to-end merge)
def test_a_wrong_diagrammer_value_is_a_settings_error(demo, tmp_path, capsys):
    settings_file = tmp_path / "rapport.toml"
    text = (demo["folder"] / "rapport.toml").read_text(encoding="utf-8")
    settings_file.write_text(text.replace("diagrammer = true", 'diagrammer = "kanskje"'), encoding="utf-8")
    code = main(["merge", str(demo["folder"]), "-o", str(tmp_path / "V.docx"), "--innstillinger", str(settings_file)])
    assert code == 2
    assert "diagrammer" in capsys.readouterr().err


# --- generated portfolios -------------------------------------------------------------------------


@pytest.mark.slow
@settings(max_examples=20, deadline=None)
@given(portfolios(min_size=1, max_size=6))
def test_every_chart_series_equals_the_matching_table_row(tmp_path_factory, portfolio):
    items = ordered(portfolio, lambda t: t, report_settings(), FORM)
    summary, doc, _ = render_with_summary(items, tmp_path_factory.mktemp("d"))
    found = charts_in(doc)
    for chart in found:
        assert_chart_matches_table(chart, doc)
    assert [c.caption.split(":")[0] for c in found] == [f"Figur {i}" for i in range(1, len(found) + 1)]
    titles = [c.caption.split(": ", 1)[1] for c in found]
    assert ("Status per segment" in titles) == bool(summary.status.total)
    assert ("Leveranser per segment" in titles) == bool(summary.leveranser.count)
    assert ("Finansiering per år" in titles) == bool(summary.kostnader.table.rows)
    assert len({c.doc_pr_id for c in found}) == len(found)


def test_no_chart_for_an_empty_table(tmp_path):
    items = [make_tiltak("Alfa", segment="Observere", leveranser=[])]  # Observere: no risiko, no kostnader
    _, doc, _ = render_with_summary(items, tmp_path)
    assert [c.caption for c in charts_in(doc)] == ["Figur 1: Status per segment"]


def test_money_chart_leaves_a_gap_where_the_table_is_empty_and_keeps_decimals(tmp_path):
    kostnader = [Kostnad(finansierende_virksomhet="Helsedirektoratet", ar=2021, belop=Decimal("1.25")),
                 Kostnad(finansierende_virksomhet="Andre", ar=2022, belop=Decimal("3")),
                 Kostnad(finansierende_virksomhet="Andre", ar=None, belop=Decimal("0.5"))]
    items = [make_tiltak("Alfa", kostnader=kostnader,
                         leveranser=[Leveranse(navn="A", levert="")])]
    _, doc, _ = render_with_summary(items, tmp_path)
    money = next(c for c in charts_in(doc) if c.caption.endswith("Finansiering per år"))
    assert money.categories == ["2021", "2022", "Uten år"]
    assert {s.name: s.values for s in money.series} == {"Helsedirektoratet": ["1.25", None, None],
                                                       "Andre": [None, "3", "0.5"]}
    assert money.cells(money.series[0].values_ref) == [1.25, None, None]
    assert_chart_matches_table(money, doc)


# --- LibreOffice draws them -----------------------------------------------------------------------


def _pixels(ppm: bytes) -> bytes:
    """The RGB bytes of a binary PPM image as pdftoppm writes it (``P6\\nW H\\n255\\n``)."""
    magic, _size, depth, rgb = ppm.split(b"\n", 3)
    assert magic == b"P6" and depth == b"255"
    return rgb


def _count(rgb: bytes, colour: str, tolerance: int = 12) -> int:
    target = bytes.fromhex(colour)
    return sum(1 for i in range(0, len(rgb) - 2, 3)
               if all(abs(rgb[i + k] - target[k]) <= tolerance for k in range(3)))


@pytest.mark.slow
def test_libreoffice_draws_the_status_chart_in_the_pdf(tmp_path):
    office = office_or_skip()
    require_poppler()
    from pipeline.pdf.convert import docx_to_pdf

    items = [make_tiltak("Alfa", status="Grønn"), make_tiltak("Beta", status="Gul"),
             make_tiltak("Gamma", segment="Koordinere", status="Gul")]
    _, _, path = render_with_summary(items, tmp_path)
    pdf = docx_to_pdf(path, tmp_path / "ut.pdf", office=office).pdf
    pages = pdf_pages(pdf)
    number = next(i for i, page in enumerate(pages, start=1) if "Figur 1: Status per segment" in page)
    page = pages[number - 1]
    assert "Samstyre" in page and "Koordinere" in page and "Grønn" in page and "Gul" in page
    ppm = subprocess.run(["pdftoppm", "-r", "40", "-f", str(number), "-l", str(number), str(pdf)],
                         check=True, capture_output=True).stdout
    rgb = _pixels(ppm)
    # the bars fill an area in the status colours (table header cells are much smaller)
    assert _count(rgb, FORM.farger["Grønn"]) > 400 and _count(rgb, FORM.farger["Gul"]) > 800
