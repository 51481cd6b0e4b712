"""How a feedback copy marks the actor's cells and attaches its notes, seen as Excel reads the file: the fill on a
cell that keeps the rest of its format (also the workbook's default format, and in a styles part without the lists
Excel writes), the fonts of the feedback sheet, each note box beside its own cell and as tall as its text, and the
parts, types and names the notes need (ECMA-376 part 2: every part typed, no two part names equal but for case).

The workbooks are small ones written with openpyxl and the findings are made by hand, so each test decides where
the notes go and how long they are."""

from __future__ import annotations

import math
import re
import zipfile
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from lxml import etree
from openpyxl.styles import Alignment, Border, Protection, Side

from pipeline.contract.issues import Code, Issue, Severity
from pipeline.contract.positions import FEEDBACK_SHEET
from pipeline.excel.feedback import FILLS, feedback_bytes
from pipeline.excel.xlsxpatch import COMMENTS_TYPE, VML_TYPE, Package
from pipeline.validate.batch import FileResult
from tests.support.package import strict_package

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
VML = "{urn:schemas-microsoft-com:vml}"
XL = "{urn:schemas-microsoft-com:office:excel}"
#: The children of ``styleSheet`` in the order of the schema's sequence (CT_Stylesheet).
STYLE_ORDER = ["numFmts", "fonts", "fills", "borders", "cellStyleXfs", "cellXfs", "cellStyles", "dxfs",
               "tableStyles", "colors", "extLst"]
#: Characters of a note's 9-point text on one line of its box (four columns wide); a row of the sheet per line.
LINE = 45


def _book(folder: Path, name: str = "bok.xlsx", styled: bool = True) -> Path:
    """A small workbook: a sheet with an amount, a date and a text (formatted, bordered, unlocked when ``styled``)
    and a second sheet with a plain number."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Leveranser"
    ws["A1"], ws["A3"], ws["B3"], ws["C3"] = "Leveranser", "Første leveranse", 1200.5, 45838
    if styled:
        ws["B3"].number_format = "#,##0.00"
        ws["C3"].number_format = "DD.MM.YYYY"
        ws["C3"].border = Border(left=Side(style="thin"), bottom=Side(style="double"))
        ws["C3"].alignment = Alignment(horizontal="center", vertical="top")
        ws["C3"].protection = Protection(locked=False)
    wb.create_sheet("Kostnader")["B4"] = 12
    path = folder / name
    folder.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


def _finding(sheet: str, cell: str, message: str, severity: Severity = Severity.ERROR) -> Issue:
    return Issue(Code.BAD_DATE if severity is Severity.ERROR else Code.EXPECTED_EMPTY, severity, message,
                 sheet=sheet, cell=cell)


def _copy(path: Path, findings: list[Issue], name: str = "kopi.xlsx") -> Path:
    """The feedback copy of ``path`` with these findings, written next to it."""
    out = path.parent / name
    out.write_bytes(feedback_bytes(path.read_bytes(), FileResult(path=path, tiltak=None, issues=findings),
                                   date(2024, 3, 1)))
    return out


def _rewrite(path: Path, part: str, change) -> Path:
    """The workbook with one part's text changed (as another program would have written it)."""
    pkg = Package(path.read_bytes())
    pkg.put(part, change(pkg.parts[part].decode("utf-8")).encode("utf-8"))
    out = path.parent / ("endret-" + path.name)
    out.write_bytes(pkg.save())
    return out


def _parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


# --- fills ---------------------------------------------------------------------------------------

