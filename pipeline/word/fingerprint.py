"""A fingerprint of a generated Word document, so that an edited copy is never overwritten unseen.

``merge`` stores a SHA-256 of the document's *content* in the custom document property
``innrapportering-fingeravtrykk`` (``docProps/custom.xml``). Before the next merge replaces the file it
computes the fingerprint again: a match means nobody changed what the tool wrote; a mismatch means
the document was edited; no fingerprint at all means the file was made elsewhere.

What counts as content (see docs/beslutninger.md): the body's paragraphs in order, each as its style
*name* and its text, and the tables' rows and cells. Left out, because programs change them without
an edit: field results (the table of contents gets page numbers from ``pdf``, Word refreshes it on
open), empty paragraphs, how text is split into runs, and ids such as Word's ``rsid`` attributes. The
character formatting an editor applies (bold, italic, underline, strike-through, colour, highlight, a
character style) is content outside tables: it is recorded where it changes along the text. (Inside tables
LibreOffice writes the table style's own bold and colours into the runs on a re-save, so there only the
text counts.) So a re-save in Word or
LibreOffice without edits still counts as unedited; changed text or formatting, a changed paragraph
style, added or removed paragraphs, rows or cells count as edited.

:func:`stamp` is called on the rendered document before it is saved; :func:`document_state` tells
what is on disk. Both compute :func:`content_fingerprint` from the same ``w:body`` element shape.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from enum import StrEnum
from pathlib import Path

from docx.document import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from lxml import etree

PROPERTY_NAME = "innrapportering-fingeravtrykk"
VERSION = "v2"  # changes when the normalisation changes; an older stamp then reads as "edited"

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_CUSTOM_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
_VT_NS = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
_CUSTOM_CT = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
_CUSTOM_PART = "/docProps/custom.xml"
_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"  # the one format id custom properties use


def _w(tag: str) -> str:
    return f"{{{_W}}}{tag}"


_TEXT = {_w("t"): None, _w("tab"): "\t", _w("br"): "\n", _w("cr"): "\n", _w("noBreakHyphen"): "\u2011"}
_P, _TBL, _TR, _TC = _w("p"), _w("tbl"), _w("tr"), _w("tc")
_FLD_CHAR, _FLD_SIMPLE, _FLD_TYPE = _w("fldChar"), _w("fldSimple"), _w("fldCharType")
_CONTAINERS = frozenset({_w("sdt"), _w("sdtContent"), _w("customXml"), _w("smartTag")})
_STYLE_PATH = f"{_w('pPr')}/{_w('pStyle')}"
_VAL = _w("val")


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


def style_names(styles_root) -> tuple[dict[str, str], str]:
    """Paragraph style id → lower-case name, and the default paragraph style's name."""
    names, default = {}, "normal"
    for style in styles_root.iter(_w("style")):
        if style.get(_w("type")) != "paragraph":
            continue
        name = style.find(_w("name"))
        style_id = style.get(_w("styleId"))
        label = (name.get(_w("val")) if name is not None else style_id or "").casefold()
        names[style_id] = label
        if style.get(_w("default")) in ("1", "true", "on"):
            default = label
    return names, default


class _Walker:
    """The body as a list of tokens: table/row/cell marks and (style, text) per non-empty paragraph."""

    def __init__(self, styles_root) -> None:
        self.names, self.default = style_names(styles_root)
        self.depth = 0  # inside a complex field (begin … end): its result is not content
        self.tables = 0  # inside a table: LibreOffice writes the table style's formatting into the runs
        self.tokens: list[str] = []

    def walk(self, element) -> None:
        for child in element:
            tag = child.tag
            if tag == _P:
                self._paragraph(child)
            elif tag == _TBL:
                self.tokens.append("<tabell>")
                self.tables += 1
                self.walk(child)
                self.tables -= 1
                self.tokens.append("</tabell>")
            elif tag == _TR:
                self.tokens.append("<rad>")
                self.walk(child)
            elif tag == _TC:
                self.tokens.append("<celle>")
                self.walk(child)
            elif tag in _CONTAINERS:
                self.walk(child)

    def _paragraph(self, p) -> None:
        text: list[str] = []
        shown = ()  # the character formatting of the text so far
        for node in p.iter(_FLD_CHAR, _FLD_SIMPLE, *_TEXT):
            tag = node.tag
            if tag == _FLD_CHAR:
                kind = node.get(_FLD_TYPE)
                self.depth += 1 if kind == "begin" else -1 if kind == "end" and self.depth else 0
            elif tag != _FLD_SIMPLE and self.depth == 0 and not _in_simple_field(node, p):
                value = _TEXT[tag]
                piece = (node.text or "") if value is None else value
                if piece.strip() and not self.tables:
                    looks = run_formatting(node.getparent())
                    if looks != shown:
                        text.append(f"\x1d{'|'.join(looks)}\x1d")
                        shown = looks
                text.append(piece)
        joined = "".join(text)
        if joined.strip():
            style = p.find(_STYLE_PATH)
            name = self.names.get(style.get(_VAL), style.get(_VAL)) if style is not None else self.default
            self.tokens.append(f"{name}\x1f{joined}")


