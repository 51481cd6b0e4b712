"""Each Sammendrag chart stays with its table (keep-with-next from the heading down to the caption, or the
last rows of a long table), its axis writes numbers as the document does (tallformat), and its category,
name and value references (c:f) point at the embedded workbook's cells that hold what the chart shows
(Word's «Rediger data» uses the references; LibreOffice draws from the cached values)."""

from __future__ import annotations

import shutil
import subprocess
from decimal import Decimal

import pytest
from docx.oxml.ns import qn

from pipeline.summary.aggregate import build_summary
from pipeline.word.charts import KEEP_ROWS, TAIL_ROWS
from pipeline.word.chartxml import SHEET
from pipeline.word.render import render_document
from pipeline.word.summary import summary_writer
from tests.support.charts import C, charts_in
from tests.support.render import make_tiltak, reopen, report_settings, text_of
from tests.support.summary import FORM, summary_part
from tests.word.test_summary import REPORT_DATE


@pytest.fixture(scope="module")
def seed_doc(seed_items, tmp_path_factory):
    from tests.word.test_summary import render_with_summary

    _, doc, path = render_with_summary(seed_items, tmp_path_factory.mktemp("diagram"))
    return doc, path


@pytest.fixture(scope="module")
def seed_items(seed_records):
    from pipeline.contract.settings import load_report_settings
    from pipeline.merge.export import record_to_tiltak
    from pipeline.summary.portfolio import ordered
    from tests.support.paths import INPUT

    report = load_report_settings(INPUT / "rapport.toml")
    return ordered([record_to_tiltak(r) for r in seed_records], lambda t: t, report, FORM)


def _keeps(p) -> bool:
    return p.find(f"{qn('w:pPr')}/{qn('w:keepNext')}") is not None


def _chains(doc):
    """Per chart: (the items from the nearest heading before it up to the chart, the chart paragraph, the caption)."""
    items = summary_part(doc)
    out = []
    for index, (kind, style, element) in enumerate(items):
        if kind == "p" and element.find(f".//{qn('w:drawing')}") is not None:
            start = max(i for i in range(index) if items[i][1].startswith("heading"))
            out.append(([e for _, _, e in items[start:index]], element, items[index + 1][2]))
    return out


def _rows(table):
    return table.findall(qn("w:tr"))


@pytest.mark.slow
def test_a_short_table_keeps_with_its_heading_chart_and_caption(seed_doc):
    doc, _ = seed_doc
    chains = _chains(doc)
    assert len(chains) == 4
    for before, chart, caption in chains[:2]:  # Status and Risiko: a few rows each
        tables = [e for e in before if e.tag == qn("w:tbl")]
        assert tables and sum(len(_rows(t)) for t in tables) <= KEEP_ROWS
        paragraphs = [p for e in before for p in ([e] if e.tag == qn("w:p") else e.iter(qn("w:p")))]
        assert all(_keeps(p) for p in paragraphs), text_of(before[0])
        assert _keeps(chart) and not _keeps(caption)
        assert text_of(caption).startswith("Figur ")


def test_a_long_table_keeps_only_its_last_rows_with_the_chart(seed_doc):
    doc, _ = seed_doc
    before, chart, _ = _chains(doc)[2]  # Leveranser: one row per tiltak
    (table,) = [e for e in before if e.tag == qn("w:tbl")]
    rows = _rows(table)
    assert len(rows) > KEEP_ROWS
    kept = [all(_keeps(p) for p in row.iter(qn("w:p"))) for row in rows]
    assert kept[-TAIL_ROWS:] == [True] * TAIL_ROWS
    assert not any(kept[1:-TAIL_ROWS])  # the body above stays where it falls (the header row repeats anyway)
    assert _keeps(chart)


def _ref_cells(chart, ref: str) -> list:
    assert ref.startswith(f"{SHEET}!$"), ref
    return chart.cells(ref)