def test_a_cell_without_a_format_of_its_own_keeps_the_workbooks_default_format_when_filled(tmp_path):
    """An actor who changed the Normal style (here: two decimals, centred) sees it in every cell without a format of
    its own, which Excel writes as the first cell format; a marked cell must keep showing its number that way."""
    def normal(styles: str) -> str:
        first = re.search(r"<cellXfs[^>]*>(<xf [^>]*/>)", styles).group(1)
        return styles.replace(first, '<xf numFmtId="4" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"'
                                     ' applyAlignment="1"><alignment horizontal="center"/></xf>', 1)

    book = _rewrite(_book(tmp_path), "xl/styles.xml", normal)
    before = openpyxl.load_workbook(book)["Kostnader"]["B4"]
    assert (before.number_format, before.alignment.horizontal) == ("#,##0.00", "center")  # the workbook has it
    copy = _copy(book, [_finding("Kostnader", "B4", "Beløpet er for stort."),
                        _finding("Leveranser", "B3", "Beløpet mangler kilde.", Severity.WARNING),
                        _finding("Leveranser", "C3", "Datoen er for tidlig.", Severity.WARNING)])
    wb = openpyxl.load_workbook(copy)
    cell = wb["Kostnader"]["B4"]
    assert cell.fill.fgColor.rgb == "FF" + FILLS[Severity.ERROR]
    assert (cell.number_format, cell.alignment.horizontal) == ("#,##0.00", "center")
    amount = wb["Leveranser"]["B3"]  # and a cell with a format of its own keeps that
    assert (amount.number_format, amount.fill.fgColor.rgb) == ("#,##0.00", "FF" + FILLS[Severity.WARNING])
    when = wb["Leveranser"]["C3"]
    assert (when.number_format, when.border.left.style, when.border.bottom.style) == ("DD.MM.YYYY", "thin", "double")
    assert (when.alignment.horizontal, when.alignment.vertical, when.protection.locked) == ("center", "top", False)
    assert when.fill.fgColor.rgb == "FF" + FILLS[Severity.WARNING]


_FONTS = '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
_FILLS = '<fills count="2"><fill><patternFill/></fill><fill><patternFill patternType="gray125"/></fill></fills>'
_BORDERS = '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
_NUMBERS = '<numFmts count="1"><numFmt numFmtId="164" formatCode="0.0"/></numFmts>'


@pytest.mark.filterwarnings("ignore:Workbook contains no default style:UserWarning")  # openpyxl on the thin styles part the test makes on purpose
@pytest.mark.parametrize("lists", [_NUMBERS + _FONTS, _FONTS + _FILLS + _BORDERS,
                                   _FONTS + _FILLS + _BORDERS + '<cellStyleXfs count="1"><xf/></cellStyleXfs>',
                                   _NUMBERS], ids=["tall-og-skrift", "uten-celleformater", "med-stilformater",
                                                   "bare-tallformater"])
def test_a_styles_part_missing_lists_gets_them_where_the_schema_puts_them(tmp_path, lists):
    """A workbook from a program that writes only some of the lists (all are optional in the schema): the copy adds
    the missing fonts, fills and cell formats where the schema's sequence puts them (Excel repairs a styles part out
    of order), and the marked cells show their colour."""
    minimal = (f'<?xml version="1.0" encoding="UTF-8"?>\n<styleSheet xmlns="{MAIN[1:-1]}">{lists}'
               '<dxfs count="0"/></styleSheet>')
    book = _rewrite(_book(tmp_path, styled=False), "xl/styles.xml", lambda _: minimal)
    copy = _copy(book, [_finding("Leveranser", "B3", "Beløpet mangler kilde."),
                        _finding("Kostnader", "B4", "Sjekk beløpet.", Severity.WARNING)])
    styles = strict_package(copy)["xml"]["xl/styles.xml"]
    names = [etree.QName(e).localname for e in styles]
    assert names == sorted(names, key=STYLE_ORDER.index)
    assert {"fills", "cellXfs"} <= set(names)
    wb = openpyxl.load_workbook(copy)
    assert wb["Leveranser"]["B3"].fill.fgColor.rgb == "FF" + FILLS[Severity.ERROR]
    assert wb["Kostnader"]["B4"].fill.fgColor.rgb == "FF" + FILLS[Severity.WARNING]
    assert wb["Leveranser"]["B3"].value == 1200.5


# --- the feedback sheet's fonts ------------------------------------------------------------------

