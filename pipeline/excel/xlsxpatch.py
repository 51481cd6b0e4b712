"""Small edits of an .xlsx package in place: everything not touched stays byte for byte as it was.

openpyxl cannot be used to change an actor's workbook: loading and saving drops what it does
not understand (Excel's data validation extensions, images, cached formula values, …). The
feedback copy (:mod:`pipeline.excel.feedback`) is made here instead, by editing only the parts
it must: ``styles.xml`` (new fills, cloned cell formats), the marked worksheets (a style index
per marked cell, a ``legacyDrawing``), new comment and VML parts, and a new first sheet.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from xml.sax.saxutils import escape

from lxml import etree

from pipeline.common.namespaces import CT, PKG_REL  # noqa: E402 - with the other names of the formats
from pipeline.common.namespaces import R as REL  # noqa: E402
from pipeline.common.namespaces import SML as MAIN  # noqa: E402

COMMENTS_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml"
SHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
VML_TYPE = "application/vnd.openxmlformats-officedocument.vmlDrawing"
REL_TYPES = {"comments": f"{REL}/comments", "vml": f"{REL}/vmlDrawing", "sheet": f"{REL}/worksheet",
             "calcChain": f"{REL}/calcChain"}
#: Worksheet children that come after ``legacyDrawing`` (ECMA-376 CT_Worksheet order).
_AFTER_LEGACY = ("legacyDrawingHF", "drawingHF", "picture", "oleObjects", "controls", "webPublishItems",
                 "tableParts", "extLst")
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=True)


def q(tag: str, ns: str = MAIN) -> str:
    return f"{{{ns}}}{tag}"


class Package:
    """The parts of one .xlsx, edited in memory and written back in their original order."""

    def __init__(self, data: bytes) -> None:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            self.infos = zf.infolist()
            self.parts = {i.filename: zf.read(i.filename) for i in self.infos}
        self._xml: dict[str, etree._Element] = {}
        self._dirty: set[str] = set()  # parts whose parsed tree is written back
        self.workbook = self._target("_rels/.rels", "officeDocument") or "xl/workbook.xml"

    def read(self, name: str) -> etree._Element:
        """The part parsed, to look at (a part only read is written back unchanged)."""
        if name not in self._xml:
            self._xml[name] = etree.fromstring(self.parts[name], _PARSER)
        return self._xml[name]

    def xml(self, name: str) -> etree._Element:
        """The part parsed, to change: it is written back from the tree."""
        self._dirty.add(name)
        return self.read(name)

    def put(self, name: str, data: bytes | etree._Element, content_type: str | None = None) -> None:
        if isinstance(data, bytes):
            self.parts[name] = data
            self._xml.pop(name, None)
            self._dirty.discard(name)
        else:
            self._xml[name] = data
            self._dirty.add(name)
            self.parts.setdefault(name, b"")
        if content_type:
            types = self.xml("[Content_Types].xml")
            if not any(o.get("PartName") == "/" + name for o in types.iter(q("Override", CT))):
                etree.SubElement(types, q("Override", CT), PartName="/" + name, ContentType=content_type)

    def save(self) -> bytes:
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
            known = {i.filename for i in self.infos}
            names = [i.filename for i in self.infos if i.filename in self.parts]
            names += [n for n in self.parts if n not in known]
            for name in names:
                root = self._xml.get(name) if name in self._dirty else None
                data = self.parts[name] if root is None else etree.tostring(root, xml_declaration=True,
                                                                            encoding="UTF-8", standalone=True)
                zf.writestr(zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0)), data, zipfile.ZIP_DEFLATED)
        return out.getvalue()

    def remove(self, part: str) -> None:
        """Drop ``part``: the part, its own relationships, its content type and every relationship to it."""
        for name in (part, self.rels_name(part)):
            self.parts.pop(name, None)
            self._xml.pop(name, None)
            self._dirty.discard(name)
        types = self.xml("[Content_Types].xml")
        for override in [o for o in types.iter(q("Override", CT)) if o.get("PartName") == "/" + part]:
            types.remove(override)
        for rels_name in [n for n in self.parts if n.endswith(".rels")]:
            source = rels_name.replace("_rels/", "").removesuffix(".rels")
            pointing = [r for r in self.read(rels_name)
                        if r.get("TargetMode") != "External" and resolve(source, r.get("Target", "")) == part]
            for rel in pointing:
                self.xml(rels_name).remove(rel)

    # --- relationships ----------------------------------------------------------------------
    @staticmethod
    def rels_name(part: str) -> str:
        folder, base = posixpath.split(part)
        return posixpath.join(folder, "_rels", base + ".rels")

    def rels(self, part: str) -> etree._Element:
        name = self.rels_name(part)
        if name not in self.parts:
            self.put(name, etree.Element(q("Relationships", PKG_REL), nsmap={None: PKG_REL}))
        return self.xml(name)

    def _target(self, rels_name: str, kind: str) -> str | None:
        if rels_name not in self.parts:
            return None
        part = rels_name.replace("_rels/", "").removesuffix(".rels")
        for rel in self.read(rels_name):
            if rel.get("Type", "").endswith("/" + kind) and rel.get("TargetMode") != "External":
                return resolve(part, rel.get("Target", ""))
        return None

    def relate(self, part: str, target: str, kind: str) -> str:
        """A new relationship from ``part`` to ``target`` (a part name); returns its id."""
        rels = self.rels(part)
        ids = {r.get("Id") for r in rels}
        rid = next(f"rId{n}" for n in range(1, len(ids) + 2) if f"rId{n}" not in ids)
        etree.SubElement(rels, q("Relationship", PKG_REL), Id=rid, Type=REL_TYPES[kind],
                         Target=posixpath.relpath(target, posixpath.dirname(part)))
        return rid

    def related(self, part: str, kind: str) -> str | None:
        """The part ``part`` relates to with this kind (``comments``, ``vml``), if any."""
        return self._target(self.rels_name(part), REL_TYPES[kind].rsplit("/", 1)[1])

    def sheet_parts(self) -> dict[str, str]:
        """Sheet name -> worksheet part, in workbook order."""
        rels = {r.get("Id"): resolve(self.workbook, r.get("Target", ""))
                for r in self.read(self.rels_name(self.workbook))}
        return {s.get("name"): rels.get(s.get(q("id", REL)), "") for s in self.read(self.workbook).iter(q("sheet"))}

    def new_name(self, pattern: str) -> str:
        """The first free part name ``pattern.format(n)`` for n = 1, 2, …"""
        return next(pattern.format(n) for n in range(1, len(self.parts) + 2) if pattern.format(n) not in self.parts)


def resolve(source: str, target: str) -> str:
    """A relationship target as a part name (targets are relative to the source's folder, or absolute)."""
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(source), target))


