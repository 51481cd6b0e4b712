"""The XML level of the feedback copies: cells and rows created where Excel expects them (xlsxpatch), and row
heights that show the wrapped messages (feedbackparts)."""

from __future__ import annotations

from lxml import etree

from pipeline.common.namespaces import SML
from pipeline.excel.xlsxpatch import cell_element


def _sheet(rows: dict[int, list[str]]) -> etree._Element:
    body = "".join(f'<row r="{r}" spans="1:3">' + "".join(f'<c r="{c}"/>' for c in cells) + "</row>"
                   for r, cells in rows.items())
    return etree.fromstring(f'<worksheet xmlns="{SML}"><sheetData>{body}</sheetData></worksheet>'.encode())


def _layout(sheet: etree._Element) -> list[tuple[str, list[str]]]:
    data = sheet.find(f"{{{SML}}}sheetData")
    assert all(row.tag == f"{{{SML}}}row" and all(c.tag == f"{{{SML}}}c" for c in row) for row in data)  # no other
    return [(row.get("r"), [c.get("r") for c in row]) for row in data]


def test_an_existing_cell_is_returned_not_duplicated():
    sheet = _sheet({1: ["A1", "C1"]})
    found = cell_element(sheet, "c1")
    assert found.get("r") == "C1"
    assert _layout(sheet) == [("1", ["A1", "C1"])]


def test_a_new_cell_goes_between_its_neighbours_and_after_the_last():
    sheet = _sheet({1: ["A1", "C1"]})
    between = cell_element(sheet, "B1")
    last = cell_element(sheet, "E1")
    assert (between.get("r"), last.get("r")) == ("B1", "E1")
    assert _layout(sheet) == [("1", ["A1", "B1", "C1", "E1"])]
    assert sheet.find(f".//{{{SML}}}row").get("spans") is None  # the old hint no longer holds


def test_a_new_row_goes_between_its_neighbours_and_after_the_last():
    sheet = _sheet({1: ["A1"], 3: ["A3"]})
    cell_element(sheet, "B2")
    cell_element(sheet, "A7")
    assert _layout(sheet) == [("1", ["A1"]), ("2", ["B2"]), ("3", ["A3"]), ("7", ["A7"])]


def test_feedback_rows_are_tall_enough_for_their_wrapped_text():
    """Neither Excel nor Calc fits row heights when opening a file: a long message must get a taller row,
    a short one the normal height, and a merged title row is measured over all the columns."""
    from pipeline.excel.feedbackparts import FeedbackCell, sheet_xml

    long = "Sluttdato: «31.13.2021» er ikke en gyldig dato. Skriv dd.mm.åååå. " * 6
    rows = [[FeedbackCell("Tilbakemelding " + "på innrapporteringen " * 8)], [FeedbackCell("kort"), FeedbackCell("ok")],
            [FeedbackCell("kort"), FeedbackCell(long)]]
    sheet = sheet_xml(rows, [12.0, 40.0], freeze=2)
    heights = {row.get("r"): float(row.get("ht")) for row in sheet.iter(f"{{{SML}}}row")}
    assert heights["2"] == min(heights.values()) < 2 * 15.0  # one line
    assert heights["3"] >= 15.0 * 5  # about 400 characters in a 40-character column: many lines
    assert 15.0 < heights["1"] < heights["3"]  # the title wraps over both columns, not in the first alone
    assert all(row.get("customHeight") == "1" for row in sheet.iter(f"{{{SML}}}row"))