def test_every_reference_points_at_the_workbook_cells_of_what_the_chart_shows(seed_doc):
    doc, _ = seed_doc
    for chart in charts_in(doc):
        columns = set()
        for ser in chart.space.iter(f"{C}ser"):
            name = ser.find(f"{C}tx/{C}strRef")
            cat = ser.find(f"{C}cat/{C}strRef")
            val = ser.find(f"{C}val/{C}numRef")
            categories = [pt.find(f"{C}v").text for pt in cat.find(f"{C}strCache").findall(f"{C}pt")]
            assert _ref_cells(chart, cat.find(f"{C}f").text) == categories == chart.categories, chart.caption
            names = [pt.find(f"{C}v").text for pt in name.find(f"{C}strCache").findall(f"{C}pt")]
            assert _ref_cells(chart, name.find(f"{C}f").text) == names
            cache = {int(pt.get("idx")): Decimal(pt.find(f"{C}v").text) for pt in val.find(f"{C}numCache").findall(f"{C}pt")}
            cells = _ref_cells(chart, val.find(f"{C}f").text)
            assert len(cells) == len(categories)
            assert {i: Decimal(str(v)) for i, v in enumerate(cells) if v is not None} == cache, (chart.caption, names)
            columns.add(val.find(f"{C}f").text.split("$")[1])
        assert len(columns) == len(chart.series)  # one column each
        sheet = chart.workbook[SHEET]
        assert sheet.max_row == len(chart.categories) + 1 and sheet.max_column == len(chart.series) + 1


def _axis_format(chart) -> str:
    return chart.space.find(f".//{C}valAx/{C}numFmt").get("formatCode")


def _money_doc(tmp_path, tallformat: str, amount: str):
    from pipeline.contract.models import Kostnad

    items = [make_tiltak("Alfa", kostnader=[Kostnad(finansierende_virksomhet="Andre", ar=2022, belop=Decimal(amount))])]
    report = report_settings(tallformat=tallformat)
    summary = summary_writer(build_summary(items, REPORT_DATE, FORM), FORM)
    doc, path = reopen(render_document(items, report, FORM, summary=summary), tmp_path, f"{tallformat}.docx")
    return next(c for c in charts_in(doc) if c.caption.endswith("Finansiering per år")), path


@pytest.mark.parametrize("tallformat, amount, code", [
    ("komma", "1200", "[$-414]#,##0"), ("komma", "2.5", "[$-414]#,##0.0"),
    ("punktum", "1200", "[$-409]0"), ("punktum", "2.5", "[$-409]0.0"),
])
@pytest.mark.slow
def test_the_money_axis_follows_tallformat(tmp_path, tallformat, amount, code):
    chart, _ = _money_doc(tmp_path, tallformat, amount)
    assert _axis_format(chart) == code


def _pdf_pages(docx_path, tmp_path) -> list[str]:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None or shutil.which("pdftotext") is None:
        pytest.skip("LibreOffice eller pdftotext mangler (.ci/run installerer dem)")
    subprocess.run([soffice, "--headless", "--norestore", f"-env:UserInstallation=file://{tmp_path}/profil",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(docx_path)], check=True,
                   capture_output=True, timeout=300)
    pdf = tmp_path / docx_path.with_suffix(".pdf").name
    return subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", str(pdf), "-"], check=True, capture_output=True,
                          text=True).stdout.split("\f")


@pytest.mark.slow
def test_libreoffice_puts_the_risiko_table_and_its_chart_on_one_page_and_writes_1_000(seed_doc, tmp_path):
    _, path = seed_doc
    local = tmp_path / path.name
    shutil.copy(path, local)
    pages = _pdf_pages(local, tmp_path)
    for caption, heading in (("Figur 1: Status per segment", "Status"), ("Figur 2: Risiko per segment", "Risiko")):
        page = next(p for p in pages if caption in p)
        lines = [line.strip() for line in page.splitlines()]
        assert heading in lines and "Segment" in " ".join(lines), caption  # heading and table on the chart's page
    money = next(p for p in pages if "Figur 4: Finansiering per år" in p)
    axis = [line.strip() for line in money.split("Figur 4")[0].splitlines()[-40:]]
    assert any(line.replace("\u00a0", " ") == "1 000" for line in axis) and "1,000" not in money
