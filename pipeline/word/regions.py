"""The parts the tool generates, as addressable regions that survive editing.

Every generated part of the document (the table of contents, the Sammendrag, each segment
heading, each tiltak chapter) is a *region*: the run of top-level body elements from the one
holding the point bookmark ``_inr_<id>`` (in its first paragraph) to the one holding the
point bookmark ``_inr_<id>_slutt`` (in its last paragraph, inside the last table cell when
the region ends with a table). Point bookmarks inside paragraphs are what both Word and a
LibreOffice re-save keep (a range bookmark ending after a table is split by LibreOffice 7.4,
and a block-level content control loses its tag; see docs/wordmal.md). Names starting with
``_`` are hidden in Word's bookmark dialog.

The title page and the back page (filled from ``rapport.toml``) are regions too. A chapter's change
note («Endret siden …») is a small region of its own inside the chapter (point bookmark
``_inr_<id>_merknad``): it is not part of the chapter's data or fingerprint, so a new note never
makes an unchanged chapter "changed". A custom XML part (:mod:`pipeline.word.regionmeta`) lists the
regions with, per region, a hash of the data it was made from and a fingerprint of the content the
tool wrote, so that
:mod:`pipeline.word.update` can tell "the data changed" from "an editor changed it". The
fingerprint is of the same token stream as the whole-document guard (:mod:`pipeline.word.bodytokens`),
which ignores what Word and LibreOffice change on a save without edits.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

from docx.document import Document
from docx.oxml.ns import qn

from pipeline.contract.identity import tiltak_key
from pipeline.word import oxml
from pipeline.word.bodytokens import Tokens, digest, style_names
from pipeline.word.regionmeta import NAMESPACE, RegionKind, RegionInfo, drop_meta, read_meta, write_meta

__all__ = ["NAMESPACE", "RegionKind", "RegionInfo", "Region", "read_meta", "write_meta", "drop_meta", "find_regions",
           "Fingerprinter", "RegionMarks", "mark", "mark_start", "unmark", "tiltak_region", "summary_region", "segment_region",
           "page_regions", "data_hash"]

PREFIX = "_inr_"
END = "_slutt"
NOTE = "_merknad"
TOC_ID = f"{PREFIX}innhold"
SUMMARY_ID = f"{PREFIX}sammendrag"
FRONT_ID = f"{PREFIX}forside"
BACK_ID = f"{PREFIX}bakside"
PROPERTIES_ID = f"{PREFIX}egenskaper"
SUMMARY_TITLE = "Sammendrag"
_HEADING_NAMES = {RegionKind.TILTAK: "heading 2", RegionKind.SEGMENT: "heading 1", RegionKind.SUMMARY: "heading 1"}


@dataclass
class Region:
    info: RegionInfo
    elements: list = field(default_factory=list)  # top-level body elements, in order
    note: object = None  # the change note's paragraph (inside ``elements``), if any
    by_heading: bool = False  # found by its heading because its start bookmark is gone


def tiltak_region_id(name: str) -> str:
    return f"{PREFIX}t_{_short(tiltak_key(name))}"


def tiltak_region(item, lenient_note: str, form, change_note: str = "") -> RegionInfo:
    """A chapter's region; its data hash covers everything the chapter is made from except the change
    note, which is hashed on its own; ``parts`` has a hash per field (to say which data changed)."""
    parts = {key: data_hash(value) for key, value in item.model_dump(mode="json").items()}
    parts.update({"merknad": data_hash(lenient_note), "oppsett": data_hash(form.layout(item.segment).model_dump(mode="json")),
                  "farger": data_hash(form.farger)})
    info = RegionInfo(tiltak_region_id(item.navn), RegionKind.TILTAK, item.navn, item.segment, data_hash(parts))
    info.parts = {key: value[:8] for key, value in parts.items()}
    info.note = data_hash(change_note) if change_note else ""
    return info


def summary_region() -> RegionInfo:
    return RegionInfo(SUMMARY_ID, RegionKind.SUMMARY)


def segment_region(segment: str) -> RegionInfo:
    return RegionInfo(f"{PREFIX}s_{_short(tiltak_key(segment))}", RegionKind.SEGMENT, segment, segment, data_hash(segment))


def page_regions(context: Mapping[str, object], properties: Mapping[str, str]) -> tuple[RegionInfo, ...]:
    """The title page, the back page and the document properties, each hashed from the settings it shows."""
    front = {k: v for k, v in context.items() if not k.startswith("utgiver")}
    back = {k: v for k, v in context.items() if k.startswith("utgiver")}
    infos = (RegionInfo(FRONT_ID, RegionKind.FRONT, data=data_hash(front)), RegionInfo(BACK_ID, RegionKind.BACK, data=data_hash(back)),
             RegionInfo(PROPERTIES_ID, RegionKind.PROPERTIES, data=data_hash(dict(properties)),
                        content=data_hash(dict(properties))))
    for info, values in zip(infos, (front, back, properties)):
        info.parts = {key: data_hash(value)[:8] for key, value in values.items()}
    return infos


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
        self.notes: dict[str, int] = {}  # region id → index of its change note among the writer's elements

    @contextmanager
    def region(self, info: RegionInfo) -> Iterator[None]:
        start = len(self.writer.elements)
        yield
        self.spans.append((info, start, len(self.writer.elements)))

    def note(self, info: RegionInfo, index: int) -> None:
        """The writer's element ``index`` is the change note of the region ``info``."""
        self.notes[info.id] = index

    def finish(self, doc: Document, before: Sequence[Region], after: Sequence[Region] = ()) -> None:
        """Bookmark every region, fingerprint it and write the metadata part. ``before``: the title page and
        the TOC; ``after``: the back page (and the properties, without elements)."""
        regions = list(before)
        for info, a, b in self.spans:
            if b > a:
                index = self.notes.get(info.id)
                regions.append(Region(info, self.writer.elements[a:b],
                                      None if index is None else self.writer.elements[index]))
        regions += after
        fingerprint = Fingerprinter(doc)
        for region in regions:
            if not region.elements:
                continue
            mark(region.elements, region.info.id, self.writer.target.new_bookmark_id)
            if region.note is not None:
                _point_at_start(region.note, region.info.id + NOTE, self.writer.target.new_bookmark_id)
                region.info.note_content = fingerprint([region.note])
            region.info.content = fingerprint(without_note(region))
        write_meta(doc, [r.info for r in regions if r.elements or r.info.kind is RegionKind.PROPERTIES])


