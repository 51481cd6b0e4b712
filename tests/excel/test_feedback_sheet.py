"""The sheet «Tilbakemelding» as Excel and LibreOffice show it: a worksheet part Excel opens without repair
(elements in the schema's order, no stray text), the header and captions frozen above the findings, the title
rows merged, column widths and printing, rows tall enough for what the actor typed; and how it is put first:
sheet-scoped names (print titles, print areas) stay with their sheets, the workbook opens on it, and feedback
on a feedback copy replaces the old sheet (contents, relationships, place and visibility)."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from lxml import etree
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.workbook.views import BookView
from openpyxl.worksheet.views import SheetView
from tests.excel.test_feedback import FORM, REPORT_DATE, _copy, _fix, _several_kinds
from tests.support.feedback import named, template_workbook
from tests.support.package import strict_package

from pipeline.contract.positions import FEEDBACK_SHEET
from pipeline.excel.feedback import WIDTHS
from pipeline.excel.feedbackparts import FeedbackCell, sheet_xml
from pipeline.validate.batch import check_workbook

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
#: The children of a worksheet in the order ECMA-376 Part 1 (§18.3.1.99, CT_Worksheet) allows them.
WORKSHEET_ORDER = ("sheetPr", "dimension", "sheetViews", "sheetFormatPr", "cols", "sheetData", "sheetCalcPr",
                   "sheetProtection", "protectedRanges", "scenarios", "autoFilter", "sortState", "dataConsolidate",
                   "customSheetViews", "mergeCells", "phoneticPr", "conditionalFormatting", "dataValidations",
                   "hyperlinks", "printOptions", "pageMargins", "pageSetup", "headerFooter", "rowBreaks", "colBreaks",
                   "customProperties", "cellWatches", "ignoredErrors", "smartTags", "drawing", "legacyDrawing",
                   "legacyDrawingHF", "drawingHF", "picture", "oleObjects", "controls", "webPublishItems",
                   "tableParts", "extLst")
#: The only worksheet elements with text content (strings, values, formulas); all others hold elements only.
TEXT_ELEMENTS = {"t", "v", "f"}


def _assert_excel_reads(sheet: etree._Element) -> None:
    """Known children in the schema's order, and text only where the schema has text (the schema has no mixed
    content: Excel repairs a part with text between elements or an element it does not know)."""
    names = [etree.QName(child).localname for child in sheet]
    assert all(n in WORKSHEET_ORDER for n in names), names
    assert names == sorted(names, key=WORKSHEET_ORDER.index), names
    for element in sheet.iter():
        if etree.QName(element).localname not in TEXT_ELEMENTS:
            assert not (element.text or "").strip(), (etree.QName(element).localname, element.text)
        assert not (element.tail or "").strip(), (etree.QName(element).localname, element.tail)


def _feedback_part(copy: Path) -> tuple[dict, etree._Element]:
    package = strict_package(copy)
    name, _, part, _ = package["sheets"][0]
    assert name == FEEDBACK_SHEET
    return package, package["xml"][part]


def _scoped_names(package: dict) -> set[tuple[str, str, str]]:
    """(name, the sheet it belongs to, what it refers to) for every sheet-scoped defined name."""
    sheets = [s[0] for s in package["sheets"]]
    return {(d.get("name"), sheets[int(d.get("localSheetId"))], d.text)
            for d in package["xml"]["xl/workbook.xml"].iter(f"{MAIN}definedName") if d.get("localSheetId") is not None}


def _book_view(package: dict) -> etree._Element:
    return package["xml"]["xl/workbook.xml"].find(f"{MAIN}bookViews/{MAIN}workbookView")


def _caption_row(ws) -> int:
    """The captions: the first row with more than one text (the rows above are one text across the sheet)."""
    rows = enumerate(ws.iter_rows(values_only=True), start=1)
    return next(r for r, row in rows if sum(v is not None for v in row) > 1)


# --- the sheet --------------------------------------------------------------------------------------------

def test_the_sheet_is_a_worksheet_excel_reads_as_is(tmp_path):
    copy = _copy(template_workbook(tmp_path, "mange-feil.xlsx", _several_kinds), tmp_path / "ut")
    _, sheet = _feedback_part(copy)
    _assert_excel_reads(sheet)
    assert len(sheet.findall(f"{MAIN}sheetData/{MAIN}row")) >= 7  # the header, the captions and findings


def test_header_and_captions_stay_in_view_and_the_title_rows_span_the_columns(tmp_path):
    copy = _copy(template_workbook(tmp_path, "mange-feil.xlsx", _several_kinds), tmp_path / "ut")
    _, sheet = _feedback_part(copy)
    ws = openpyxl.load_workbook(copy)[FEEDBACK_SHEET]
    captions = _caption_row(ws)
    [pane] = sheet.iter(f"{MAIN}pane")  # frozen: the rows down to the captions stay when scrolling the findings
    assert pane.get("state") == "frozen"
    assert (pane.get("ySplit"), pane.get("topLeftCell")) == (str(captions), f"A{captions + 1}")
    assert pane.get("activePane") == "bottomLeft" and pane.get("xSplit") is None  # no frozen columns
    assert ws.freeze_panes == f"A{captions + 1}"

    last = openpyxl.utils.get_column_letter(ws.max_column)
    texts = [r for r in range(1, captions) if ws.cell(r, 1).value is not None]
    assert len(texts) >= 4  # the title, who, when and how
    assert {str(m) for m in ws.merged_cells.ranges} == {f"A{r}:{last}{r}" for r in texts}  # wraps over the width
    empty = [r for r in range(1, captions) if r not in texts]
    assert empty and all(ws.row_dimensions[r].height == ws.sheet_format.defaultRowHeight for r in empty)


def test_columns_links_and_printing(tmp_path):
    copy = _copy(template_workbook(tmp_path, "mange-feil.xlsx", _several_kinds), tmp_path / "ut")
    ws = openpyxl.load_workbook(copy)[FEEDBACK_SHEET]
    letters = [openpyxl.utils.get_column_letter(i) for i in range(1, len(WIDTHS) + 2)]
    assert [ws.column_dimensions[c].width if c in ws.column_dimensions else None for c in letters] == [*WIDTHS, None]
    assert max(WIDTHS) == WIDTHS[[c.value for c in ws[_caption_row(ws)]].index("Melding")]  # the messages the widest
    links = [c for row in ws.iter_rows(min_row=_caption_row(ws) + 1) for c in row if c.hyperlink]
    assert links and all(c.hyperlink.display == c.value for c in links)  # the link shows the cell's own text
    assert ws.page_setup.orientation == "landscape"  # printed landscape, one page wide, as many pages down as needed
    assert ws.sheet_properties.pageSetUpPr.fitToPage and (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 0)


def test_rows_are_tall_enough_for_line_breaks_and_long_values_in_their_own_column(tmp_path):
    """Neither Excel nor Calc fits a row's height when opening a file: a value the actor typed over several
    lines (Alt+Enter) needs a line height per line, and a long value in the narrow «Verdi» column wraps within
    that column, not over the whole sheet's width."""
    lines = "Ferdig\nmed\nalt\nsammen"
    capitals = "MMMMMMM " * 40  # a capital M is wider than a digit: a column of width w holds at most w of them

    def edit(wb) -> None:
        _several_kinds(wb)
        named(wb, "Tiltak_Fase").value = lines
        named(wb, "Tiltak_Innforingsstrategi").value = capitals

    copy = _copy(template_workbook(tmp_path, "lange.xlsx", edit), tmp_path / "ut")
    ws = openpyxl.load_workbook(copy)[FEEDBACK_SHEET]
    line = ws.sheet_format.defaultRowHeight  # one line of the workbook's font
    for text, least in ((lines, 4), (capitals, None)):
        [cell] = [c for row in ws.iter_rows() for c in row if c.value == text]
        width = ws.column_dimensions[cell.column_letter].width
        least = least or capitals.count("M") // int(width)
        assert ws.row_dimensions[cell.row].height >= line * least, (text[:10], least)


