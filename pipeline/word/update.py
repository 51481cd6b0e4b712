"""Update an edited Vedlegg 2 with a fresh merge, keeping the editors' work.

Given the document the editors edited and a freshly rendered one (both with regions, see
:mod:`pipeline.word.regions`), :func:`update_document` changes the edited document in place:

- everything outside the tool's regions stays as the editors left it;
- a chapter whose data did not change keeps its region as it is, edits included;
- a chapter whose data changed is replaced by the fresh one; when an editor had changed
  it, the editor's version is returned in :attr:`UpdateResult.replaced` (for a side file);
- new chapters (and segment headings) go in after the region before them in the fresh order;
- chapters no longer submitted are removed, or kept and marked (``keep_gone``);
- the Sammendrag is replaced, and the table of contents rebuilt from every heading.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from docx.document import Document
from docx.oxml.ns import qn

from pipeline.common.errors import PipelineError
from pipeline.word import oxml
from pipeline.word.regions import (SUMMARY_ID, TOC_ID, Fingerprinter, Kind, Region, RegionInfo, find_regions,
                                   write_meta)
from pipeline.word.retoc import rebuild_toc
from pipeline.word.transplant import Transplanter, drop_unused_charts

GONE_NOTE = "Merk: Dette tiltaket er ikke innrapportert i siste runde. Kapitlet er beholdt fra forrige versjon."
NOTE_STYLE = "Merknad"
NOT_UPDATABLE = ("Dokumentet har ingen merkede kapitler fra innrapportering, så det kan ikke oppdateres. Det er "
                 "ikke laget av innrapportering merge, eller av en eldre versjon. Lag et nytt med innrapportering merge.")


class UpdateError(PipelineError, ValueError):
    """The document cannot be updated. The message is Norwegian."""


class Change(StrEnum):
    """What happened to a region; the value is the Norwegian text of the report."""

    UNCHANGED = "uendret"
    UPDATED = "oppdatert"
    UPDATED_OVER_EDITS = "oppdatert over redaktørendringer"
    NEW = "ny"
    REMOVED = "fjernet"
    KEPT_GONE = "beholdt, ikke innrapportert"
    REBUILT = "laget på nytt"


@dataclass
class RegionChange:
    kind: Kind
    name: str
    segment: str
    change: Change
    edited: bool = False  # an editor had changed the region
    note: str = ""

    def to_dict(self) -> dict[str, object]:
        return {"del": self.kind.value, "navn": self.name, "segment": self.segment, "endring": self.change.value,
                "redigert": self.edited, "merknad": self.note}


@dataclass
class UpdateResult:
    document: Document
    changes: list[RegionChange] = field(default_factory=list)
    replaced: list[Region] = field(default_factory=list)  # the editors' versions that were replaced or removed


def update_document(edited: Document, fresh: Document, *, keep_gone: bool = False) -> UpdateResult:
    """Update ``edited`` (changed in place) with the regions of ``fresh``."""
    old = find_regions(edited)
    if old is None:
        raise UpdateError(NOT_UPDATABLE)
    return _Updater(edited, fresh, old, keep_gone).run()


class _Updater:
    def __init__(self, edited: Document, fresh: Document, old: list[Region], keep_gone: bool) -> None:
        self.doc, self.fresh, self.keep_gone = edited, fresh, keep_gone
        self.old = {r.info.id: r for r in old}
        self.new = find_regions(fresh) or []
        self.fingerprint = Fingerprinter(edited)
        self.graft = Transplanter(fresh, edited)
        self.result = UpdateResult(edited)
        self.placed: list[Region] = []  # the regions of the updated document

    def run(self) -> UpdateResult:
        toc = self.old.pop(TOC_ID, None)
        anchor = toc.elements[-1] if toc and toc.elements else None
        for region in self.new:
            if region.info.kind is not Kind.TOC:
                anchor = self._apply(region, anchor)
        self._leftovers()
        if toc is not None and toc.elements:
            self.placed.append(rebuild_toc(self.doc, toc, self.fingerprint))
        drop_unused_charts(self.doc)
        self._write_meta()
        return self.result

    def _edited(self, region: Region) -> bool:
        elements = [e for e in region.elements if oxml.paragraph_text(e) != GONE_NOTE]
        return self.fingerprint(elements) != region.info.content

    def _apply(self, new: Region, anchor):
        old = self.old.pop(new.info.id, None)
        info = new.info
        if old is None or not old.elements:
            elements = self._insert(self.graft.copy(new.elements), anchor)
            change = Change.REBUILT if info.kind is Kind.SUMMARY else Change.NEW
            self._report(info, change)
            return self._place(info, elements)
        edited = self._edited(old)
        moved = info.kind is Kind.TILTAK and old.info.segment != info.segment
        if info.kind is not Kind.SUMMARY and old.info.data == info.data and not old.info.gone:
            _sync_page_break(old.elements[0], new.elements[0])
            self._report(info, Change.UNCHANGED, edited)
            old.info.gone = False
            return self._place(old.info, old.elements)
        elements = self.graft.copy(new.elements)
        if moved:
            self._insert(elements, anchor)
        else:
            for element in elements:
                old.elements[0].addprevious(element)
        self._remove(old, edited)
        change = Change.REBUILT if info.kind is Kind.SUMMARY else (
            Change.UPDATED_OVER_EDITS if edited else Change.UPDATED)
        note = f"flyttet fra {old.info.segment} til {info.segment}" if moved else ""
        self._report(info, change, edited, note)
        return self._place(info, elements)

    def _leftovers(self) -> None:
        """Regions of the edited document that the fresh one does not have."""
        kept_segments = set()
        for region in list(self.old.values()):
            if region.info.kind is Kind.TILTAK and self.keep_gone and region.elements:
                if not region.info.gone:
                    p = oxml.paragraph(style_id_by_name(self.doc, NOTE_STYLE), oxml.run(GONE_NOTE))
                    _after_heading(region.elements, p)
                region.info.gone = True
                kept_segments.add(region.info.segment)
                self._report(region.info, Change.KEPT_GONE, self._edited(region))
                self.placed.append(region)
                del self.old[region.info.id]
        for region in self.old.values():
            if region.info.kind is Kind.SEGMENT and region.info.name in kept_segments:
                self.placed.append(region)
                continue
            edited = bool(region.elements) and self._edited(region)
            self._remove(region, edited and region.info.kind is Kind.TILTAK)
            if region.info.kind in (Kind.TILTAK, Kind.SEGMENT, Kind.SUMMARY):
                self._report(region.info, Change.REMOVED, edited)

    def _insert(self, elements: list, anchor) -> list:
        if anchor is None:
            sect = self.doc.element.body.find(qn("w:sectPr"))
            for element in elements:
                if sect is not None:
                    sect.addprevious(element)
                else:
                    self.doc.element.body.append(element)
            return elements
        for element in elements:
            anchor.addnext(element)
            anchor = element
        return elements

    def _remove(self, region: Region, keep_copy: bool) -> None:
        for element in region.elements:
            parent = element.getparent()
            if parent is not None:
                parent.remove(element)
        if keep_copy:
            self.result.replaced.append(region)

    def _place(self, info: RegionInfo, elements: list):
        self.placed.append(Region(info, elements))
        return elements[-1]

    def _report(self, info: RegionInfo, change: Change, edited: bool = False, note: str = "") -> None:
        if info.kind is Kind.SUMMARY and change is Change.REBUILT and edited:
            note = "redaktørenes endringer i sammendraget er lagt i sidefilen"
        self.result.changes.append(RegionChange(info.kind, info.name or "Sammendrag", info.segment, change,
                                                edited, note))

    def _write_meta(self) -> None:
        children = list(self.doc.element.body)  # held: lxml proxies (and their ids) live as long as a reference
        position = {id(child): i for i, child in enumerate(children)}
        self.placed.sort(key=lambda r: position.get(id(r.elements[0]), len(position)) if r.elements else 0)
        write_meta(self.doc, [r.info for r in self.placed])


def _sync_page_break(old_first, new_first) -> None:
    """A kept chapter that became (or stopped being) the first of its segment gets the fresh
    heading's page-break setting; a break an editor set otherwise stays."""
    if old_first.tag != qn("w:p") or new_first.tag != qn("w:p"):
        return
    path = f"{qn('w:pPr')}/{qn('w:pageBreakBefore')}"
    old, new = old_first.find(path), new_first.find(path)
    old_val = None if old is None else old.get(qn("w:val"))
    new_val = None if new is None else new.get(qn("w:val"))
    if old_val == new_val or old_val not in (None, "0") or new_val not in (None, "0"):
        return
    if new is None:
        old.getparent().remove(old)
    else:
        oxml.set_ppr(old_first, oxml.el("w:pageBreakBefore", {"w:val": "0"}))


def _after_heading(elements: list, p) -> None:
    elements[0].addnext(p)
    elements.insert(1, p)


def style_id_by_name(doc: Document, name: str) -> str | None:
    """The id of the style called ``name`` (any case), or ``None``."""
    for style in doc.styles.element.iter(qn("w:style")):
        style_name = style.find(qn("w:name"))
        if style_name is not None and (style_name.get(qn("w:val")) or "").casefold() == name.casefold():
            return style.get(qn("w:styleId"))
    return None


__all__ = ["update_document", "UpdateError", "UpdateResult", "RegionChange", "Change", "GONE_NOTE", "SUMMARY_ID"]
