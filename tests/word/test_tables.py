"""Column widths: every word fits its column when the page is wide enough, else as many as can."""

from __future__ import annotations

from docx.oxml.ns import qn

from pipeline.contract.models import Avhengighet
from pipeline.word.render import render_document
from pipeline.word.tables import CELL_PADDING, column_widths, fit_columns, text_twips, word_twips, words
from tests.support.render import make_tiltak, reopen, report_settings


def test_text_width_follows_the_letters():
    assert text_twips("iiii") < text_twips("nnnn") < text_twips("mmmm")
    assert text_twips("Registerforvaltere") > text_twips("Registerforvalt")
    # 9 pt Calibri: a date (eight digits, two points) measures 826 twips (about 1.5 cm)
    assert 826 <= text_twips("01.12.2021") <= 870


def test_a_line_breaks_at_spaces_and_after_a_hyphen_before_a_letter():
    assert words("Regelverksendringer/-fortolkninger og  EPJ-utvikling") == [
        "Regelverksendringer/-", "fortolkninger", "og", "EPJ-", "utvikling"]
    assert words("1-2 -5") == ["1-2", "-5"]
    assert word_twips(["kort", "langtordher"]) == text_twips("langtordher") + CELL_PADDING


def test_every_longest_word_fits_when_there_is_room():
    needs = [[500, 1800, 900], [1200], []]
    widths = fit_columns(needs, [700, 700, 700], [2, 1, 1], 9000)
    assert sum(widths) == 9000
    assert widths[0] >= 1800 and widths[1] >= 1200 and widths[2] >= 700


def test_width_goes_where_most_words_fit_when_not_all_can():
    # one long word in the first column, ten in the second: only one of the two groups fits
    needs = [[3000], [2000] * 10, [600]]
    widths = fit_columns(needs, [500, 500, 600], [1, 1, 1], 4000)
    assert sum(widths) == 4000
    assert widths[1] >= 2000 and widths[0] < 3000 and widths[2] >= 600


def test_floors_that_do_not_fit_cut_only_the_widest():
    assert column_widths([1, 1, 1], 3000, [500, 2000, 2500]) == [500, 1250, 1250]
    assert fit_columns([[], [], []], [500, 2000, 2500], [1, 1, 1], 3000) == [500, 1250, 1250]


def test_dependency_columns_fit_the_longest_word_of_their_values(form_settings, tmp_path):
    long_word = "Registerforvaltere"
    item = make_tiltak(avhengigheter=[Avhengighet(aktor=long_word, hva="Samarbeid om data", status="Gul")])
    doc, _ = reopen(render_document([item], report_settings(), form_settings), tmp_path)
    tables = [t for t in doc.tables if t.rows[0].cells[0].text.startswith("Hvilken aktør")]
    assert len(tables) == 1
    grid = [int(c.get(qn("w:w"))) for c in tables[0]._tbl.tblGrid.findall(qn("w:gridCol"))]
    assert grid[0] >= text_twips(long_word) + CELL_PADDING
    assert sum(grid) == sum(int(c.get(qn("w:w"))) for c in doc.tables[0]._tbl.tblGrid.findall(qn("w:gridCol")))
