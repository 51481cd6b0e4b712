"""The chart parts on a small document (fast): every chart kind the Sammendrag draws passes the Open XML
schema check Word applies, and the bar chart's settings that show (vertical columns, one colour per series,
no update from the embedded workbook on opening) are written as Word writes them.

The demo document of the 40 examples gets the same schema check in test_charts.py (slow)."""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal

import pytest
from lxml import etree

from pipeline.contract.models import Kostnad, Leveranse
from tests.support.charts import C, R_ID, charts_in
from tests.support.render import make_tiltak
from tests.word.test_summary import render_with_summary


@pytest.fixture
def small(tmp_path):
    """Four charts: status and risiko per segment (stacked, counts), leveranser (clustered) and money (decimals).
    Made for each test (half a second): mutmut links a module fixture's calls to the first test only."""
    kostnader = [Kostnad(finansierende_virksomhet="Helsedirektoratet", ar=2021, belop=Decimal("1.25")),
                 Kostnad(finansierende_virksomhet="Andre", ar=2022, belop=Decimal("3"))]
    items = [make_tiltak("Alfa", kostnader=kostnader, leveranser=[Leveranse(navn="A", levert="Ja")]),
             make_tiltak("Beta", segment="Koordinere", status="Rød", risiko="Gul")]
    _, doc, path = render_with_summary(items, tmp_path)
    return {"doc": doc, "path": path, "charts": charts_in(doc)}


@pytest.mark.slow
def test_every_chart_kind_passes_the_open_xml_schema_check(small):
    from openxml_audit import OpenXmlValidator

    assert len(small["charts"]) == 4
    result = OpenXmlValidator().validate(str(small["path"]))
    assert [(e.part_uri, e.path, e.description) for e in result.errors] == []


def test_columns_stand_upright_each_series_has_one_colour_and_the_workbook_is_not_reread(small):
    with zipfile.ZipFile(small["path"]) as z:
        parts = [etree.fromstring(z.read(n)) for n in z.namelist() if n.startswith("word/charts/chart")]
    assert len(parts) == 4
    for space in parts:
        bar = space.find(f"{C}chart/{C}plotArea/{C}barChart")
        assert bar.find(f"{C}barDir").get("val") == "col"  # columns, not horizontal bars
        assert bar.find(f"{C}varyColors").get("val") == "0"  # one colour per series, not per column
        external = space.find(f"{C}externalData")
        assert external.get(R_ID) and external.find(f"{C}autoUpdate").get("val") == "0"
        assert [etree.QName(c).localname for c in external] == ["autoUpdate"]


def test_the_embedded_workbook_opens_with_the_chart_s_data(small):
    money = next(c for c in small["charts"] if c.caption.endswith("Finansiering per år"))
    sheet = money.workbook.active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0][1:] == [s.name for s in money.series]
    assert [r[0] for r in rows[1:]] == money.categories == ["2021", "2022"]
    code = money.space.find(f".//{C}numCache/{C}formatCode").text
    assert all(cell.number_format == code for row in sheet.iter_rows(min_row=2, min_col=2) for cell in row)
    for chart in small["charts"]:
        for ser in chart.space.iter(f"{C}ser"):
            assert chart.cells(ser.find(f"{C}cat/{C}strRef/{C}f").text) == chart.categories  # «Rediger data»
    with zipfile.ZipFile(io.BytesIO(_embedded(small, money))) as z:
        assert all(info.date_time == (1980, 1, 1, 0, 0, 0) for info in z.infolist())  # the same bytes every time
        assert all(info.compress_type == zipfile.ZIP_DEFLATED for info in z.infolist())
        assert not [name for name in z.namelist() if name.startswith("docProps/")]  # no time of writing anywhere


def _embedded(small, chart) -> bytes:
    doc = small["doc"]
    part = next(p for p in doc.part.package.iter_parts() if str(p.partname) == chart.partname)
    book_rel = part.rels[chart.space.find(f"{C}externalData").get(R_ID)]
    return book_rel.target_part.blob
