"""The region list of a Vedlegg 2 (pipeline.word.regionmeta): a custom XML part that survives a save,
is found by its root element among other custom XML parts, is replaced (never doubled) and can be dropped."""

from __future__ import annotations

import io
import zipfile

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from lxml import etree

from pipeline.word.regionmeta import (NAMESPACE, RegionInfo, RegionKind, document_properties, drop_meta, read_meta,
                                      write_meta)

NS = f"{{{NAMESPACE}}}"
DS = "{http://schemas.openxmlformats.org/officeDocument/2006/customXml}"
CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"
PR = "{http://schemas.openxmlformats.org/package/2006/relationships}"


def _infos() -> list[RegionInfo]:
    chapter = RegionInfo("_inr_t_abc", RegionKind.TILTAK, "Alfa og Beta", "Samstyre", "d" * 32, "c" * 64, gone=True,
                         note="n" * 32, note_content="m" * 64, parts={"status": "12345678", "navn": "9abcdef0"})
    return [RegionInfo("_inr_forside", RegionKind.FRONT, data="f" * 32, content="e" * 64, parts={"periode": "00ff00ff"}),
            chapter, RegionInfo("_inr_s_1", RegionKind.SEGMENT, "Samstyre", "Samstyre", "a" * 32),
            RegionInfo("_inr_egenskaper", RegionKind.PROPERTIES, data="b" * 32)]


def _saved(doc) -> bytes:
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _foreign_part(doc, xml: bytes) -> None:
    """A custom XML part another program put in the document (Word adds some for its own data)."""
    package = doc.part.package
    part = Part(package.next_partname("/customXml/item%d.xml"), "application/xml", xml, package)
    doc.part.relate_to(part, RT.CUSTOM_XML)


def _region_parts(data: bytes) -> dict[str, etree._Element]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        items = {n: z.read(n) for n in z.namelist() if n.startswith("customXml/item")}
    return {n: root for n, xml in items.items() if xml.startswith(b"<?xml") and (root := etree.fromstring(xml)).tag == f"{NS}regioner"}


def test_every_field_of_every_region_survives_a_save():
    doc = docx.Document()
    write_meta(doc, _infos())
    back = read_meta(docx.Document(io.BytesIO(_saved(doc))))
    assert back == _infos()
    assert back[1].gone and not back[0].gone and back[1].parts == {"status": "12345678", "navn": "9abcdef0"}


