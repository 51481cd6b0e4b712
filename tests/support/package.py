"""An OOXML package read strictly, as Excel reads one (openpyxl reads past much that Excel would repair or refuse):
every XML part well-formed, every part typed in ``[Content_Types].xml`` (and every type for a part that is there),
every relationship id once and every internal target present, and the workbook's sheets with their parts."""

from __future__ import annotations

import io
import posixpath
import zipfile
from pathlib import Path

from lxml import etree

CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"
REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def resolve(rels_part: str, target: str) -> str:
    """The part a relationship in ``rels_part`` (``xl/_rels/workbook.xml.rels``) points at."""
    if target.startswith("/"):
        return target[1:]
    return posixpath.normpath(posixpath.join(posixpath.dirname(posixpath.dirname(rels_part)), target))


def strict_package(source: Path | bytes) -> dict:
    """{"xml": part -> parsed root, "defaults", "overrides", "sheets": [(name, sheetId, part, rel type)],
    "selected": sheet names with a selected tab}; an assertion fails for anything Excel would not open as is."""
    with zipfile.ZipFile(io.BytesIO(source) if isinstance(source, bytes) else source) as archive:
        names = archive.namelist()
        assert len(names) == len(set(names)), "a part twice"
        data = {name: archive.read(name) for name in names}
    xml = {name: etree.fromstring(body) for name, body in data.items() if name.endswith((".xml", ".rels", ".vml"))}
    types = xml["[Content_Types].xml"]
    defaults = {d.get("Extension").lower(): d.get("ContentType") for d in types.iter(f"{CT}Default")}
    overrides = {o.get("PartName"): o.get("ContentType") for o in types.iter(f"{CT}Override")}
    for name in names:
        if name != "[Content_Types].xml":
            assert f"/{name}" in overrides or name.rsplit(".", 1)[-1].lower() in defaults, f"{name} has no content type"
    assert all(part[1:] in data for part in overrides), "a content type for a part that is not there"
    for name, root in xml.items():
        if name.endswith(".rels"):
            rels = list(root.iter(f"{REL}Relationship"))
            assert len({r.get("Id") for r in rels}) == len(rels), f"{name}: an id twice"
            for rel in rels:
                if rel.get("TargetMode") != "External":
                    assert resolve(name, rel.get("Target")) in data, f"{name}: {rel.get('Target')} is missing"
    wb_rels = {r.get("Id"): r for r in xml["xl/_rels/workbook.xml.rels"].iter(f"{REL}Relationship")}
    sheets = []
    for sheet in xml["xl/workbook.xml"].iter(f"{MAIN}sheet"):
        rel = wb_rels[sheet.get(R_ID)]
        sheets.append((sheet.get("name"), sheet.get("sheetId"), resolve("xl/_rels/workbook.xml.rels", rel.get("Target")),
                       rel.get("Type")))
    assert len({s[1] for s in sheets}) == len(sheets), "a sheetId twice"
    selected = [s[0] for s in sheets
                if any(v.get("tabSelected") in ("1", "true") for v in xml[s[2]].iter(f"{MAIN}sheetView"))]
    return {"xml": xml, "defaults": defaults, "overrides": overrides, "sheets": sheets, "selected": selected}