# --- cells -----------------------------------------------------------------------------------------

def split_coordinate(coord: str) -> tuple[int, int]:
    """``C7`` -> (7, 3)."""
    letters = "".join(c for c in coord if c.isalpha())
    col = 0
    for c in letters.upper():
        col = col * 26 + ord(c) - 64
    return int(coord[len(letters):]), col


def cell_element(sheet: etree._Element, coord: str) -> etree._Element:
    """The ``<c>`` of ``coord`` in a worksheet, created (empty, in order) when the file has none. A row or cell
    without ``r`` (optional in the schema; some tools leave it out) is the one after the one before it."""
    row_no, col_no = split_coordinate(coord)
    data = sheet.find(q("sheetData"))
    row, r = None, 0
    for candidate in data.iterfind(q("row")):
        r = int(candidate.get("r") or r + 1)
        if r == row_no:
            row = candidate
            row.attrib.pop("spans", None)  # a hint of which columns the row uses; may no longer hold
            break
        if r > row_no:
            row = etree.Element(q("row"), r=str(row_no))
            candidate.addprevious(row)
            break
    if row is None:
        row = etree.SubElement(data, q("row"), r=str(row_no))
    col = 0
    for cell in row.iterfind(q("c")):
        col = split_coordinate(cell.get("r"))[1] if cell.get("r") else col + 1
        if col == col_no:
            return cell
        if col > col_no:
            new = etree.Element(q("c"), r=coord)
            cell.addprevious(new)
            return new
    return etree.SubElement(row, q("c"), r=coord)


def insert_legacy_drawing(sheet: etree._Element, rid: str) -> None:
    """``<legacyDrawing r:id=…/>`` at its place in the worksheet's element order."""
    element = etree.Element(q("legacyDrawing"), nsmap={"r": REL})
    element.set(q("id", REL), rid)
    later = next((child for child in sheet if etree.QName(child).localname in _AFTER_LEGACY), None)
    if later is not None:
        later.addprevious(element)
    else:
        sheet.append(element)


def text(value: str) -> str:
    """Text escaped for XML."""
    return escape(value, {'"': "&quot;"})