def test_the_part_is_a_custom_xml_item_with_its_properties_as_word_expects():
    doc = docx.Document()
    write_meta(doc, _infos())
    data = _saved(doc)
    (name, root), = _region_parts(data).items()
    assert root.get("versjon") == "2" and root.nsmap == {"inr": NAMESPACE}
    chapter = root.findall(f"{NS}region")[1]
    assert dict(chapter.attrib) == {"id": "_inr_t_abc", "type": "tiltak", "navn": "Alfa og Beta", "segment": "Samstyre",
                                    "data": "d" * 32, "innhold": "c" * 64, "merknad": "n" * 32,
                                    "merknadinnhold": "m" * 64, "deler": "navn=9abcdef0 status=12345678", "borte": "1"}
    segment = root.findall(f"{NS}region")[2]
    assert dict(segment.attrib) == {"id": "_inr_s_1", "type": "segment", "navn": "Samstyre", "segment": "Samstyre",
                                    "data": "a" * 32}  # empty fields are left out, «borte» only when gone
    number = name.removeprefix("customXml/item").removesuffix(".xml")
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert z.read(name).startswith(b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>")
        props = etree.fromstring(z.read(f"customXml/itemProps{number}.xml"))
        rels = etree.fromstring(z.read(f"customXml/_rels/item{number}.xml.rels"))
        types = etree.fromstring(z.read("[Content_Types].xml"))
    assert props.tag == f"{DS}datastoreItem" and props.get(f"{DS}itemID").startswith("{")
    assert [r.get(f"{DS}uri") for r in props.iter(f"{DS}schemaRef")] == [NAMESPACE]
    assert [(r.get("Type"), r.get("Target")) for r in rels.iter(f"{PR}Relationship")] == [
        (RT.CUSTOM_XML_PROPS, f"itemProps{number}.xml")]
    overrides = {o.get("PartName"): o.get("ContentType") for o in types.iter(f"{CT}Override")}
    defaults = {d.get("Extension"): d.get("ContentType") for d in types.iter(f"{CT}Default")}
    assert overrides.get(f"/customXml/itemProps{number}.xml") == \
        "application/vnd.openxmlformats-officedocument.customXmlProperties+xml"
    assert overrides.get(f"/{name}", defaults.get("xml")) == "application/xml"


def test_the_same_document_gets_the_same_item_id():
    ids = []
    for _ in range(2):
        doc = docx.Document()
        write_meta(doc, _infos())
        with zipfile.ZipFile(io.BytesIO(_saved(doc))) as z:
            props = [n for n in z.namelist() if n.startswith("customXml/itemProps")]
            ids.append(etree.fromstring(z.read(props[0])).get(f"{DS}itemID"))
    assert ids[0] == ids[1]  # reproducible output


def test_writing_again_replaces_the_list_and_leaves_other_custom_xml_alone():
    doc = docx.Document()
    _foreign_part(doc, b"<?xml version='1.0'?><b:Sources xmlns:b='urn:other'/>")
    _foreign_part(doc, b"<ikke xml")  # a broken part is skipped, not an error
    write_meta(doc, _infos())
    doc = docx.Document(io.BytesIO(_saved(doc)))
    write_meta(doc, _infos()[:1])
    data = _saved(doc)
    assert len(_region_parts(data)) == 1
    assert read_meta(docx.Document(io.BytesIO(data))) == _infos()[:1]
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        others = [z.read(n) for n in z.namelist() if n.startswith("customXml/item") and "Props" not in n]
    assert b"<ikke xml" in others and any(b"urn:other" in o for o in others)


def test_dropping_the_list_leaves_a_document_without_regions():
    doc = docx.Document()
    _foreign_part(doc, b"<?xml version='1.0'?><b:Sources xmlns:b='urn:other'/>")
    write_meta(doc, _infos())
    drop_meta(doc)
    data = _saved(doc)
    assert read_meta(docx.Document(io.BytesIO(data))) is None and _region_parts(data) == {}
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert any(b"urn:other" in z.read(n) for n in z.namelist() if n.startswith("customXml/item"))
    drop_meta(docx.Document())  # nothing to drop: no error


def test_an_unknown_region_type_is_skipped_and_a_missing_attribute_is_empty():
    doc = docx.Document()
    xml = (f"<inr:regioner xmlns:inr='{NAMESPACE}' versjon='2'><inr:region id='a' type='ukjent'/>"
           "<inr:region type='tiltak' deler='status=1 uten-likhetstegn navn=a=b'/>"
           "<inr:region id='c' type='segment' borte='0'/></inr:regioner>").encode()
    _foreign_part(doc, xml)
    infos = read_meta(docx.Document(io.BytesIO(_saved(doc))))
    assert infos == [RegionInfo("", RegionKind.TILTAK, parts={"status": "1", "navn": "a=b"}),
                     RegionInfo("c", RegionKind.SEGMENT)]


def test_a_name_with_characters_xml_cannot_hold_is_written_without_them():
    doc = docx.Document()
    write_meta(doc, [RegionInfo("_inr_t", RegionKind.TILTAK, "Alfa\x0bBeta\x00", "Sam\x1fstyre")])
    (info,) = read_meta(docx.Document(io.BytesIO(_saved(doc))))
    assert (info.name, info.segment) == ("AlfaBeta", "Samstyre")


def test_document_properties_are_empty_texts_when_unset():
    doc = docx.Document()
    doc.core_properties.title, doc.core_properties.subject, doc.core_properties.author = "Tittel", "Emne", ""
    assert document_properties(doc) == {"title": "Tittel", "subject": "Emne", "author": ""}
    doc.core_properties.title, doc.core_properties.subject, doc.core_properties.author = "", "", "Forfatter"
    assert document_properties(docx.Document(io.BytesIO(_saved(doc)))) == {"title": "", "subject": "", "author": "Forfatter"}
