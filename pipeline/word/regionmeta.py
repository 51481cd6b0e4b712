"""The custom XML part that lists a Vedlegg 2's regions (see :mod:`pipeline.word.regions`).

One ``inr:region`` per generated part, with the hash of the data it was made from, a fingerprint of
the content the tool wrote and, for a chapter, the same two for its change note («Endret siden …»)
and a hash per field (so an update can say which data changed). The part is found by its root
element, never by sniffing bytes.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from docx.document import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from lxml import etree

from pipeline.common.libprivate import set_part_blob
from pipeline.contract.formatting import clean_xml_text

NAMESPACE = "urn:innrapportering:vedlegg2:regioner:1"
_NS = f"{{{NAMESPACE}}}"
_ITEM_ID = str(uuid.uuid5(uuid.NAMESPACE_URL, NAMESPACE)).upper()  # the same in every document: reproducible output
_PROPS_CT = "application/vnd.openxmlformats-officedocument.customXmlProperties+xml"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True)


class RegionKind(StrEnum):
    FRONT = "forside"  # the title page, from rapport.toml
    TOC = "innhold"
    SUMMARY = "sammendrag"
    SEGMENT = "segment"
    TILTAK = "tiltak"
    BACK = "bakside"  # the publisher block, from rapport.toml
    PROPERTIES = "egenskaper"  # the document properties (title, subject, author): no body elements


@dataclass
class RegionInfo:
    """What the metadata part says about one region."""

    id: str  # the start bookmark's name
    kind: RegionKind
    name: str = ""  # tiltak or segment name
    segment: str = ""
    data: str = ""  # hash of the data the region was made from
    content: str = ""  # fingerprint of the content as the tool wrote it (the change note left out)
    gone: bool = False  # kept with --behold-borte although no longer submitted
    note: str = ""  # hash of the change note's text ("" = none)
    note_content: str = ""  # fingerprint of the change note as the tool wrote it
    parts: dict[str, str] = field(default_factory=dict)  # field → hash, to tell which data changed


_ATTRIBUTES = (("navn", "name"), ("segment", "segment"), ("data", "data"), ("innhold", "content"),
               ("merknad", "note"), ("merknadinnhold", "note_content"))


def _meta_part(doc: Document) -> tuple[str, Part] | None:
    for r_id, rel in doc.part.rels.items():
        if rel.reltype == RT.CUSTOM_XML and not rel.is_external:
            try:
                root = etree.fromstring(rel.target_part.blob, _PARSER)
            except etree.XMLSyntaxError:
                continue
            if root.tag == f"{_NS}regioner":
                return r_id, rel.target_part
    return None


def read_meta(doc: Document) -> list[RegionInfo] | None:
    found = _meta_part(doc)
    if found is None:
        return None
    infos = []
    for el in etree.fromstring(found[1].blob, _PARSER).iter(f"{_NS}region"):
        try:
            kind = RegionKind(el.get("type"))
        except ValueError:
            continue
        info = RegionInfo(el.get("id", ""), kind, gone=el.get("borte") == "1")
        for attribute, name in _ATTRIBUTES:
            setattr(info, name, el.get(attribute, ""))
        info.parts = dict(p.split("=", 1) for p in el.get("deler", "").split() if "=" in p)
        infos.append(info)
    return infos


def write_meta(doc: Document, infos: Sequence[RegionInfo]) -> None:
    """Write (or replace) the metadata part."""
    root = etree.Element(f"{_NS}regioner", nsmap={"inr": NAMESPACE})
    root.set("versjon", "2")
    for info in infos:
        el = etree.SubElement(root, f"{_NS}region")
        el.set("id", info.id)
        el.set("type", info.kind.value)
        for attribute, name in _ATTRIBUTES:
            if getattr(info, name):
                el.set(attribute, clean_xml_text(getattr(info, name)))
        if info.parts:
            el.set("deler", " ".join(f"{k}={v}" for k, v in sorted(info.parts.items())))
        if info.gone:
            el.set("borte", "1")
    blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    found = _meta_part(doc)
    if found is not None:
        set_part_blob(found[1], blob)
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


def drop_meta(doc: Document) -> None:
    """Remove the metadata part (a copy that is no updatable Vedlegg 2, such as the side file)."""
    found = _meta_part(doc)
    if found is not None:
        doc.part.drop_rel(found[0])


def document_properties(doc: Document) -> dict[str, str]:
    """The document properties the tool fills from the settings (title, subject, author), as in ``doc``."""
    props = doc.core_properties
    return {"title": props.title or "", "subject": props.subject or "", "author": props.author or ""}
