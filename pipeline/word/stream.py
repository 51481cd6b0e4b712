"""The document for ``merge`` written region by region, so that 1 000 chapters never stand in memory at once.

:func:`render_docx` gives the same ``.docx`` as :func:`pipeline.word.render.render_document` followed by
:func:`pipeline.word.fingerprint.stamp` and ``save`` (the same ``word/document.xml`` and the same other parts),
but each region (the Sammendrag, a segment heading, a chapter) is bookmarked, fingerprinted, tokenised for the
whole-document fingerprint and serialised to bytes as soon as it is written, and its element tree is dropped.
``word/document.xml`` is then the template's part with the regions' bytes put where a placeholder stands.

What makes the bytes the same: the bookmark ids. :class:`~pipeline.word.regions.RegionMarks` gives the headings
their ids while rendering and the regions theirs afterwards (title page, table of contents, then the regions in
order, then the back page), so a region's ids here are counted from the number of headings the whole document
will have (the Sammendrag's, one per segment, one per chapter) and the ids the title page and the table of
contents take; :func:`render_docx` checks both counts at the end. ``merge --oppdater`` still needs the whole
tree (:func:`~pipeline.word.render.render_document`).
"""

from __future__ import annotations

import io
import uuid
import zipfile
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path

from docx.document import Document
from docx.oxml.ns import qn
from lxml import etree

from pipeline.contract.models import Tiltak
from pipeline.contract.settings import FormSettings, ReportSettings
from pipeline.summary.portfolio import group_by_segment
from pipeline.common.errors import EXIT_INTERNAL, PipelineError
from pipeline.word import fingerprint, oxml
from pipeline.word.body import BodyWriter
from pipeline.word.bodytokens import Tokens, digest
from pipeline.word.checks import fill_template, find_marker
from pipeline.word.regionmeta import RegionKind, write_meta
from pipeline.word.regions import (NOTE, TOC_ID, Fingerprinter, Region, RegionInfo, RegionMarks, _first_paragraph,
                                   _last_paragraph, _point_at_start, mark, page_regions, without_note)
from pipeline.word.render import (SummaryWriter, _set_properties, body_writer, render_document, set_language,
                                  template_context, write_body)
from pipeline.word.seal import sealed_copy
from pipeline.word.template import WORD_TEMPLATE_PATH, set_compatibility
from pipeline.word.toc import enable_update_fields

__all__ = ["render_docx", "whole_tree_docx", "StreamError"]

DOCUMENT_PART = "word/document.xml"
_REGION_IDS = 2  # a region's start and end bookmarks (:func:`pipeline.word.regions.mark`)


class StreamError(PipelineError):
    """The streamed document would not be the one :func:`render_document` makes (a count did not hold); never
    reaches a user: :func:`render_docx` makes the document as a whole tree instead."""

    exit_code = EXIT_INTERNAL


class _Links:
    """The document's hyperlink targets by relationship id, looked up when asked (links are added while rendering);
    what :class:`~pipeline.word.bodytokens.Tokens` asks of its ``links``."""

    def __init__(self, doc: Document) -> None:
        self.rels = doc.part.rels

    def get(self, r_id: str, default: str | None = None) -> str | None:
        rel = self.rels.get(r_id)
        return default if rel is None else rel.target_ref


def _ids_to_mark(elements: Sequence) -> int:
    """How many bookmark ids :func:`pipeline.word.regions.mark` takes for ``elements``."""
    if not elements or _first_paragraph(elements[0]) is None or _last_paragraph(elements[-1]) is None:
        return 0
    return _REGION_IDS


class _Counter:
    def __init__(self, first: int) -> None:
        self.next = first

    def __call__(self) -> int:
        self.next += 1
        return self.next - 1


