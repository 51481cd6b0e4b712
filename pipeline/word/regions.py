"""The parts the tool generates, as addressable regions that survive editing.

Every generated part of the document (the table of contents, the Sammendrag, each segment
heading, each tiltak chapter) is a *region*: the run of top-level body elements from the one
holding the point bookmark ``_inr_<id>`` (in its first paragraph) to the one holding the
point bookmark ``_inr_<id>_slutt`` (in its last paragraph, inside the last table cell when
the region ends with a table). Point bookmarks inside paragraphs are what both Word and a
LibreOffice re-save keep (a range bookmark ending after a table is split by LibreOffice 7.4,
and a block-level content control loses its tag; see docs/wordmal.md). Names starting with
``_`` are hidden in Word's bookmark dialog.

A custom XML part (namespace :data:`NAMESPACE`) lists the regions with, per region, a hash of
the data it was made from and a fingerprint of the content the tool wrote, so that
:mod:`pipeline.word.update` can tell "the data changed" from "an editor changed it". The
fingerprint is of a normalised form (text, paragraph/table structure, paragraph style names,
link targets) that ignores what Word and LibreOffice change on a save without edits (rsids,
run splits, explicit default styles, list numbering and table-style shading written out).
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from enum import StrEnum

from docx.document import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml.ns import qn
from lxml import etree

from pipeline.contract.identity import tiltak_key
from pipeline.word import oxml
from pipeline.word.fingerprint import style_names
from pipeline.contract.formatting import clean_xml_text

NAMESPACE = "urn:innrapportering:vedlegg2:regioner:1"
PREFIX = "_inr_"
END = "_slutt"
TOC_ID = f"{PREFIX}innhold"
SUMMARY_ID = f"{PREFIX}sammendrag"
_NS = f"{{{NAMESPACE}}}"
_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_ITEM_ID = str(uuid.uuid5(uuid.NAMESPACE_URL, NAMESPACE)).upper()  # the same in every document: reproducible output
_PROPS_CT = "application/vnd.openxmlformats-officedocument.customXmlProperties+xml"


class Kind(StrEnum):
    TOC = "innhold"
    SUMMARY = "sammendrag"
    SEGMENT = "segment"
    TILTAK = "tiltak"


@dataclass
class RegionInfo:
    """What the metadata part says about one region."""

    id: str  # the start bookmark's name
    kind: Kind
    name: str = ""  # tiltak or segment name
    segment: str = ""
    data: str = ""  # hash of the data the region was made from
    content: str = ""  # fingerprint of the content as the tool wrote it
    gone: bool = False  # kept with --behold-borte although no longer submitted


@dataclass
class Region:
    info: RegionInfo
    elements: list = field(default_factory=list)  # top-level body elements, in order


def tiltak_region_id(name: str) -> str:
    return f"{PREFIX}t_{_short(tiltak_key(name))}"


def tiltak_region(item, note: str, form) -> RegionInfo:
    """A chapter's region; its data hash covers everything the chapter is made from."""
    data = {"tiltak": item.model_dump(mode="json"), "merknad": note,
            "oppsett": form.layout(item.segment).model_dump(mode="json"), "farger": form.farger}
    return RegionInfo(tiltak_region_id(item.navn), Kind.TILTAK, item.navn, item.segment, data_hash(data))


def summary_region() -> RegionInfo:
    return RegionInfo(SUMMARY_ID, Kind.SUMMARY)


def segment_region(segment: str) -> RegionInfo:
    return RegionInfo(f"{PREFIX}s_{_short(tiltak_key(segment))}", Kind.SEGMENT, segment, segment, data_hash(segment))


