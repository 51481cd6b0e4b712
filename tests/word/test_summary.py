import shutil
import subprocess
from decimal import Decimal

import pytest
from docx.oxml.ns import qn
from hypothesis import given, settings

from tests.support.paths import INPUT
from pipeline.contract.formatting import format_number
from pipeline.contract.models import Drift, Kostnad
from pipeline.summary.portfolio import ordered
from pipeline.merge.export import record_to_tiltak
from pipeline.word.render import render_document
from pipeline.contract.settings import load_report_settings
from pipeline.summary.aggregate import build_summary
from pipeline.word.summary import summary_writer
from tests.support.render import body_items, cells, make_tiltak, reopen, report_settings, rows, text_of
from tests.support.summary import FORM, REPORT_DATE, as_decimal, fill_of, grid, portfolios, summary_part, summary_sections, tables_in

SUMMARY_HEADINGS = ["Porteføljeoversikt", "Status og risiko", "Leveranser", "Kostnader", "Drift og forvaltning",
                    "Avhengigheter", "Røde avhengigheter", "Nytte"]
SEGMENTS = ["Samstyre", "Koordinere", "Observere"]


def render_with_summary(items, tmp_path, name="ut.docx"):
    summary = build_summary(items, REPORT_DATE, FORM)
    doc = render_document(items, report_settings(), FORM, summary=summary_writer(summary, FORM))
    reopened, path = reopen(doc, tmp_path, name)
    return summary, reopened, path


@pytest.fixture(scope="module")
def seed_items(seed_records):
    return ordered([record_to_tiltak(r) for r in seed_records], lambda t: t, load_report_settings(INPUT / "rapport.toml"), FORM)


@pytest.fixture(scope="module")
def seed(seed_items, tmp_path_factory):
    summary, doc, path = render_with_summary(seed_items, tmp_path_factory.mktemp("sammendrag"))
    return {"summary": summary, "doc": doc, "path": path, "sections": summary_sections(doc)}


def chapter_part(doc):
    """The tiltak chapters: the body after the Sammendrag."""
    items = body_items(doc)
    start = next(i for i, (_, style, e) in enumerate(items)
                 if style == "heading 1" and text_of(e) != "Sammendrag")
    return items[start:]


def chapter_tables(doc) -> dict[str, dict[str, object]]:
    """Tiltak name -> section heading -> table, for the chapters after the Sammendrag."""
    result, current, title = {}, None, None
    for kind, style, element in chapter_part(doc):
        if style == "heading 2":
            current = result.setdefault(text_of(element), {})
        elif style == "heading 3":
            title = text_of(element)
        elif kind == "t" and current is not None and title is not None:
            current[title] = element
            title = None
    return result


def column_sum(table_element, header: str) -> Decimal:
    g = grid(table_element)
    index = g[0].index(header)
    return sum((as_decimal(row[index]) for row in g[1:]), Decimal(0))


# --- place in the document -----------------------------------------------------------------------


def test_sammendrag_comes_after_innhold_and_before_the_first_segment(seed):
    items = body_items(seed["doc"])
    styles = [(style, text_of(e)) for kind, style, e in items if kind == "p"]
    innhold = styles.index(("toc heading", "Innhold"))
    sammendrag = styles.index(("heading 1", "Sammendrag"))
    samstyre = styles.index(("heading 1", "Samstyre"))
    assert innhold < sammendrag < samstyre
    assert [t for s, t in styles if s == "heading 1"] == ["Sammendrag", *SEGMENTS]
    assert [text_of(e) for _, style, e in summary_part(seed["doc"]) if style == "heading 2"] == SUMMARY_HEADINGS


def test_the_table_of_contents_lists_the_summary_headings(seed):
    toc = [(style, text_of(e).strip()) for _, style, e in body_items(seed["doc"]) if style in ("toc 1", "toc 2")]
    start = toc.index(("toc 1", "Sammendrag"))
    assert [text for _, text in toc[start + 1:start + 1 + len(SUMMARY_HEADINGS)]] == SUMMARY_HEADINGS
    assert toc[start + 1 + len(SUMMARY_HEADINGS)] == ("toc 1", "Samstyre")


def test_sammendrag_and_the_first_segment_start_new_pages_but_summary_tables_do_not(seed):
    def page_break(element):
        found = element.find(f"{qn('w:pPr')}/{qn('w:pageBreakBefore')}")
        return None if found is None else found.get(qn("w:val"))

    headings = {text_of(e): e for _, style, e in body_items(seed["doc"]) if style in ("heading 1", "heading 2")}
    assert page_break(headings["Sammendrag"]) is None  # the Heading 1 style breaks the page
    assert page_break(headings["Samstyre"]) is None
    assert {page_break(headings[h]) for h in SUMMARY_HEADINGS} == {"0"}
    for title, items in seed["sections"].items():
        assert items[0][0] == "p" and text_of(items[0][2]), f"{title} mangler forklaring"


