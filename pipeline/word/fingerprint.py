"""A fingerprint of a generated Word document, so that an edited copy is never overwritten unseen.

``merge`` stores a SHA-256 of the document's *content* in the custom document property
``innrapportering-fingeravtrykk`` (``docProps/custom.xml``). Before the next merge replaces the file it
computes the fingerprint again: a match means nobody changed what the tool wrote; a mismatch means
the document was edited; no fingerprint at all means the file was made elsewhere.

What counts as content is decided in one place, :mod:`pipeline.word.bodytokens`, the same normaliser
the per-chapter fingerprints of ``--oppdater`` use (:mod:`pipeline.word.regions`): text, paragraph styles,
the formatting an editor applies (outside tables), link targets, page breaks, table structure. A re-save in
Word or LibreOffice without edits still counts as unedited.

:func:`stamp` is called on the rendered document before it is saved; :func:`document_state` tells
what is on disk. Both compute :func:`content_fingerprint` from the same ``w:body`` element shape.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping
from enum import StrEnum
from pathlib import Path

from typing import TYPE_CHECKING

from lxml import etree

from pipeline.common.libprivate import set_part_blob
from pipeline.common.namespaces import CUSTOM_PROPS, VT, W
from pipeline.word.bodytokens import VERSION, Tokens, digest, run_formatting, style_names

if TYPE_CHECKING:
    from docx.document import Document

__all__ = ["VERSION", "DocumentState", "content_fingerprint", "document_state", "fingerprints", "run_formatting",
           "stamp", "store_fingerprint", "stored_fingerprint", "style_names"]

PROPERTY_NAME = "innrapportering-fingeravtrykk"

_W = W
_CUSTOM_NS = CUSTOM_PROPS
_VT_NS = VT
_CUSTOM_CT = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
_CUSTOM_PART = "/docProps/custom.xml"
_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"  # the one format id custom properties use


def _w(tag: str) -> str:
    return f"{{{_W}}}{tag}"


class DocumentState(StrEnum):
    """What is at the output path before a merge writes it."""

    ABSENT = "finnes ikke"
    UNCHANGED = "uendret"  # made by this tool and not edited since: may be replaced
    EDITED = "redigert"  # made by this tool, then edited
    FOREIGN = "uten fingeravtrykk"  # made elsewhere (or not a Word document at all)

    @property
    def replaceable(self) -> bool:
        return self in (DocumentState.ABSENT, DocumentState.UNCHANGED)


# --- the fingerprint ---------------------------------------------------------------------------


def content_fingerprint(body, styles_root, links: Mapping[str, str] | None = None) -> str:
    """``v3:<sha256>`` of the body's content (see :mod:`pipeline.word.bodytokens`)."""
    return digest(Tokens(styles_root, links or {}).of(body))


# --- storing it --------------------------------------------------------------------------------


def _custom_xml(existing: bytes | None, value: str, name: str = PROPERTY_NAME) -> bytes:
    """``docProps/custom.xml`` with the property ``name`` set (other properties kept)."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    root = etree.fromstring(existing, parser) if existing else etree.Element(f"{{{_CUSTOM_NS}}}Properties",
                                                                             nsmap={None: _CUSTOM_NS, "vt": _VT_NS})
    props = root.findall(f"{{{_CUSTOM_NS}}}property")
    for prop in props:
        if prop.get("name") == name:
            root.remove(prop)
    pid = 1 + max([int(p.get("pid", "1")) for p in props if p.get("pid", "").isdigit()], default=1)
    prop = etree.SubElement(root, f"{{{_CUSTOM_NS}}}property", fmtid=_FMTID, pid=str(pid), name=name)
    etree.SubElement(prop, f"{{{_VT_NS}}}lpwstr").text = value
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def stamp(doc: Document) -> str:
    """Compute the fingerprint of ``doc`` and store it in its custom properties; returns it."""
    value = content_fingerprint(doc.element.body, doc.styles.element, document_links(doc))
    store_fingerprint(doc, value)
    return value


def store_fingerprint(doc: Document, value: str) -> None:
    """Store ``value`` as the fingerprint in the custom properties of ``doc`` (its other properties kept)."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT  # python-docx: only where a document is written
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    package = doc.part.package
    rels = [r for r in package.rels.values() if r.reltype == RT.CUSTOM_PROPERTIES and not r.is_external]
    if rels:
        part = rels[0].target_part
        set_part_blob(part, _custom_xml(part.blob, value))
    else:
        part = Part(PackURI(_CUSTOM_PART), _CUSTOM_CT, _custom_xml(None, value), package)
        package.relate_to(part, RT.CUSTOM_PROPERTIES)


# --- reading it back ---------------------------------------------------------------------------


def _parse(data: bytes):
    return etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True))


def stored_fingerprint(archive: zipfile.ZipFile) -> str | None:
    """The fingerprint stored in an open DOCX, ``None`` when it has none."""
    return stored_property(archive, PROPERTY_NAME)


def stored_property(archive: zipfile.ZipFile, name: str) -> str | None:
    """The text of the custom document property ``name`` in an open DOCX, ``None`` when it has none."""
    try:
        root = _parse(archive.read(_CUSTOM_PART.lstrip("/")))
    except KeyError:
        return None
    for prop in root.iter(f"{{{_CUSTOM_NS}}}property"):
        if prop.get("name") == name:
            return "".join(prop.itertext()).strip() or None
    return None


def fingerprints(docx: Path | bytes) -> tuple[str | None, str]:
    """(stored, computed now) for a saved DOCX. Raises ``zipfile.BadZipFile``/``KeyError``/XML errors
    for a file that is not a Word document."""
    source = io.BytesIO(docx) if isinstance(docx, bytes) else Path(docx)
    with zipfile.ZipFile(source) as archive:
        stored = stored_fingerprint(archive)
        body = _parse(archive.read("word/document.xml")).find(_w("body"))
        try:
            styles = _parse(archive.read("word/styles.xml"))
        except KeyError:
            styles = etree.Element(_w("styles"))
        links = _links(archive)
    return stored, content_fingerprint(body if body is not None else etree.Element(_w("body")), styles, links)


def document_links(doc: Document) -> dict[str, str]:
    """Relationship id → target of the main document part (hyperlink targets, for the tokens)."""
    return {r_id: rel.target_ref for r_id, rel in doc.part.rels.items()}


def _links(archive: zipfile.ZipFile) -> dict[str, str]:
    try:
        root = _parse(archive.read("word/_rels/document.xml.rels"))
    except KeyError:
        return {}
    return {rel.get("Id"): rel.get("Target", "") for rel in root}


def document_state(path: Path) -> DocumentState:
    """Whether the file at ``path`` may be replaced by a new merge (see :class:`DocumentState`)."""
    path = Path(path)
    if not path.exists() or path.is_dir():  # a folder is no document: writing reports it
        return DocumentState.ABSENT
    try:
        stored, actual = fingerprints(path)
    except (OSError, zipfile.BadZipFile, KeyError, etree.XMLSyntaxError):
        return DocumentState.FOREIGN
    if stored is None:
        return DocumentState.FOREIGN
    return DocumentState.UNCHANGED if stored == actual else DocumentState.EDITED
