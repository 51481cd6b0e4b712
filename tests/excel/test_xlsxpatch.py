"""``xlsxpatch.Package``: editing an .xlsx in place. What is removed is removed everywhere it is named, and
nothing else changes (the feedback copy relies on both)."""

from __future__ import annotations

import io
import zipfile
from datetime import date

from tests.excel.test_feedback import EDITED, FORM, REPORT_DATE
from tests.support.feedback import named, template_workbook

from pipeline.excel.feedback import write_feedback
from pipeline.excel.xlsxpatch import Package
from pipeline.validate.batch import check_workbook

_CT = "http://schemas.openxmlformats.org/package/2006/content-types"
_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
_DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_CHAIN_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.calcChain+xml"


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