# --- contents ------------------------------------------------------------------------------------


def test_portfolio_has_one_row_per_tiltak_in_document_order(seed, seed_items):
    tables = tables_in(seed["sections"]["Porteføljeoversikt"])
    assert len(tables) == 3
    names = [row[0] for t in tables for row in grid(t)[1:]]
    assert names == [t.navn for t in seed_items]
    assert grid(tables[0])[0] == ["Tiltak", "Aktør", "Fase", "Sluttdato", "Status", "Risiko"]
    first = grid(tables[0])[1]
    assert first == ["Program for kodeverk og terminologi", "Direktoratet for e-helse", "Gjennomføre", "31.12.2023",
                     "Gul", "Gul"]
    assert {row[5] for row in grid(tables[2])[1:]} == {"–"}  # Observere does not report risiko


def test_status_cells_are_shaded_like_the_chapters(seed):
    table = tables_in(seed["sections"]["Porteføljeoversikt"])[0]
    for row in rows(table)[1:]:
        status_cell = cells(row)[4]
        assert fill_of(status_cell) == FORM.farger[text_of(status_cell)]
    status_header = rows(tables_in(seed["sections"]["Status og risiko"])[0])[0]
    assert [fill_of(c) for c in cells(status_header)[1:4]] == [FORM.farger[c] for c in ("Grønn", "Gul", "Rød")]


def test_status_table_in_the_docx(seed):
    status, risiko = (grid(t) for t in tables_in(seed["sections"]["Status og risiko"]))
    assert status == [["Segment", "Grønn", "Gul", "Rød", "Sum"],
                      ["Samstyre", "4", "7", "0", "11"],
                      ["Koordinere", "6", "8", "1", "15"],
                      ["Observere", "9", "5", "0", "14"],
                      ["Sum", "19", "20", "1", "40"]]
    assert risiko[-1] == ["Sum", "6", "18", "2", "26"]


def test_leveranser_totals_row_is_bold_and_equals_the_model(seed):
    table = tables_in(seed["sections"]["Leveranser"])[0]
    g = grid(table)
    assert g[0] == ["Tiltak", "Antall", "Ja", "Nei", "Omdefinert", "Ubesvart", "Forfalt"]
    lev = seed["summary"].leveranser
    assert g[-1] == ["Sum", *map(str, [lev.count, *(lev.total(a) for a in lev.answers), lev.overdue])]
    assert g[-1] == ["Sum", "243", "80", "91", "6", "66", "12"]
    last_runs = list(rows(table)[-1].iter(qn("w:r")))
    assert last_runs and all(r.find(f"{qn('w:rPr')}/{qn('w:rStyle')}") is not None for r in last_runs)


def test_header_rows_repeat_and_tables_use_the_named_style(seed):
    for element in tables_in(summary_part(seed["doc"])):
        assert rows(element)[0].find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None
        style = element.find(f"{qn('w:tblPr')}/{qn('w:tblStyle')}").get(qn("w:val"))
        assert style == "Innrapportering"


def test_kostnader_in_the_docx_equal_the_model_and_the_chapters(seed):
    tables = tables_in(seed["sections"]["Kostnader"])
    assert len(tables) == 2  # eleven years do not fit across the page: split by years
    parts = [grid(t) for t in tables]
    assert parts[0][0][1:] == ["2017", "2018", "2019", "2020", "2021", "2022"]
    assert parts[1][0][1:] == ["2023", "2024", "2025", "2026", "2027", "Sum"]
    assert parts[1][-1][-1] == format_number(seed["summary"].kostnader.table.total, 1) == "3\u00a0298,9"
    year_totals = [as_decimal(x) for part in parts for x in part[-1][1:]][:-1]
    assert sum(year_totals) == Decimal("3298.9")
    printed = sum(column_sum(sections["Kostnader"], "Beløp (mill. kr)")
                  for sections in chapter_tables(seed["doc"]).values() if "Kostnader" in sections)
    assert printed == Decimal("3298.9")