_FORMAT_TAGS = tuple(_w(t) for t in ("rStyle", "b", "i", "u", "strike", "dstrike", "color", "highlight", "shd",
                                       "caps", "smallCaps", "vertAlign"))
_OFF = {"0", "false", "off", "none", "auto"}


def run_formatting(run) -> tuple[str, ...]:
    """The character formatting of a run that an editor sees and sets (``b``, ``color=FF0000`` …),
    in a fixed order; switched-off properties and automatic colours count as none."""
    rpr = run.find(_w("rPr")) if run is not None else None
    if rpr is None:
        return ()
    looks = []
    for tag in _FORMAT_TAGS:
        prop = rpr.find(tag)
        if prop is None:
            continue
        value = prop.get(_VAL) or prop.get(_w("fill")) or ""
        if value.casefold() in _OFF and tag != _w("rStyle"):
            continue
        looks.append(f"{etree.QName(tag).localname}={value}" if value else etree.QName(tag).localname)
    return tuple(looks)


def _in_simple_field(node, paragraph) -> bool:
    parent = node.getparent()
    while parent is not None and parent is not paragraph:
        if parent.tag == _FLD_SIMPLE:
            return True
        parent = parent.getparent()
    return False


def content_fingerprint(body, styles_root) -> str:
    """``v1:<sha256>`` of the body's content (see the module docstring)."""
    walker = _Walker(styles_root)
    walker.walk(body)
    digest = hashlib.sha256("\x1e".join(walker.tokens).encode("utf-8")).hexdigest()
    return f"{VERSION}:{digest}"


# --- storing it --------------------------------------------------------------------------------


def _custom_xml(existing: bytes | None, value: str) -> bytes:
    """``docProps/custom.xml`` with our property set (other properties kept)."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    root = etree.fromstring(existing, parser) if existing else etree.Element(f"{{{_CUSTOM_NS}}}Properties",
                                                                             nsmap={None: _CUSTOM_NS, "vt": _VT_NS})
    props = root.findall(f"{{{_CUSTOM_NS}}}property")
    for prop in props:
        if prop.get("name") == PROPERTY_NAME:
            root.remove(prop)
    pid = 1 + max([int(p.get("pid", "1")) for p in props if p.get("pid", "").isdigit()], default=1)
    prop = etree.SubElement(root, f"{{{_CUSTOM_NS}}}property", fmtid=_FMTID, pid=str(pid), name=PROPERTY_NAME)
    etree.SubElement(prop, f"{{{_VT_NS}}}lpwstr").text = value
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def stamp(doc: Document) -> str:
    """Compute the fingerprint of ``doc`` and store it in its custom properties; returns it."""
    value = content_fingerprint(doc.element.body, doc.styles.element)
    package = doc.part.package
    rels = [r for r in package.rels.values() if r.reltype == RT.CUSTOM_PROPERTIES and not r.is_external]
    if rels:
        part = rels[0].target_part
        part._blob = _custom_xml(part.blob, value)
    else:
        part = Part(PackURI(_CUSTOM_PART), _CUSTOM_CT, _custom_xml(None, value), package)
        package.relate_to(part, RT.CUSTOM_PROPERTIES)
    return value


# --- reading it back ---------------------------------------------------------------------------


def _parse(data: bytes):
    return etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True))


def stored_fingerprint(archive: zipfile.ZipFile) -> str | None:
    """The fingerprint stored in an open DOCX, ``None`` when it has none."""
    try:
        root = _parse(archive.read("docProps/custom.xml"))
    except KeyError:
        return None
    for prop in root.iter(f"{{{_CUSTOM_NS}}}property"):
        if prop.get("name") == PROPERTY_NAME:
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
    return stored, content_fingerprint(body if body is not None else etree.Element(_w("body")), styles)


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