def test_the_captions_are_bold_and_the_cell_links_look_like_links_in_the_size_of_the_text(tmp_path):
    copy = _copy(_book(tmp_path), [_finding("Leveranser", "C3", "Datoen er ugyldig.")])
    ws = openpyxl.load_workbook(copy)[FEEDBACK_SHEET]
    text, title, caption, link = ws["A2"].font, ws["A1"].font, ws["A6"].font, ws["C7"].font
    assert ws["C7"].hyperlink is not None and ws["A6"].value and ws["A2"].value
    assert (title.b, title.sz) == (True, 14)
    assert caption.b and not caption.u and (caption.color is None or caption.color.rgb != link.color.rgb)
    assert link.u == "single" and not link.b and link.color.rgb == "FF0563C1"
    assert not text.b and not text.u
    assert caption.sz == link.sz == text.sz  # the size of the sheet's text (the workbook's first font)


# --- notes ---------------------------------------------------------------------------------------

def _boxes(copy: Path, sheet: str) -> dict[str, tuple[list[int], str]]:
    """Cell -> (the anchor of its note box, the shape's id), from the VML drawing of ``sheet``."""
    pkg = Package(copy.read_bytes())
    vml = pkg.related(pkg.sheet_parts()[sheet], "vml")
    out = {}
    for shape in etree.fromstring(pkg.parts[vml]).iter(f"{VML}shape"):
        data = shape.find(f"{XL}ClientData")
        row, col = int(data.findtext(f"{XL}Row")), int(data.findtext(f"{XL}Column"))
        coord = f"{openpyxl.utils.get_column_letter(col + 1)}{row + 1}"
        out[coord] = ([int(v) for v in data.findtext(f"{XL}Anchor").split(",")], shape.get("id"))
    return out


def test_each_note_box_opens_beside_its_own_cell_and_is_as_tall_as_its_text(tmp_path):
    """x:Anchor is LeftColumn, LeftOffset, TopRow, TopOffset, RightColumn, RightOffset, BottomRow, BottomOffset,
    0-based, eight non-negative integers (ECMA-376 part 4 §19.4.2.3 with MS-OI29500 2.1.1857). The box starts in the
    column right of its cell, at most a row above it and never below it (also in the first rows), and has a row for
    each line of its text plus one, the text wrapping at about 45 characters, with at most one row to spare; a very
    long note gets 15 rows."""
    long_line = "Beløpet i denne cellen er ikke et tall, og summen for året kan derfor ikke regnes ut av oss."
    findings = [_finding("Leveranser", "A1", "Kort."),
                _finding("Leveranser", "B2", "Første."), _finding("Leveranser", "B2", "Andre.", Severity.WARNING),
                _finding("Leveranser", "C3", long_line),
                _finding("Leveranser", "E9", "Tre ord her.")]
    findings += [_finding("Leveranser", "F20", f"Funn nummer {n}.") for n in range(20)]
    copy = _copy(_book(tmp_path), findings)
    boxes = _boxes(copy, "Leveranser")
    ws = openpyxl.load_workbook(copy)["Leveranser"]
    assert set(boxes) == {"A1", "B2", "C3", "E9", "F20"}
    ids = [shape_id for _, shape_id in boxes.values()]
    assert all(re.fullmatch(r"_x0000_s\d+", i) for i in ids) and len(set(ids)) == len(ids)
    for coord, (anchor, _) in boxes.items():
        cell = ws[coord]
        assert len(anchor) == 8 and min(anchor) >= 0, coord
        left, _, top, _, right, _, bottom, _ = anchor
        assert left == cell.column and right > left, coord  # column index of the cell + 1: the column to its right
        assert cell.row - 2 <= top <= cell.row - 1, coord  # the cell's row is row - 1, counted from 0
        lines = cell.comment.text.split("\n")
        needed = min(sum(max(1, math.ceil(len(line) / LINE)) for line in lines) + 1, 15)
        assert needed <= bottom - top <= needed + 1, (coord, lines, anchor)
    assert len(long_line) + len("Feil: ") > 2 * LINE  # three lines of text: the box is not measured in words