def _short(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


def data_hash(data: object) -> str:
    """A stable hash of JSON-able data (a tiltak's model dump, its note, its layout)."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


# --- marking while rendering ----------------------------------------------------------------------


class RegionMarks:
    """Records which of a BodyWriter's elements belong to which region, then marks them."""

    def __init__(self, writer) -> None:
        self.writer = writer
        self.spans: list[tuple[RegionInfo, int, int]] = []

    @contextmanager
    def region(self, info: RegionInfo) -> Iterator[None]:
        start = len(self.writer.elements)
        yield
        self.spans.append((info, start, len(self.writer.elements)))

    def finish(self, doc: Document, toc: Sequence) -> None:
        """Bookmark every region, fingerprint it and write the metadata part."""
        regions = [Region(RegionInfo(TOC_ID, Kind.TOC), list(toc))]
        regions += [Region(info, self.writer.elements[a:b]) for info, a, b in self.spans if b > a]
        fingerprint = Fingerprinter(doc)
        for region in regions:
            mark(region.elements, region.info.id, self.writer.target.new_bookmark_id)
            region.info.content = fingerprint(region.elements)
        write_meta(doc, [r.info for r in regions])


def _first_paragraph(element):
    return element if element.tag == qn("w:p") else next(element.iter(qn("w:p")), None)


def _last_paragraph(element):
    if element.tag == qn("w:p"):
        return element
    found = None
    for found in element.iter(qn("w:p")):
        pass
    return found


def _point(bookmark_id: int, name: str) -> list:
    return [oxml.el("w:bookmarkStart", {"w:id": bookmark_id, "w:name": name}),
            oxml.el("w:bookmarkEnd", {"w:id": bookmark_id})]


def mark(elements: Sequence, region_id: str, new_id) -> None:
    """Put the start and end point bookmarks of ``region_id`` into ``elements``."""
    first, last = _first_paragraph(elements[0]), _last_paragraph(elements[-1])
    if first is None or last is None:
        return
    start, start_end = _point(new_id(), region_id)
    index = 1 if first.find(qn("w:pPr")) is not None else 0
    first.insert(index, start_end)
    first.insert(index, start)
    last.extend(_point(new_id(), region_id + END))


def unmark(elements: Sequence) -> None:
    """Remove the region bookmarks (start and end) under ``elements``."""
    for element in elements:
        ids = set()
        for b in list(element.iter(qn("w:bookmarkStart"))):
            if (b.get(qn("w:name")) or "").startswith(PREFIX):
                ids.add(b.get(qn("w:id")))
                b.getparent().remove(b)
        for b in list(element.iter(qn("w:bookmarkEnd"))):
            if b.get(qn("w:id")) in ids:
                b.getparent().remove(b)


# --- finding regions again ------------------------------------------------------------------------


def find_regions(doc: Document) -> list[Region] | None:
    """The regions of ``doc`` in document order (``None``: not a document the tool made).
    A region whose start bookmark is gone is left out; one whose end bookmark is gone ends
    before the next region (the last one: at its last table)."""
    infos = read_meta(doc)
    if infos is None:
        return None
    body = doc.element.body
    children = [c for c in body if c.tag != qn("w:sectPr")]
    index = {id(c): i for i, c in enumerate(children)}
    starts: dict[str, int] = {}
    ends: dict[str, int] = {}
    for b in body.iter(qn("w:bookmarkStart")):
        name = b.get(qn("w:name")) or ""
        if not name.startswith(PREFIX):
            continue
        top = b
        while top.getparent() is not body:
            top = top.getparent()
        i = index.get(id(top))
        if i is None:
            continue
        if name.endswith(END):
            ends[name[: -len(END)]] = max(ends.get(name[: -len(END)], i), i)
        else:
            starts.setdefault(name, i)
    present = sorted((starts[info.id], info) for info in infos if info.id in starts)
    regions = []
    for n, (start, info) in enumerate(present):
        if n + 1 < len(present):
            limit = present[n + 1][0] - 1
        else:  # the last region: a chapter ends with a table, the back page has none
            limit = max((i for i in range(start, len(children)) if children[i].tag == qn("w:tbl")), default=start)
        end = ends.get(info.id)
        end = limit if end is None or end > limit else max(end, start)
        regions.append(Region(info, children[start:end + 1]))
    return regions


# --- the metadata part --------------------------------------------------------------------------


def _meta_part(doc: Document) -> Part | None:
    for rel in doc.part.rels.values():
        if rel.reltype == RT.CUSTOM_XML and not rel.is_external:
            try:
                root = etree.fromstring(rel.target_part.blob)
            except etree.XMLSyntaxError:
                continue
            if root.tag == f"{_NS}regioner":
                return rel.target_part
    return None


def read_meta(doc: Document) -> list[RegionInfo] | None:
    part = _meta_part(doc)
    if part is None:
        return None
    infos = []
    for el in etree.fromstring(part.blob).iter(f"{_NS}region"):
        try:
            kind = Kind(el.get("type"))
        except ValueError:
            continue
        infos.append(RegionInfo(el.get("id", ""), kind, el.get("navn", ""), el.get("segment", ""),
                                el.get("data", ""), el.get("innhold", ""), el.get("borte") == "1"))
    return infos


def write_meta(doc: Document, infos: Sequence[RegionInfo]) -> None:
    """Write (or replace) the metadata part."""
    root = etree.Element(f"{_NS}regioner", nsmap={"inr": NAMESPACE})
    root.set("versjon", "1")
    for info in infos:
        el = etree.SubElement(root, f"{_NS}region")
        el.set("id", info.id)
        el.set("type", info.kind.value)
        for key, value in (("navn", info.name), ("segment", info.segment), ("data", info.data),
                           ("innhold", info.content)):
            if value:
                el.set(key, clean_xml_text(value))
        if info.gone:
            el.set("borte", "1")
    blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    part = _meta_part(doc)
    if part is not None:
        part._blob = blob
        return
    package = doc.part.package
    part = Part(package.next_partname("/customXml/item%d.xml"), "application/xml", blob, package)
    doc.part.relate_to(part, RT.CUSTOM_XML)
    props = (f'<?xml version="1.0" encoding="UTF-8" standalone="no"?>'
             f'<ds:datastoreItem ds:itemID="{{{_ITEM_ID}}}" '
             f'xmlns:ds="http://schemas.openxmlformats.org/officeDocument/2006/customXml">'
             f'<ds:schemaRefs><ds:schemaRef ds:uri="{NAMESPACE}"/></ds:schemaRefs></ds:datastoreItem>')
    number = str(part.partname).removeprefix("/customXml/item").removesuffix(".xml")
    props_part = Part(PackURI(f"/customXml/itemProps{number}.xml"), _PROPS_CT, props.encode("utf-8"), package)
    part.relate_to(props_part, RT.CUSTOM_XML_PROPS)


# --- fingerprints -------------------------------------------------------------------------------


class Fingerprinter:
    """The normalised form of body elements of one document, hashed."""

    def __init__(self, doc: Document) -> None:
        self.names, self.default = style_names(doc.styles.element)
        self.links = {r_id: rel.target_ref for r_id, rel in doc.part.rels.items()}

    def __call__(self, elements: Sequence) -> str:
        return hashlib.sha256("\n".join(self.lines(elements)).encode("utf-8")).hexdigest()[:32]

    def lines(self, elements: Sequence) -> list[str]:
        """One line per paragraph, table, row and cell, in document order."""
        out: list[str] = []
        for element in elements:
            for el in element.iter(qn("w:p"), qn("w:tbl"), qn("w:tr"), qn("w:tc")):
                if el.tag == qn("w:p"):
                    out.append(self._paragraph(el))
                else:
                    out.append(el.tag.rsplit("}", 1)[1])
        return out

    def _paragraph(self, p) -> str:
        style = p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
        name = self.default if style is None else self.names.get(style.get(qn("w:val")), style.get(qn("w:val")))
        parts = []
        for el in p.iter(qn("w:t"), qn("w:hyperlink"), qn("w:tab"), qn("w:br")):
            if el.tag == qn("w:t"):
                parts.append(el.text or "")
            elif el.tag == qn("w:hyperlink"):
                parts.append(f"<{self.links.get(el.get(f'{_R}id'), el.get(qn('w:anchor')) or '')}>")
            elif el.tag == qn("w:tab"):
                if el.getparent().tag == qn("w:r"):  # not a tab stop in w:pPr/w:tabs
                    parts.append("\t")
            elif el.get(qn("w:type")) == "page":
                parts.append("<side>")
        return f"p[{name}] {''.join(parts)}"