class _StreamMarks(RegionMarks):
    """Region marks that finish each region when it closes and keep only its bytes."""

    def __init__(self, writer: BodyWriter, doc: Document, marker, later_headings: int, front: Sequence) -> None:
        super().__init__(writer)
        self.doc, self.marker = doc, marker
        self.first_heading_id = writer.target._next_bookmark  # the headings' ids start here
        self.later_headings = later_headings  # one per segment and per chapter
        self.front_ids = _ids_to_mark(front)
        self.ids: _Counter | None = None  # the regions' ids, set when the first region closes
        self.headings = 0
        self.links = _Links(doc)
        self.fingerprint = Fingerprinter(doc)
        self.fingerprint.links = self.links
        self.tokens = Tokens(self.fingerprint.styles, self.links, self.fingerprint.names)  # whole-document tokens
        self.front_tokens = self.tokens.of(front)
        self.front_depth = self.tokens.depth
        self.streamed_tokens: list[str] = []
        self.infos: list[RegionInfo] = []
        self.chunks: list[bytes] = []
        self.declarations = self._declarations()

    def _declarations(self) -> bytes:
        """The namespace declarations lxml writes on a body element serialised on its own (to be removed)."""
        probe = oxml.el("w:p")
        self.marker.addprevious(probe)
        text = etree.tostring(probe, encoding="UTF-8")
        self.marker.getparent().remove(probe)
        head = b"<w:p"
        if not (text.startswith(head) and text.endswith(b"/>")):
            raise StreamError("uventet serialisering")
        return text[len(head):-2]

    @contextmanager
    def region(self, info: RegionInfo) -> Iterator[None]:
        start = len(self.writer.elements)
        yield
        self._finish_region(info, start, len(self.writer.elements))

    def _finish_region(self, info: RegionInfo, a: int, b: int) -> None:
        """As :meth:`RegionMarks.finish` does for one region, then its bytes kept and its tree dropped."""
        if self.ids is None:  # the Sammendrag's headings are known now; the other headings are counted ahead
            summary = len(self.writer.toc) if info.kind is RegionKind.SUMMARY else 0
            self.headings = summary + self.later_headings
            self.ids = _Counter(self.first_heading_id + self.headings + self.front_ids + _REGION_IDS)
        if b <= a:
            return
        elements = self.writer.elements[a:b]
        index = self.notes.get(info.id)
        note = None if index is None else self.writer.elements[index]
        mark(elements, info.id, self.ids)
        if note is not None:
            _point_at_start(note, info.id + NOTE, self.ids)
        tokens = self._tokens(elements)
        if tokens is None:  # a field left open across elements: the region's own walk differs from the body's
            if note is not None:
                info.note_content = self.fingerprint([note])
            info.content = self.fingerprint(without_note(Region(info, elements, note)))
        else:
            if note is not None:
                info.note_content = digest(tokens[elements.index(note)])
            info.content = digest([t for e, found in zip(elements, tokens) if e is not note for t in found])
        self.infos.append(info)
        self.chunks.extend(self._serialised(element) for element in elements)
        self.writer.elements[a:b] = [None] * (b - a)  # the tree of this region is not needed any more

    def _tokens(self, elements: Sequence) -> list[list[str]] | None:
        """Each element's tokens in the whole-body walk (kept for the document's fingerprint). Where that walk is
        outside any field before and after every element, they are also the tokens a region's own walk gives
        (:class:`~pipeline.word.regions.Fingerprinter`), and are returned for the region's fingerprints too."""
        found, closed = [], self.tokens.depth == 0
        for element in elements:
            found.append(self.tokens.of([element]))
            closed = closed and self.tokens.depth == 0
        for tokens in found:
            self.streamed_tokens.extend(tokens)
        return found if closed else None

    def _serialised(self, element) -> bytes:
        """``element`` as it is written inside ``word/document.xml``."""
        self.marker.addprevious(element)
        text = etree.tostring(element, encoding="UTF-8")
        self.marker.getparent().remove(element)
        head = f"<{element.prefix}:{etree.QName(element).localname}".encode("ascii")
        if not text.startswith(head + self.declarations):
            raise StreamError("uventet serialisering av et element")
        return head + text[len(head) + len(self.declarations):]

    def finish(self, doc: Document, before: Sequence[Region], after: Sequence[Region] = ()) -> None:
        """Mark the title page and the table of contents (with the ids counted ahead for them) and the back page
        (after the streamed regions), fingerprint them and write every region's metadata."""
        if self.ids is None or len(self.writer.toc) != self.headings:
            raise StreamError("antall overskrifter")
        if [_ids_to_mark(r.elements) for r in before] != [self.front_ids, _REGION_IDS]:
            raise StreamError("antall bokmerker")
        ahead = _Counter(self.first_heading_id + self.headings)
        infos = []
        for region, ids in [*((r, ahead) for r in before), *((r, self.ids) for r in after)]:
            if region.elements:
                mark(region.elements, region.info.id, ids)
                region.info.content = self.fingerprint(without_note(region))
            if region.elements or region.info.kind is RegionKind.PROPERTIES:
                infos.append(region.info)
            if region is before[-1]:
                infos += self.infos
        write_meta(doc, infos)

    def stamp_tokens(self, toc: Sequence, back: Sequence) -> list[str]:
        """The tokens of the whole body in order, as :func:`pipeline.word.fingerprint.content_fingerprint` walks it:
        the table of contents (between the title page and the regions) is walked from the state after the title
        page, and must leave it as it was (its field ends where it begins)."""
        walk = Tokens(self.fingerprint.styles, self.links, self.fingerprint.names)
        walk.depth = self.front_depth
        toc_tokens = walk.of(toc)
        if walk.depth != self.front_depth or walk.tables:
            raise StreamError("innholdsfortegnelsens felt")
        return [*self.front_tokens, *toc_tokens, *self.streamed_tokens, *self.tokens.of(back)]