def test_a_sheet_without_a_header_or_links_gets_no_pane_merge_or_link_list_and_numbers_stay_numbers():
    widths = [10.0, 30.0]
    plain = sheet_xml([[FeedbackCell("Grad"), FeedbackCell(2024)], [FeedbackCell("Feil")]], widths, freeze=1)
    _assert_excel_reads(plain)
    names = {etree.QName(e).localname for e in plain.iter()}
    assert not names & {"pane", "mergeCells", "hyperlinks"}  # an empty list is against the schema
    [number] = [c for c in plain.iter(f"{MAIN}c") if c.get("r") == "B1"]
    assert number.get("t") is None and number.findtext(f"{MAIN}v") == "2024"  # a number Excel can count with

    one = sheet_xml([[FeedbackCell("Tittel")], [FeedbackCell("Feil")]], widths, freeze=2)  # one row frozen
    _assert_excel_reads(one)
    [pane] = one.iter(f"{MAIN}pane")
    assert (pane.get("ySplit"), pane.get("topLeftCell")) == ("1", "A2")
    assert [m.get("ref") for m in one.iter(f"{MAIN}mergeCell")] == ["A1:B1"]  # the title; not the first scrolled row


# --- put first ----------------------------------------------------------------------------------------------

def test_sheet_scoped_names_stay_with_their_sheets_and_the_workbook_opens_on_the_feedback(tmp_path):
    """A sheet-scoped name (print titles, a print area, the filter range) says its sheet by position
    (``localSheetId``, counted from 0); with a sheet put first, each must count one more, or the print titles
    of one sheet print on another. The book view's ``activeTab`` and ``firstSheet`` are positions too."""

    def edit(wb) -> None:
        _several_kinds(wb)
        wb["Veiledning"].print_area = "A1:D20"  # the first sheet: position 0
        wb["Leveranser"].print_title_rows = "4:4"
        wb["Kostnader"].defined_names["Egen"] = DefinedName("Egen", attr_text="'Kostnader'!$A$5")
        wb.active = 2  # the actor saved the workbook with Leveranser open …
        wb.views[0].firstSheet = 1  # … and the tabs scrolled past the first

    original = template_workbook(tmp_path, "navn.xlsx", edit)
    before = strict_package(original)
    assert len(_scoped_names(before)) == 3
    copy = _copy(original, tmp_path / "ut")
    after, _ = _feedback_part(copy)
    assert _scoped_names(after) == _scoped_names(before)
    view = _book_view(after)
    assert (view.get("activeTab"), view.get("firstSheet")) == ("0", "0")
    assert after["selected"] == [FEEDBACK_SHEET]
    assert openpyxl.load_workbook(copy)["Leveranser"].print_title_rows == "$4:$4"


