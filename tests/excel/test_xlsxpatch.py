"""``xlsxpatch.Package``: editing an .xlsx in place. What is removed is removed everywhere it is named, and
nothing else changes (the feedback copy relies on both)."""

from __future__ import annotations

import io
import zipfile
from dataclasses import replace
from datetime import date

import openpyxl
import pytest
from lxml import etree
from tests.excel.test_feedback import EDITED, FORM, REPORT_DATE, _several_kinds
from tests.support.feedback import named, template_workbook

from pipeline.contract.issues import Code, Severity
from pipeline.contract.positions import FEEDBACK_SHEET
from pipeline.excel.feedback import FILLS, feedback_bytes, write_feedback
from pipeline.excel.xlsxpatch import Package, q, resolve, split_coordinate
from pipeline.validate.batch import check_workbook

_CT = "http://schemas.openxmlformats.org/package/2006/content-types"
_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
_DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_CHAIN_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.calcChain+xml"
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def _zip(parts: dict[str, str]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        for name, text in parts.items():
            zf.writestr(name, text)
    return out.getvalue()


def _rels(*rels: str) -> str:
    return f'<Relationships xmlns="{_PKG}">' + "".join(rels) + "</Relationships>"


def _rel(rid: str, kind: str, target: str, external: bool = False) -> str:
    mode = ' TargetMode="External"' if external else ""
    return f'<Relationship Id="{rid}" Type="{_DOC}/{kind}" Target="{target}"{mode}/>'


PACKAGE = {
    "[Content_Types].xml": f'<Types xmlns="{_CT}"><Default Extension="xml" ContentType="application/xml"/>'
                           f'<Override PartName="/xl/workbook.xml" ContentType="wb"/>'
                           f'<Override PartName="/xl/calcChain.xml" ContentType="{_CHAIN_TYPE}"/>'
                           f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="ws"/></Types>',
    "_rels/.rels": _rels(_rel("rId1", "officeDocument", "xl/workbook.xml")),
    "xl/workbook.xml": "<workbook/>",
    "xl/_rels/workbook.xml.rels": _rels(_rel("rId1", "worksheet", "worksheets/sheet1.xml"),
                                        _rel("rId2", "calcChain", "calcChain.xml")),
    "xl/calcChain.xml": "<calcChain/>",
    "xl/_rels/calcChain.xml.rels": _rels(_rel("rId1", "worksheet", "worksheets/sheet1.xml")),
    "xl/worksheets/sheet1.xml": "<worksheet/>",
    # a part in another folder that names the chain by a path relative to itself, and by an absolute one,
    # and a link to a web page that happens to have the same name (external: not a part, kept)
    "xl/worksheets/_rels/sheet1.xml.rels": _rels(_rel("rId1", "calcChain", "../calcChain.xml"),
                                                 _rel("rId2", "calcChain", "/xl/calcChain.xml"),
                                                 _rel("rId3", "hyperlink", "../calcChain.xml", external=True)),
}


def test_a_removed_part_goes_with_its_relationships_its_content_type_and_every_relationship_to_it():
    pkg = Package(_zip(PACKAGE))
    assert pkg.related(pkg.workbook, "calcChain") == "xl/calcChain.xml"
    pkg.remove("xl/calcChain.xml")
    with zipfile.ZipFile(io.BytesIO(pkg.save())) as zf:
        names = zf.namelist()
        parts = {n: zf.read(n).decode() for n in names}
    assert names == [n for n in PACKAGE if n not in ("xl/calcChain.xml", "xl/_rels/calcChain.xml.rels")]
    assert "calcChain" not in parts["[Content_Types].xml"] and "/xl/worksheets/sheet1.xml" in parts["[Content_Types].xml"]
    assert "calcChain" not in parts["xl/_rels/workbook.xml.rels"] and 'Id="rId1"' in parts["xl/_rels/workbook.xml.rels"]
    sheet_rels = parts["xl/worksheets/_rels/sheet1.xml.rels"]
    assert 'Id="rId1"' not in sheet_rels and 'Id="rId2"' not in sheet_rels and 'Id="rId3"' in sheet_rels
    for name in ("_rels/.rels", "xl/workbook.xml", "xl/worksheets/sheet1.xml"):
        assert parts[name] == PACKAGE[name]  # untouched parts are written back byte for byte
    assert Package(pkg.save()).related("xl/workbook.xml", "calcChain") is None


def test_a_feedback_copy_of_a_workbook_with_a_calc_chain_drops_only_the_chain(tmp_path):
    """Excel's list of formula cells names sheets by position, which the new first sheet shifts; without the
    list Excel rebuilds it. (The slow test in test_feedback.py opens such a copy in LibreOffice.)"""
    original = template_workbook(tmp_path, "med-kjede.xlsx", lambda wb: setattr(named(wb, "Tiltak_Status"), "value", "Lilla"))
    pkg = Package(original.read_bytes())
    pkg.put("xl/calcChain.xml", b'<calcChain xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                                b'<c r="C8" i="9"/></calcChain>', _CHAIN_TYPE)
    pkg.relate(pkg.workbook, "xl/calcChain.xml", "calcChain")
    excel = tmp_path / "excel" / "med-kjede.xlsx"
    excel.parent.mkdir()
    excel.write_bytes(pkg.save())

    [copy] = write_feedback([check_workbook(excel, FORM, REPORT_DATE)], tmp_path / "ut", date(2024, 3, 1)).written
    with zipfile.ZipFile(excel) as before, zipfile.ZipFile(copy) as after:
        names = after.namelist()
        listed = after.read("[Content_Types].xml").decode() + after.read("xl/_rels/workbook.xml.rels").decode()
        kept = [n for n in before.namelist() if n != "xl/calcChain.xml"]
        assert [n for n in names if n in kept] == kept  # the other parts, in their order
        changed = {n for n in kept if before.read(n) != after.read(n)}
    assert "xl/calcChain.xml" not in names and "calcChain" not in listed
    assert changed - EDITED == {p for p in changed if p.startswith("xl/worksheets/sheet")}  # marked sheets only


def test_the_workbook_part_is_where_the_package_says_and_a_content_type_is_listed_once():
    parts = {**PACKAGE, "_rels/.rels": _rels(_rel("rId1", "officeDocument", "xl/bok.xml")),
             "xl/bok.xml": "<workbook/>", "xl/_rels/bok.xml.rels": PACKAGE["xl/_rels/workbook.xml.rels"]}
    pkg = Package(_zip(parts))
    assert pkg.workbook == "xl/bok.xml"
    assert Package(_zip(PACKAGE)).workbook == "xl/workbook.xml"
    pkg.put("xl/ny.xml", b"<a/>", "ny")
    pkg.put("xl/ny.xml", b"<b/>", "ny")  # written again: still one entry
    pkg.xml("xl/workbook.xml").set("endret", "1")
    with zipfile.ZipFile(io.BytesIO(pkg.save())) as zf:
        types = zf.read("[Content_Types].xml").decode()
        rewritten = zf.read("xl/workbook.xml").decode()
    assert types.count('PartName="/xl/ny.xml"') == 1
    # a part written from its tree gets the declaration Excel writes
    assert rewritten.startswith("<?xml version='1.0' encoding='UTF-8' standalone='yes'?>") and 'endret="1"' in rewritten


# --- reading, writing, naming: the package as a library ---------------------------------------------

def test_a_part_with_entities_is_read_without_expanding_them():
    """A part of an actor's file is untrusted: an entity (the «billion laughs» of an XML bomb) stays unexpanded."""
    bomb = ('<!DOCTYPE workbook [<!ENTITY a "haha"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">'
            '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;">]><workbook>&c;</workbook>')
    pkg = Package(_zip({**PACKAGE, "xl/workbook.xml": bomb}))
    assert "haha" not in "".join(pkg.read("xl/workbook.xml").itertext())


def test_bytes_put_over_a_part_replace_what_was_read_or_changed_of_it():
    """And are written as they are: a part only read after them is not written again from its tree."""
    pkg = Package(_zip(PACKAGE))
    assert pkg.read("xl/workbook.xml").tag == "workbook"
    pkg.xml("xl/worksheets/sheet1.xml").set("endret", "1")
    pkg.put("xl/workbook.xml", b"<ny/>")
    pkg.put("xl/worksheets/sheet1.xml", b"<ark/>")
    assert pkg.read("xl/workbook.xml").tag == "ny" and pkg.read("xl/worksheets/sheet1.xml").tag == "ark"
    with zipfile.ZipFile(io.BytesIO(pkg.save())) as zf:
        assert (zf.read("xl/workbook.xml"), zf.read("xl/worksheets/sheet1.xml")) == (b"<ny/>", b"<ark/>")


def test_a_removed_part_cannot_be_read_any_more():
    pkg = Package(_zip(PACKAGE))
    pkg.read("xl/calcChain.xml")
    pkg.remove("xl/calcChain.xml")
    with pytest.raises(KeyError):
        pkg.read("xl/calcChain.xml")


def test_every_part_of_a_saved_package_is_compressed():
    """As Excel writes them: a copy is not several times the size of the actor's file."""
    pkg = Package(_zip(PACKAGE))
    pkg.xml("xl/workbook.xml").set("endret", "1")
    pkg.put("xl/ny.xml", b"<a/>", "ny")
    with zipfile.ZipFile(io.BytesIO(pkg.save())) as zf:
        assert {i.filename: i.compress_type for i in zf.infolist()} == {n: zipfile.ZIP_DEFLATED for n in zf.namelist()}


def test_a_new_part_name_is_the_first_free_number_also_in_a_small_package():
    small = {n: PACKAGE[n] for n in ("[Content_Types].xml", "_rels/.rels", "xl/workbook.xml")}
    pkg = Package(_zip(small))
    assert pkg.new_name("xl/comments/feedback{}.xml") == "xl/comments/feedback1.xml"
    pkg.put("xl/comments/feedback1.xml", b"<a/>")
    pkg.put("xl/comments/feedback2.xml", b"<a/>")
    assert pkg.new_name("xl/comments/feedback{}.xml") == "xl/comments/feedback3.xml"


def test_a_new_relationships_part_is_written_as_excel_writes_one():
    """The package's own namespace as the default one, no prefix (readers such as ExcelDataReader fail on
    ``<ns0:Relationships>``), and ids counted from rId1."""
    parts = {n: t for n, t in PACKAGE.items() if n != "xl/worksheets/_rels/sheet1.xml.rels"}
    pkg = Package(_zip(parts))
    assert pkg.relate("xl/worksheets/sheet1.xml", "xl/comments/c1.xml", "comments") == "rId1"
    assert pkg.relate("xl/worksheets/sheet1.xml", "xl/drawings/d1.vml", "vml") == "rId2"
    assert pkg.relate(pkg.workbook, "xl/worksheets/sheet2.xml", "sheet") == "rId3"  # after rId1 and rId2
    saved = pkg.save()
    with zipfile.ZipFile(io.BytesIO(saved)) as zf:
        text = zf.read("xl/worksheets/_rels/sheet1.xml.rels").decode()
    root = etree.fromstring(text.encode())
    assert root.tag == f"{{{_PKG}}}Relationships" and root.prefix is None
    assert text.split("?>\n", 1)[1].startswith(f'<Relationships xmlns="{_PKG}"><Relationship ')
    assert [(r.get("Id"), r.get("Target")) for r in root] == [("rId1", "../comments/c1.xml"), ("rId2", "../drawings/d1.vml")]
    assert Package(saved).related("xl/worksheets/sheet1.xml", "vml") == "xl/drawings/d1.vml"


def test_a_link_outside_the_package_is_never_taken_for_a_part():
    """A relationship may point outside the package (``TargetMode="External"``, ECMA-376 Part 2 §9.3); looking up a
    part of a kind skips it, whatever it is called."""
    parts = {**PACKAGE, "xl/_rels/workbook.xml.rels": _rels(
        _rel("rId1", "worksheet", "worksheets/sheet1.xml"),
        _rel("rId2", "calcChain", "https://example.org/calcChain.xml", external=True),
        _rel("rId3", "calcChain", "calcChain.xml"))}
    assert Package(_zip(parts)).related("xl/workbook.xml", "calcChain") == "xl/calcChain.xml"
    only_external = {**PACKAGE, "xl/_rels/workbook.xml.rels": _rels(
        _rel("rId1", "worksheet", "worksheets/sheet1.xml"), _rel("rId2", "calcChain", "calcChain.xml", external=True))}
    assert Package(_zip(only_external)).related("xl/workbook.xml", "calcChain") is None


def test_the_sheet_parts_are_the_workbooks_sheets_in_order_and_nothing_else(tmp_path):
    """Also where a tool wrote absolute targets (``/xl/worksheets/sheet1.xml``) and the workbook has defined names."""
    path = template_workbook(tmp_path, "navn.xlsx")
    wb = openpyxl.load_workbook(path)
    assert len(wb.defined_names) > 0
    pkg = Package(path.read_bytes())
    parts = pkg.sheet_parts()
    assert list(parts) == wb.sheetnames
    assert all(part in pkg.parts and pkg.read(part).tag == f"{_MAIN}worksheet" for part in parts.values())
    rels = pkg.xml(pkg.rels_name(pkg.workbook))
    for rel in rels:
        rel.set("Target", "/" + resolve(pkg.workbook, rel.get("Target")))
    assert Package(pkg.save()).sheet_parts() == parts


# --- what the feedback copy writes into the actor's sheets ---------------------------------------------

#: The children of ``<worksheet>`` in the order the schema requires (ECMA-376 Part 1 §18.3.1.99, CT_Worksheet).
WORKSHEET_ORDER = ["sheetPr", "dimension", "sheetViews", "sheetFormatPr", "cols", "sheetData", "sheetCalcPr",
                   "sheetProtection", "protectedRanges", "scenarios", "autoFilter", "sortState", "dataConsolidate",
                   "customSheetViews", "mergeCells", "phoneticPr", "conditionalFormatting", "dataValidations",
                   "hyperlinks", "printOptions", "pageMargins", "pageSetup", "headerFooter", "rowBreaks", "colBreaks",
                   "customProperties", "cellWatches", "ignoredErrors", "smartTags", "drawing", "legacyDrawing",
                   "legacyDrawingHF", "drawingHF", "picture", "oleObjects", "controls", "webPublishItems",
                   "tableParts", "extLst"]


def test_each_marked_sheet_names_its_note_drawing_where_the_schema_puts_it(tmp_path):
    """``<legacyDrawing r:id>`` (without it Excel shows no notes) after the page setup and before the table parts,
    and its id is the sheet's relationship to the drawing with the note boxes."""
    original = template_workbook(tmp_path, "mange-feil.xlsx", _several_kinds)
    [copy] = write_feedback([check_workbook(original, FORM, REPORT_DATE)], tmp_path / "ut", date(2024, 3, 1)).written
    pkg = Package(copy.read_bytes())
    marked = {name: part for name, part in pkg.sheet_parts().items() if pkg.read(part).find(q("legacyDrawing")) is not None}
    assert {"Tiltak", "Leveranser"} <= set(marked)
    assert any(pkg.read(part).find(q("tableParts")) is not None for part in marked.values())  # one with a table
    for name, part in marked.items():
        sheet = pkg.read(part)
        order = [WORKSHEET_ORDER.index(etree.QName(child).localname) for child in sheet]
        assert order == sorted(order), (name, [etree.QName(child).localname for child in sheet])
        rid = sheet.find(q("legacyDrawing")).get(f"{{{_DOC}}}id")
        [rel] = [r for r in pkg.read(pkg.rels_name(part)) if r.get("Id") == rid]
        assert rel.get("Type") == f"{_DOC}/vmlDrawing" and resolve(part, rel.get("Target")) == pkg.related(part, "vml")
        assert pkg.related(part, "vml") in pkg.parts and pkg.related(part, "comments") in pkg.parts


def test_a_finding_beyond_column_z_is_marked_and_its_note_drawn_at_its_own_cell(tmp_path):
    original = template_workbook(tmp_path, "langt-ute.xlsx", lambda wb: wb["Tiltak"].cell(40, 28, "Notat"))  # AB40
    result = check_workbook(original, FORM, REPORT_DATE)
    assert ("Tiltak", "AB40") in {(i.sheet, i.cell) for i in result.issues}
    [copy] = write_feedback([result], tmp_path / "ut", date(2024, 3, 1)).written
    cell = openpyxl.load_workbook(copy)["Tiltak"]["AB40"]
    assert cell.value == "Notat" and cell.comment is not None and cell.fill.fgColor.rgb == "FF" + FILLS[Severity.WARNING]
    pkg = Package(copy.read_bytes())
    vml = etree.fromstring(pkg.parts[pkg.related(pkg.sheet_parts()["Tiltak"], "vml")])
    x = "{urn:schemas-microsoft-com:office:excel}"
    places = {(int(d.findtext(f"{x}Row")), int(d.findtext(f"{x}Column"))) for d in vml.iter(f"{x}ClientData")}
    assert (39, 27) in places  # 0-based: row 40, column AB


def test_a_sheet_name_with_quotation_marks_is_linked_from_the_list(tmp_path):
    """Excel allows ``"`` in a sheet name; the link to the cell is an XML attribute, so the mark must be escaped."""
    title = 'Karis "gamle" notater'
    original = template_workbook(tmp_path, "sitat.xlsx", lambda wb: setattr(wb.create_sheet(title)["B2"], "value", "x"))
    result = check_workbook(original, FORM, REPORT_DATE)
    there = Code.EXPECTED_EMPTY.issue(file=original.name, sheet=title, cell="B2", field="Notat")
    copy = tmp_path / "kopi.xlsx"
    copy.write_bytes(feedback_bytes(original.read_bytes(), replace(result, issues=[there]), date(2024, 3, 1)))
    wb = openpyxl.load_workbook(copy)
    assert wb[FEEDBACK_SHEET]["C7"].hyperlink.location == f"'{title}'!B2"
    assert wb[FEEDBACK_SHEET]["B7"].value == title and wb[title]["B2"].comment is not None


def _without_implicit_numbers(path):
    """``path`` rewritten as some tools write a workbook (SpreadJS, DataGrip; Excel opens them): a row or cell that
    is the one after the one before it has no ``r`` (the attribute is optional, ECMA-376 Part 1 §18.3.1.73/.4)."""
    pkg = Package(path.read_bytes())
    for part in pkg.sheet_parts().values():
        last_row = 0
        for row in pkg.xml(part).iter(q("row")):
            number = int(row.get("r"))
            if number == last_row + 1:
                del row.attrib["r"]
            last_row, last_col = number, 0
            for cell in row.iter(q("c")):
                col = split_coordinate(cell.get("r"))[1]
                if col == last_col + 1:
                    del cell.attrib["r"]
                last_col = col
    path.write_bytes(pkg.save())
    return path


def test_a_workbook_whose_rows_and_cells_are_numbered_by_their_place_is_marked_on_the_right_cells(tmp_path):
    original = _without_implicit_numbers(template_workbook(tmp_path, "uten-r.xlsx", _several_kinds))
    tiltak = Package(original.read_bytes()).read("xl/worksheets/sheet2.xml")
    assert any("r" not in row.attrib for row in tiltak.iter(q("row")))
    assert any("r" not in cell.attrib for cell in tiltak.iter(q("c")))
    result = check_workbook(original, FORM, REPORT_DATE)
    placed = {(i.sheet, i.cell) for i in result.issues if i.cell}
    assert ("Tiltak", "F30") in placed and ("Leveranser", "C5") in placed
    [copy] = write_feedback([result], tmp_path / "ut", date(2024, 3, 1)).written

    before, after = openpyxl.load_workbook(original), openpyxl.load_workbook(copy)
    for name in before.sheetnames:
        assert [[c.value for c in r] for r in before[name].iter_rows()] == \
               [[c.value for c in r] for r in after[name].iter_rows()], name
    for sheet, cell in placed:  # the finding's own colour (an input cell of the template has a fill already)
        here = [i for i in result.issues if (i.sheet, i.cell) == (sheet, cell)]
        worst = Severity.ERROR if any(i.is_error for i in here) else Severity.WARNING
        assert after[sheet][cell].comment is not None, (sheet, cell)
        assert after[sheet][cell].fill.fgColor.rgb == "FF" + FILLS[worst], (sheet, cell)
    pkg = Package(copy.read_bytes())
    for name, part in pkg.sheet_parts().items():  # rows and the cells in each still in order, none twice
        rows, number = [], 0
        for row in pkg.read(part).iter(q("row")):
            number = int(row.get("r") or number + 1)
            rows.append(number)
            cols, col = [], 0
            for c in row.iter(q("c")):
                col = split_coordinate(c.get("r"))[1] if c.get("r") else col + 1
                cols.append(col)
            assert cols == sorted(set(cols)), (name, number)
        assert rows == sorted(set(rows)), name
