"""The package edits of a feedback copy that Excel needs and openpyxl does not check: the new sheet's content
type, sheet-scoped names and the opening sheet after the new first sheet, the frozen header, one VML default,
a sheet with a drawing of its own, and styles parts that lack a list."""

from __future__ import annotations

import pytest

import io
import re
import zipfile
from datetime import date

import openpyxl
from lxml import etree
from tests.excel.test_feedback import FORM, REPORT_DATE, _copy, _several_kinds
from tests.support.feedback import template_workbook

from pipeline.contract.positions import FEEDBACK_SHEET
from pipeline.excel.feedbackparts import Styles, _vml
from pipeline.excel.xlsxpatch import SHEET_TYPE, Package, insert_legacy_drawing
from pipeline.validate.batch import check_workbook

_CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"


def _parts(path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


@pytest.mark.slow
def test_the_new_sheet_has_its_content_type_names_follow_their_sheets_and_excel_opens_on_the_feedback(tmp_path):
    def edit(wb):
        _several_kinds(wb)
        wb["Leveranser"].print_title_rows = "4:4"  # a sheet-scoped name (localSheetId) on the third sheet
        wb.active = 2  # the actor saved the workbook with Leveranser open

    original = template_workbook(tmp_path, "mange-feil.xlsx", edit)
    copy = _copy(original, tmp_path / "ut")
    parts = _parts(copy)
    types = etree.fromstring(parts["[Content_Types].xml"])
    overrides = {o.get("PartName"): o.get("ContentType") for o in types.iter(f"{_CT}Override")}
    assert overrides["/xl/worksheets/feedback1.xml"] == SHEET_TYPE
    assert [d.get("Extension") for d in types.iter(f"{_CT}Default")].count("vml") == 1
    refs = [c.get("ref") for p in parts if p.startswith("xl/comments/") for c in etree.fromstring(parts[p]).iter("{*}comment")]
    assert refs and all(ref == ref.upper() for ref in refs)  # cell references as Excel writes them

    before, after = openpyxl.load_workbook(original), openpyxl.load_workbook(copy)
    assert after["Leveranser"].print_title_rows == before["Leveranser"].print_title_rows == "$4:$4"
    view = re.search(rb"<workbookView[^>]*>", parts["xl/workbook.xml"]).group(0)
    assert b'activeTab="0"' in view and b'firstSheet="0"' in view
    assert after.active.title == FEEDBACK_SHEET
    assert sum(b'tabSelected="1"' in parts[p] for p in parts if p.startswith("xl/worksheets/") and p.endswith(".xml")) == 1
    ws = after[FEEDBACK_SHEET]
    assert ws.freeze_panes == "A7"  # the header and the captions stay in view
    assert ws.row_dimensions[5].height == 15  # the empty row between header and captions: the normal height


def test_a_workbook_that_already_knows_vml_gets_no_second_default(tmp_path):
    original = template_workbook(tmp_path, "mange-feil.xlsx", _several_kinds)
    pkg = Package(original.read_bytes())
    types = pkg.xml("[Content_Types].xml")
    types.insert(0, etree.Element(f"{_CT}Default", Extension="vml",
                                  ContentType="application/vnd.openxmlformats-officedocument.vmlDrawing"))
    known = tmp_path / "kjent" / "mange-feil.xlsx"
    known.parent.mkdir()
    known.write_bytes(pkg.save())
    types = etree.fromstring(_parts(_copy(known, tmp_path / "ut"))["[Content_Types].xml"])
    assert [d.get("Extension") for d in types.iter(f"{_CT}Default")].count("vml") == 1


def test_sheets_with_a_drawing_of_their_own_are_only_filled_and_the_sheet_says_so(tmp_path):
    def edit(wb):
        _several_kinds(wb)
        ws = wb["Kostnader"]
        ws["A5"], ws["B5"], ws["C5"] = "Helsedirektoratet", 2024, -2.5  # a negative amount: a finding there too

    original = template_workbook(tmp_path, "mange-feil.xlsx", edit)
    pkg = Package(original.read_bytes())
    drawn_sheets = ("Tiltak", "Leveranser")
    for n, name in enumerate(drawn_sheets, start=1):
        part = pkg.sheet_parts()[name]
        vml = f"xl/drawings/vmlDrawing{90 + n}.vml"
        pkg.put(vml, b'<xml xmlns:v="urn:schemas-microsoft-com:vml"/>')
        insert_legacy_drawing(pkg.xml(part), pkg.relate(part, vml, "vml"))  # e.g. a form control, no notes
    drawn = tmp_path / "tegnet" / "mange-feil.xlsx"
    drawn.parent.mkdir()
    drawn.write_bytes(pkg.save())

    copy = _copy(drawn, tmp_path / "ut")
    parts = _parts(copy)
    for name in drawn_sheets:
        sheet = etree.fromstring(parts[pkg.sheet_parts()[name]])
        assert len(sheet.findall("{*}legacyDrawing")) == 1  # its own, not a second one
    wb = openpyxl.load_workbook(copy)
    assert wb[FEEDBACK_SHEET]["A5"].value == ("Arkene Tiltak, Leveranser hadde merknader fra før; "
                                              "der er funnene bare farget.")
    placed = [i for i in check_workbook(drawn, FORM, REPORT_DATE).issues if i.cell and i.sheet in wb.sheetnames]
    assert {i.sheet for i in placed} > set(drawn_sheets)  # and a sheet without a drawing
    for issue in placed:
        cell = wb[issue.sheet][issue.cell]
        assert cell.fill.fgColor.rgb in ("FFFFC7CE", "FFFFEB9C")
        assert (cell.comment is None) == (issue.sheet in drawn_sheets), issue


def test_the_note_drawing_is_shapes_only(tmp_path):
    root = etree.fromstring(_vml({"B4": "Feil: én", "C9": "Advarsel: to"}, 100))
    assert all(not (child.tail or "").strip() for child in root)  # nothing but elements between the shapes
    assert len(root.findall("{urn:schemas-microsoft-com:vml}shape")) == 2


def _styles(body: str) -> Styles:
    """A package whose styles part is not at the usual place (``xl/stiler.xml``): only its relationship says where."""
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rels = "http://schemas.openxmlformats.org/package/2006/relationships"
    kind = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr("xl/workbook.xml", f'<workbook xmlns="{main}"/>')
        zf.writestr("xl/_rels/workbook.xml.rels", f'<Relationships xmlns="{rels}"><Relationship Id="rId1" '
                                                  f'Type="{kind}" Target="stiler.xml"/></Relationships>')
        zf.writestr("xl/stiler.xml", f'<styleSheet xmlns="{main}">{body}</styleSheet>')
    return Styles(Package(out.getvalue()))


def _saved_styles(styles: Styles) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(styles.pkg.save())) as zf:
        return [etree.QName(e).localname for e in etree.fromstring(zf.read("xl/stiler.xml"))]


def _order(styles: Styles) -> list[tuple[str, str | None]]:
    return [(etree.QName(e).localname, e.get("count")) for e in styles.root]


def test_a_list_missing_from_the_styles_part_is_made_where_the_schema_puts_it():
    styles = _styles('<fonts count="1"><font/></fonts><borders count="1"><border/></borders>'
                     '<cellXfs count="1"><xf/></cellXfs>')
    assert styles.fill("FFC7CE") == 0
    assert _order(styles) == [("fonts", "1"), ("fills", "1"), ("borders", "1"), ("cellXfs", "1")]
    assert _saved_styles(styles) == ["fonts", "fills", "borders", "cellXfs"]  # the part the workbook names

    styles = _styles('<fonts count="1"><font/></fonts><cellStyleXfs count="1"><xf/></cellStyleXfs>'
                     '<cellXfs count="1"><xf/></cellXfs>')
    styles.fill("FFC7CE")
    assert _order(styles) == [("fonts", "1"), ("fills", "1"), ("cellStyleXfs", "1"), ("cellXfs", "1")]

    styles = _styles("<dxfs/>")
    styles.font(bold=True)
    assert _order(styles) == [("fonts", "1"), ("dxfs", None)]