def render_docx(tiltak: Sequence[Tiltak], report: ReportSettings, form: FormSettings, *,
                template: Path = WORD_TEMPLATE_PATH, notes: Mapping[int, str | Sequence[str]] = {},
                summary: SummaryWriter | None = None) -> bytes:
    """The stamped document as ``.docx`` bytes (see the module docstring). Should a count not hold (a template
    unlike any seen), the document is made the ordinary way, as a whole tree."""
    try:
        return _streamed(tiltak, report, form, template, notes, summary)
    except StreamError:
        return whole_tree_docx(tiltak, report, form, template=template, notes=notes, summary=summary)


def whole_tree_docx(tiltak: Sequence[Tiltak], report: ReportSettings, form: FormSettings, *,
                    template: Path = WORD_TEMPLATE_PATH, notes: Mapping[int, str | Sequence[str]] = {},
                    summary: SummaryWriter | None = None) -> bytes:
    """The same document made the ordinary way, as one tree (stamped and sealed like the streamed one)."""
    doc = render_document(tiltak, report, form, template=template, notes=notes, summary=summary)
    stamp = fingerprint.stamp(doc)
    buffer = io.BytesIO()
    doc.save(buffer)
    return _spliced(buffer.getvalue(), None, (), stamp)


def _streamed(tiltak: Sequence[Tiltak], report: ReportSettings, form: FormSettings, template: Path,
              notes: Mapping[int, str | Sequence[str]], summary: SummaryWriter | None) -> bytes:
    context = template_context(report)
    doc = fill_template(Path(template), context)
    marker = find_marker(doc)
    body = [c for c in doc.element.body if c.tag != qn("w:sectPr")]
    at = body.index(marker)
    writer = body_writer(doc, report, form)
    set_language(doc, writer.texts)  # the front page's words, before the marks take its tokens
    segments = group_by_segment(tiltak, form.vocabulary("segment"))
    later = len(segments) + sum(len(chapters) for _, chapters in segments)
    marks = _StreamMarks(writer, doc, marker, later, body[:at])
    write_body(writer, marks, segments, form, notes, summary)
    toc = writer.toc_paragraphs()
    properties = _set_properties(doc, report)
    front_info, back_info, properties_info = page_regions(context, properties)
    placeholder = f"innrapportering-{uuid.uuid4().hex}"
    marks.finish(doc, [Region(front_info, body[:at]), Region(RegionInfo(TOC_ID, RegionKind.TOC), list(toc))],
                 [Region(back_info, body[at + 1:]), Region(properties_info)])
    tokens = marks.stamp_tokens(toc, body[at + 1:])
    for element in [*toc, etree.Comment(placeholder)]:
        marker.addprevious(element)
    marker.getparent().remove(marker)
    enable_update_fields(doc)
    set_compatibility(doc)
    stamp = digest(tokens)
    fingerprint.store_fingerprint(doc, stamp)
    buffer = io.BytesIO()
    doc.save(buffer)
    return _spliced(buffer.getvalue(), f"<!--{placeholder}-->".encode("ascii"), marks.chunks, stamp)


def _spliced(docx: bytes, placeholder: bytes | None, chunks: Sequence[bytes], stamp: str) -> bytes:
    """``docx`` with the ``chunks`` in place of the ``placeholder`` in ``word/document.xml`` (the other parts,
    their order and their zip entries as they were), sealed (:mod:`pipeline.word.seal`) over the parts as written.
    Without a placeholder, the document part is kept as it is and only sealed."""
    with zipfile.ZipFile(io.BytesIO(docx)) as source:
        if placeholder is None:
            return sealed_copy(source, stamp)
        head, found, tail = source.read(DOCUMENT_PART).partition(placeholder)
        if not found or placeholder in tail:
            raise StreamError("plassholderen")
        return sealed_copy(source, stamp, {DOCUMENT_PART: [head, *chunks, tail]})