def test_notes_on_two_sheets_have_typed_parts_and_the_drawings_one_content_type(tmp_path):
    """A workbook that had no notes knows no .vml: the copy types its drawings once (an extension is the same in any
    case, and a second Default for it is an error), and each comments part with the comments type, which Excel needs
    to show the notes (as plain XML it ignores them)."""
    book = _book(tmp_path)
    assert "vml" not in strict_package(book)["defaults"]
    copy = _copy(book, [_finding("Leveranser", "B3", "Feil beløp."), _finding("Kostnader", "B4", "Sjekk beløpet.")])
    package = strict_package(copy)
    types = package["xml"]["[Content_Types].xml"]
    vml_defaults = [d for d in types.iter("{*}Default") if d.get("Extension").lower() == "vml"]
    assert [d.get("ContentType") for d in vml_defaults] == [VML_TYPE]
    pkg = Package(copy.read_bytes())
    for sheet in ("Leveranser", "Kostnader"):
        part = pkg.sheet_parts()[sheet]
        assert package["overrides"]["/" + pkg.related(part, "comments")] == COMMENTS_TYPE
    wb = openpyxl.load_workbook(copy)
    assert wb["Kostnader"]["B4"].comment.text.endswith("Sjekk beløpet.")


def test_feedback_on_a_copy_with_notes_adds_parts_whose_names_differ_from_the_old_in_more_than_case(tmp_path):
    """The actor sends the feedback copy back with new findings on a sheet that had none: its notes get new parts,
    and no part name equals another but for upper and lower case (ECMA-376 part 2: such a package is invalid)."""
    book = _book(tmp_path)
    once = _copy(book, [_finding("Leveranser", "B3", "Feil beløp.")], "en.xlsx")
    again = _copy(once, [_finding("Leveranser", "B3", "Feil beløp."), _finding("Kostnader", "B4", "Nytt funn.")],
                  "to.xlsx")
    names = list(_parts(again))
    assert len({n.lower() for n in names}) == len(names)
    strict_package(again)
    assert openpyxl.load_workbook(again)["Kostnader"]["B4"].comment.text.endswith("Nytt funn.")


# --- what a validating reader checks -------------------------------------------------------------

def _text_between_elements(root: etree._Element) -> list[str]:
    return [t for e in root.iter() if len(e) for t in [e.text, *(c.tail for c in e)] if t and t.strip()]


def test_the_styles_and_notes_the_copy_writes_are_element_only_where_the_schema_says_so(tmp_path):
    """The lists of styles.xml and the comments part have element-only content in the schema (text there makes a
    validating reader, such as Excel for Mac, repair the file); the cell formats' flags are xsd:boolean."""
    copy = _copy(_book(tmp_path), [_finding("Leveranser", "B3", "Feil beløp."), _finding("Leveranser", "C3", "Feil dato."),
                                   _finding("Kostnader", "B4", "Sjekk.", Severity.WARNING)])
    xml = strict_package(copy)["xml"]
    assert _text_between_elements(xml["xl/styles.xml"]) == []
    pkg = Package(copy.read_bytes())
    comments = [pkg.read(pkg.related(part, "comments")) for part in pkg.sheet_parts().values()
                if pkg.related(part, "comments")]
    assert len(comments) == 2
    for root in comments:
        assert [etree.QName(e).localname for e in root] == ["authors", "commentList"]
        assert all(not (c.tail or "").strip() for c in root.find(f"{MAIN}commentList"))
    flags = [v for xf in xml["xl/styles.xml"].iter(f"{MAIN}xf") for k, v in xf.attrib.items() if k.startswith("apply")]
    assert flags and set(flags) <= {"0", "1", "true", "false"}


def test_the_copy_adds_no_schema_problem(tmp_path):
    openxml_audit = pytest.importorskip("openxml_audit")

    def problems(path: Path) -> set[tuple[str, str]]:
        found = openxml_audit.OpenXmlValidator().validate(str(path)).errors
        return {(e.part_uri, e.description) for e in found if "inline-string cell" not in e.description}

    book = _book(tmp_path)
    copy = _copy(book, [_finding("Leveranser", "B3", "Feil beløp."), _finding("Leveranser", "C3", "Feil dato."),
                        _finding("Kostnader", "B4", "Sjekk.", Severity.WARNING)])
    assert problems(copy) <= problems(book)