def test_a_sheet_open_in_two_windows_is_unselected_in_both(tmp_path):
    """Excel keeps one view per window (Vis > Nytt vindu) of a sheet; a view without ``tabSelected`` beside a
    selected one must not stop the copy."""

    def edit(wb) -> None:
        _several_kinds(wb)
        wb.views.append(BookView())
        ws = wb["Tiltak"]
        ws.sheet_view.tabSelected = True
        ws.views.sheetView.append(SheetView(workbookViewId=1))

    copy = _copy(template_workbook(tmp_path, "vinduer.xlsx", edit), tmp_path / "ut")
    package, _ = _feedback_part(copy)
    assert package["selected"] == [FEEDBACK_SHEET]


def test_feedback_on_a_saved_feedback_copy_replaces_its_findings_notes_place_and_visibility(tmp_path):
    """The actor fixes some findings in the copy, writes a note on the feedback sheet, gives it a print area,
    hides it and drags it among the others, and saves with another sheet open; the new copy lists only what is
    left, without the old note, and opens on the feedback sheet, first and visible, with every sheet-scoped name
    (before, on and after the old place) still on its sheet."""
    original = template_workbook(tmp_path, "mange-feil.xlsx", _several_kinds)
    first = _copy(original, tmp_path / "en")
    wb = openpyxl.load_workbook(first)
    _fix(wb)
    ws = wb[FEEDBACK_SHEET]
    ws["H2"].comment = openpyxl.comments.Comment("Sett på dette", "Kari")
    ws.print_area = "A1:F20"
    ws.sheet_state = "hidden"
    wb.move_sheet(ws, offset=wb.sheetnames.index("Leveranser"))  # after Leveranser
    wb["Leveranser"].print_title_rows = "4:4"
    wb["Kostnader"].defined_names["Egen"] = DefinedName("Egen", attr_text="'Kostnader'!$A$5")
    wb.active = wb.sheetnames.index("Leveranser")
    for sheet in wb.worksheets:
        sheet.sheet_view.tabSelected = sheet.title == "Leveranser"
    saved = tmp_path / "lagret" / "mange-feil.xlsx"
    saved.parent.mkdir()
    wb.save(saved)
    before = strict_package(saved)
    order = [s[0] for s in before["sheets"]]
    assert order.index("Leveranser") < order.index(FEEDBACK_SHEET) < order.index("Kostnader")
    assert len(_scoped_names(before)) == 3

    again = _copy(saved, tmp_path / "to")
    package, sheet = _feedback_part(again)
    _assert_excel_reads(sheet)
    assert [s[0] for s in package["sheets"]] == [FEEDBACK_SHEET, *(n for n in order if n != FEEDBACK_SHEET)]
    assert _scoped_names(package) == _scoped_names(before)
    view = _book_view(package)
    assert (view.get("activeTab"), view.get("firstSheet")) == ("0", "0") and package["selected"] == [FEEDBACK_SHEET]
    reread = openpyxl.load_workbook(again)
    assert reread.active.title == FEEDBACK_SHEET and reread[FEEDBACK_SHEET].sheet_state == "visible"
    ws = reread[FEEDBACK_SHEET]
    assert not [c for row in ws.iter_rows() for c in row if c.comment]  # the old note is not on the new sheet
    left = check_workbook(saved, FORM, REPORT_DATE).issues
    assert 0 < len(left) < len(check_workbook(original, FORM, REPORT_DATE).issues)
    findings = list(ws.iter_rows(min_row=_caption_row(ws) + 1, values_only=True))
    assert sorted((r[1], r[2], r[5]) for r in findings) == sorted((i.sheet, i.cell, i.message) for i in left)