def test_drift_and_nytte_totals_equal_the_chapters(seed):
    chapters_ = chapter_tables(seed["doc"]).values()
    drift = grid(tables_in(seed["sections"]["Drift og forvaltning"])[0])
    assert drift[-1][-1] == "213,6"
    assert as_decimal(drift[-1][-1]) == sum(column_sum(c["Drift og forvaltning"], "Endring (mill. kr)")
                                         for c in chapters_ if "Drift og forvaltning" in c)
    nytte = grid(tables_in(seed["sections"]["Nytte"])[0])
    assert nytte[-1] == ["Sum", "", "7\u00a0146"]  # printed like the chapters print netto nytteverdi (191, 5, …)
    assert as_decimal(nytte[-1][-1]) == sum(column_sum(c["Nytte"], "Netto nytteverdi (mill. kr.)")
                                         for c in chapters_ if "Nytte" in c)


def test_red_dependencies_are_listed_with_their_tiltak(seed):
    g = grid(tables_in(seed["sections"]["Røde avhengigheter"])[0])
    assert [row[:2] for row in g[1:]] == [["Enklere digitale tjenester", "EPJ-leverandører"],
                                          ["Enklere digitale tjenester", "Sentral forskrivningsmodul (SFM)"],
                                          ["Legemiddelregisteret", "DIFA"],
                                          ["Kjernejournal dokumentdeling", "Norsk Helsenett"]]
    assert g[3][3] == "31.12.2021"


@pytest.mark.slow
@settings(max_examples=12, deadline=None)
@given(portfolios(min_size=1, max_size=5))
def test_generated_summary_totals_equal_the_chapter_tables(tmp_path_factory, portfolio):
    items = ordered(portfolio, lambda t: t, report_settings(), FORM)
    summary, doc, _ = render_with_summary(items, tmp_path_factory.mktemp("p"))
    sections = summary_sections(doc)
    chapters_ = chapter_tables(doc)
    assert sum(len(grid(t)) - 1 for t in tables_in(sections["Porteføljeoversikt"])) == len(items)
    lev = grid(tables_in(sections["Leveranser"])[0])
    assert int(lev[-1][1]) == sum(len(grid(c["Leveranser"])) - 1 for c in chapters_.values())
    if summary.counted_segments("kostnader"):
        kost = tables_in(sections["Kostnader"])
        printed = sum((column_sum(c["Kostnader"], "Beløp (mill. kr)") for c in chapters_.values() if "Kostnader" in c),
                      Decimal(0))
        assert as_decimal(grid(kost[-1])[-1][-1]) == printed == summary.kostnader.table.total
    else:
        assert tables_in(sections["Kostnader"]) == []


# --- layout ----------------------------------------------------------------------------------------


def test_wide_money_tables_are_split_and_fit_the_page(tmp_path):
    kost = [Kostnad(finansierende_virksomhet="Andre", ar=year, belop=Decimal("1234.5")) for year in range(2005, 2031)]
    kost.append(Kostnad(finansierende_virksomhet="Helsedirektoratet", ar=None, belop=Decimal("1.0")))
    drift = [Drift(losning="Helsenorge", ar=2022, endring=Decimal("-2.0"))]
    summary, doc, _ = render_with_summary([make_tiltak(kostnader=kost, drift=drift)], tmp_path)
    tables = tables_in(summary_sections(doc)["Kostnader"])
    assert len(tables) >= 3
    headers = [h for t in tables for h in grid(t)[0][1:]]
    assert headers == [*map(str, range(2005, 2031)), "Uten år", "Sum"]
    width = doc.sections[-1].page_width - doc.sections[-1].left_margin - doc.sections[-1].right_margin
    for t in tables:
        grid_cols = [int(c.get(qn("w:w"))) for c in t.iter(qn("w:gridCol"))]
        assert sum(grid_cols) <= width // 635
    assert grid(tables[-1])[-1][-1] == format_number(Decimal("1234.5") * 26 + 1, 1)
    assert grid(tables_in(summary_sections(doc)["Drift og forvaltning"])[0])[-1] == ["Sum", "\u22122,0", "\u22122,0"]


def test_only_observere_says_what_is_not_reported(tmp_path):
    _, doc, _ = render_with_summary([make_tiltak("O", "Observere", risiko="")], tmp_path)
    sections = summary_sections(doc)
    assert list(sections) == SUMMARY_HEADINGS
    for title in ("Kostnader", "Drift og forvaltning", "Nytte", "Avhengigheter"):
        assert tables_in(sections[title]) == []
        assert "Ingen tiltak" in text_of(sections[title][0][2])
    assert len(tables_in(sections["Status og risiko"])) == 2


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) er ikke installert")
def test_libreoffice_converts_the_summary(seed_items, tmp_path):
    _, _, path = render_with_summary(seed_items[:12], tmp_path)
    subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(path)],
                   check=True, capture_output=True, timeout=180)
    pdf = path.with_suffix(".pdf")
    assert pdf.stat().st_size > 10_000
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        assert "Porteføljeoversikt" in text and "Røde avhengigheter" in text
