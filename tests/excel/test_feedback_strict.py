"""The feedback copy read strictly, as Excel reads a package (openpyxl reads past much that Excel would repair or
refuse): every part well-formed, typed and related, ids unique, the new sheet named and typed as a worksheet, and
one selected tab, the feedback sheet's (several selected tabs group the sheets, and an edit then changes them all)."""

from __future__ import annotations

import zipfile
from pathlib import Path

from lxml import etree

from tests.excel.test_feedback import _several_kinds
from tests.excel.test_feedback_schema import _copy
from tests.support.feedback import template_workbook

CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"
REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
SHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
WORKSHEET_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"


def _resolve(base: str, target: str) -> str:
    import posixpath

    if target.startswith("/"):
        return target[1:]
    return posixpath.normpath(posixpath.join(posixpath.dirname(posixpath.dirname(base)), target))


def _strict(path: Path) -> dict:
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        assert len(names) == len(set(names))  # no part twice
        data = {name: archive.read(name) for name in names}
    xml = {name: etree.fromstring(body) for name, body in data.items() if name.endswith((".xml", ".rels", ".vml"))}
    types = xml["[Content_Types].xml"]
    defaults = {d.get("Extension").lower(): d.get("ContentType") for d in types.iter(f"{CT}Default")}
    overrides = {o.get("PartName"): o.get("ContentType") for o in types.iter(f"{CT}Override")}
    for name in names:
        if name == "[Content_Types].xml":
            continue
        assert f"/{name}" in overrides or name.rsplit(".", 1)[-1].lower() in defaults, f"{name} has no content type"
    assert all(part[1:] in data for part in overrides), "a content type for a part that is not there"
    for name, root in xml.items():
        if not name.endswith(".rels"):
            continue
        rels = list(root.iter(f"{REL}Relationship"))
        assert len({r.get("Id") for r in rels}) == len(rels), f"{name}: an id twice"
        for rel in rels:
            if rel.get("TargetMode") != "External":
                assert _resolve(name, rel.get("Target")) in data, f"{name}: {rel.get('Target')} is missing"
    workbook = xml["xl/workbook.xml"]
    wb_rels = {r.get("Id"): r for r in xml["xl/_rels/workbook.xml.rels"].iter(f"{REL}Relationship")}
    sheets = []
    for sheet in workbook.iter(f"{MAIN}sheet"):
        rel = wb_rels[sheet.get(R_ID)]
        part = _resolve("xl/_rels/workbook.xml.rels", rel.get("Target"))
        sheets.append((sheet.get("name"), sheet.get("sheetId"), part, rel.get("Type")))
    assert len({s[1] for s in sheets}) == len(sheets), "a sheetId twice"
    selected = [s[0] for s in sheets
                if any(v.get("tabSelected") in ("1", "true") for v in xml[s[2]].iter(f"{MAIN}sheetView"))]
    return {"sheets": sheets, "selected": selected, "overrides": overrides, "xml": xml, "workbook": workbook}


def test_the_feedback_copy_is_a_complete_package_with_one_selected_tab(tmp_path):
    original = template_workbook(tmp_path, "mange-feil.xlsx", _several_kinds)
    copy = _strict(_copy(original, tmp_path / "ut"))
    first_name, _, first_part, first_type = copy["sheets"][0]
    assert first_part.startswith("xl/worksheets/feedback") and first_part.endswith(".xml")
    assert first_type == WORKSHEET_REL and copy["overrides"][f"/{first_part}"] == SHEET_TYPE
    assert copy["selected"] == [first_name]  # one selected tab: the feedback sheet's
    views = copy["workbook"].find(f"{MAIN}bookViews")
    assert views is None or all(v.get("activeTab", "0") == "0" for v in views)
    before = _strict(original)
    assert [s[:3] for s in copy["sheets"][1:]] == [s[:3] for s in before["sheets"]]  # the actor's sheets as they were


def test_feedback_on_a_feedback_copy_replaces_the_sheet_and_stays_complete(tmp_path):
    original = template_workbook(tmp_path, "mange-feil.xlsx", _several_kinds)
    once = _copy(original, tmp_path / "ut")
    again = _strict(_copy(once, tmp_path / "igjen"))
    assert [s[0] for s in again["sheets"]] == [s[0] for s in _strict(once)["sheets"]]
    assert len([s for s in again["sheets"] if s[2].startswith("xl/worksheets/feedback")]) == 1
    assert again["selected"] == [again["sheets"][0][0]]


def test_a_tab_the_actor_left_selected_is_unselected_so_the_sheets_are_not_grouped(tmp_path):
    """Excel saves the sheet the actor last looked at (here two: a grouped selection) as selected; the copy opens
    on the feedback sheet alone, or an edit there would change the grouped sheets too."""

    def two_selected(wb) -> None:
        _several_kinds(wb)
        for title in ("Tiltak", "Leveranser"):
            wb[title].sheet_view.tabSelected = True

    original = template_workbook(tmp_path, "valgte-faner.xlsx", two_selected)
    assert len(_strict(original)["selected"]) >= 2  # the actor's workbook has them
    copy = _strict(_copy(original, tmp_path / "ut"))
    assert copy["selected"] == [copy["sheets"][0][0]]