def without_note(region: Region) -> list:
    return [e for e in region.elements if e is not region.note]


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


def mark_start(element, region_id: str, new_id) -> None:
    """Put the start point bookmark of ``region_id`` back into ``element`` (a region found by its heading)."""
    first = _first_paragraph(element)
    if first is not None:
        _point_at_start(first, region_id, new_id)


def _point_at_start(p, name: str, new_id) -> None:
    start, start_end = _point(new_id(), name)
    index = 1 if p.find(qn("w:pPr")) is not None else 0
    p.insert(index, start_end)
    p.insert(index, start)


def mark(elements: Sequence, region_id: str, new_id) -> None:
    """Put the start and end point bookmarks of ``region_id`` into ``elements``."""
    first, last = _first_paragraph(elements[0]), _last_paragraph(elements[-1])
    if first is None or last is None:
        return
    _point_at_start(first, region_id, new_id)
    last.extend(_point(new_id(), region_id + END))


def unmark(elements: Sequence) -> None:
    """Remove the region bookmarks (start, end, note) under ``elements``."""
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

    A region is found by its start bookmark; the table of contents by its ``TOC`` field (LibreOffice moves
    the bookmark into the field's result, and Word's «Oppdater tabell» then deletes it); a chapter, segment
    or Sammendrag whose start bookmark is gone by its heading (``by_heading``). A region whose end bookmark
    is gone ends before the next region (the last chapter: at its last table)."""
    infos = read_meta(doc)
    if infos is None:
        return None
    body = doc.element.body
    children = [c for c in body if c.tag != qn("w:sectPr")]
    index = {id(c): i for i, c in enumerate(children)}
    starts: dict[str, int] = {}
    ends: dict[str, int] = {}
    notes: dict[str, object] = {}
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
            base = name[: -len(END)]
            ends[base] = max(ends.get(base, i), i)
        elif name.endswith(NOTE):
            notes.setdefault(name[: -len(NOTE)], b.getparent())
        else:
            starts.setdefault(name, i)
    toc = toc_field(children)
    if toc is not None:
        starts[TOC_ID], ends[TOC_ID] = toc
    found = _by_heading(doc, children, infos, starts)
    starts.update(found)
    present = sorted((starts[info.id], n, info) for n, info in enumerate(infos) if info.id in starts)
    regions = []
    for n, (start, _, info) in enumerate(present):
        if n + 1 < len(present):
            limit = present[n + 1][0] - 1
        elif info.kind is RegionKind.BACK:
            limit = len(children) - 1
        else:  # the last region: a chapter ends with a table
            limit = max((i for i in range(start, len(children)) if children[i].tag == qn("w:tbl")), default=start)
        end = ends.get(info.id)
        end = limit if end is None or end > limit else max(end, start)
        elements = children[start:end + 1]
        regions.append(Region(info, elements, _note(info, elements, notes.get(info.id), doc), info.id in found))
    return regions


def _note(info: RegionInfo, elements: list, marked, doc: Document):
    """The change note paragraph of a chapter: by its bookmark, else (bookmark gone) the note-styled
    paragraph right after the heading."""
    if not info.note:
        return None
    if marked is not None and any(marked is e for e in elements):
        return marked
    names, _ = style_names(doc.styles.element)
    for element in elements[1:3]:
        style = element.find(f"{qn('w:pPr')}/{qn('w:pStyle')}") if element.tag == qn("w:p") else None
        if style is not None and names.get(style.get(qn("w:val"))) == "endringsmerknad":
            return element
    return None


def toc_field(children: Sequence) -> tuple[int, int] | None:
    """(first, last) index among ``children`` of the ``TOC`` field (its begin to its end), or ``None``."""
    start, depth = None, 0
    for i, child in enumerate(children):
        for el in child.iter(qn("w:fldChar"), qn("w:instrText")):
            if start is None:
                if el.tag == qn("w:instrText") and (el.text or "").split()[:1] == ["TOC"]:
                    start, depth = i, 1
                continue
            kind = el.get(qn("w:fldCharType")) if el.tag == qn("w:fldChar") else None
            depth += 1 if kind == "begin" else -1 if kind == "end" else 0
            if depth == 0:
                return start, i
    return None


def _by_heading(doc: Document, children: list, infos: list[RegionInfo], starts: Mapping[str, int]) -> dict[str, int]:
    """Start indexes of the regions whose start bookmark is gone, found by their heading's text and level."""
    names, _ = style_names(doc.styles.element)
    taken = set(starts.values())
    found: dict[str, int] = {}
    for info in infos:
        level = _HEADING_NAMES.get(info.kind)
        if info.id in starts or level is None:
            continue
        text = SUMMARY_TITLE if info.kind is RegionKind.SUMMARY else info.name.strip()
        for i, child in enumerate(children):
            if i in taken or child.tag != qn("w:p"):
                continue
            style = child.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
            if style is not None and names.get(style.get(qn("w:val"))) == level \
                    and oxml.paragraph_text(child).strip() == text:
                found[info.id] = i
                taken.add(i)
                break
    return found


# --- fingerprints -------------------------------------------------------------------------------


class Fingerprinter:
    """The fingerprint of body elements of one document: the same tokens as the whole-document guard
    (:mod:`pipeline.word.bodytokens`), hashed per region."""

    def __init__(self, doc: Document) -> None:
        self.styles = doc.styles.element
        self.names = style_names(self.styles)  # once: the styles do not change during an update
        self.links = {r_id: rel.target_ref for r_id, rel in doc.part.rels.items()}

    def __call__(self, elements: Sequence) -> str:
        return digest(self.lines(elements))

    def lines(self, elements: Sequence) -> list[str]:
        """The tokens of ``elements``, in document order."""
        return Tokens(self.styles, self.links, self.names).of(elements)
