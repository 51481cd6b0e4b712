"""Update an edited Vedlegg 2 with a fresh merge, keeping the editors' work.

Given the document the editors edited and a freshly rendered one (both with regions, see
:mod:`pipeline.word.regions`), :func:`update_document` changes the edited document in place:

- everything outside the tool's regions stays as the editors left it;
- a chapter whose data did not change keeps its region as it is, edits included; only its change
  note («Endret siden …», a small region of its own) is added, replaced or removed, and an editor's
  version of a replaced note goes to the side file;
- a chapter whose data changed is replaced by the fresh one; when an editor had changed
  it, the editor's version is returned in :attr:`UpdateResult.replaced` (for a side file);
  :attr:`RegionChange.reasons` says which data changed;
- new chapters (and segment headings) go in after the region before them in the fresh order;
- chapters no longer submitted are removed, or kept and marked (``keep_gone``);
- the title page, the back page and the document properties follow ``rapport.toml`` unless an
  editor changed them (then theirs stay, reported);
- the Sammendrag is replaced, and the table of contents rebuilt from every heading.
"""

from __future__ import annotations

from docx.document import Document
from docx.oxml.ns import qn

from pipeline.word import oxml
from pipeline.word.regionmeta import document_properties
from pipeline.word.regions import (SUMMARY_ID, TOC_ID, Fingerprinter, RegionKind, Region, RegionInfo, data_hash,
                                   find_regions, mark_start, read_meta, without_note,
                                   write_meta)
from pipeline.word.retoc import rebuild_toc
from pipeline.word.sidefile import Replaced
from pipeline.word.updatemodel import PAGE_NAMES, ChapterChange, RegionChange, UpdateError, UpdateResult, reasons
from pipeline.word.docfinish import finish_document
from pipeline.word.transplant import Transplanter, drop_unused_charts

GONE_NOTE = "Merk: Dette tiltaket er ikke innrapportert i siste runde. Kapitlet er beholdt fra forrige versjon."
NOTE_STYLE = "Merknad"
NOT_UPDATABLE = ("Dokumentet har ingen merkede kapitler fra innrapportering, så det kan ikke oppdateres. Det er "
                 "ikke laget av innrapportering merge, eller av en eldre versjon. Lag et nytt med innrapportering merge.")
NO_REGIONS = ("Dokumentet er laget av innrapportering, men merkene (bokmerkene) som viser hvor kapitlene står, er "
              "borte, for eksempel fordi innholdet er kopiert over i et nytt dokument. Det kan derfor ikke "
              "oppdateres uten å lage kapitlene to ganger. Ingenting er skrevet. Oppdater den versjonen som ble "
              "redigert direkte, eller lag et nytt dokument med innrapportering merge.")
def update_document(edited: Document, fresh: Document, *, keep_gone: bool = False) -> UpdateResult:
    """Update ``edited`` (changed in place) with the regions of ``fresh``. :class:`UpdateError` (nothing
    changed) when ``edited`` has no regions, or its region list but none of its region marks."""
    old = find_regions(edited)
    if old is None:
        raise UpdateError(NOT_UPDATABLE)
    if not any(not r.by_heading and r.info.kind is not RegionKind.TOC for r in old):
        raise UpdateError(NO_REGIONS)
    return _Updater(edited, fresh, old, keep_gone).run()


class _Placing:
    """Putting regions in, taking them out, and recording what happened (the parts of an update
    that do not decide anything)."""

    doc: Document
    fingerprint: Fingerprinter
    result: UpdateResult
    placed: list[Region]
    infos: list[RegionInfo]

    def _edited(self, region: Region) -> bool:
        elements = [e for e in without_note(region) if oxml.paragraph_text(e) != GONE_NOTE]
        return self.fingerprint(elements) != region.info.content

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
            what = "Sammendraget" if region.info.kind is RegionKind.SUMMARY else f"Kapitlet «{region.info.name}»"
            self.result.replaced.append(Replaced(what, region.elements))

    def _place(self, info: RegionInfo, elements: list):
        self.placed.append(Region(info, elements))
        return elements[-1]

    def _report(self, info: RegionInfo, change: ChapterChange, edited: bool = False, note: str = "",
                why: list[str] | None = None) -> None:
        name = info.name or PAGE_NAMES.get(info.kind, "")
        self.result.changes.append(RegionChange(info.kind, name, info.segment, change, edited, note, why or []))

    def _write_meta(self) -> None:
        children = list(self.doc.element.body)  # held: lxml proxies (and their ids) live as long as a reference
        position = {id(child): i for i, child in enumerate(children)}
        self.placed.sort(key=lambda r: position.get(id(r.elements[0]), len(position)) if r.elements else 0)
        write_meta(self.doc, [r.info for r in self.placed] + self.infos)



class _Pages(_Placing):
    """The title page, the back page and the document properties: generated from rapport.toml."""

    fresh: Document
    graft: Transplanter

    def _page(self, new: Region) -> None:
        """The title page or the back page: follows rapport.toml unless an editor changed it."""
        old = self.old.pop(new.info.id, None)
        if old is None or not old.elements:  # a document from before these were regions: left as it is
            return
        why = reasons(old.info, new.info)
        if old.info.data == new.info.data:
            self._place(old.info, old.elements)
            return
        if self._edited(old):
            self._report(old.info, ChapterChange.KEPT_EDITED, True, "redaktørens versjon er beholdt", why)
            self._place(old.info, old.elements)
            return
        elements = self.graft.copy(new.elements)
        for element in elements:
            old.elements[0].addprevious(element)
        self._remove(old, False)
        self._report(new.info, ChapterChange.UPDATED, False, "", why)
        self._place(new.info, elements)

    def _properties(self) -> None:
        new = next((i for i in read_meta(self.fresh) or [] if i.kind is RegionKind.PROPERTIES), None)
        old = next((i for i in read_meta(self.doc) if i.kind is RegionKind.PROPERTIES), None)
        if new is None or old is None or new.data == old.data:
            self.infos += [old or new] if (old or new) else []
            return
        if data_hash(document_properties(self.doc)) != old.content:
            self._report(old, ChapterChange.KEPT_EDITED, True, "redaktørens versjon er beholdt", reasons(old, new))
            self.infos.append(old)
            return
        props, fresh = self.doc.core_properties, self.fresh.core_properties
        props.title, props.subject, props.author = fresh.title, fresh.subject, fresh.author
        self._report(new, ChapterChange.UPDATED, False, "", reasons(old, new))
        self.infos.append(new)


class _Updater(_Pages):
    def __init__(self, edited: Document, fresh: Document, old: list[Region], keep_gone: bool) -> None:
        self.doc, self.fresh, self.keep_gone = edited, fresh, keep_gone
        self.old = {r.info.id: r for r in old}
        self.new = find_regions(fresh) or []
        self.fingerprint = Fingerprinter(edited)
        self.graft = Transplanter(fresh, edited)
        self.result = UpdateResult(edited)
        self.placed: list[Region] = []  # the regions of the updated document
        self.infos: list[RegionInfo] = []  # regions without elements (the document properties)

    def run(self) -> UpdateResult:
        toc = self.old.pop(TOC_ID, None)
        anchor = toc.elements[-1] if toc and toc.elements else None
        for region in self.new:
            if region.info.kind in (RegionKind.FRONT, RegionKind.BACK):
                self._page(region)
            elif region.info.kind is not RegionKind.TOC:
                anchor = self._apply(region, anchor)
        self._leftovers()
        self._properties()
        if toc is not None and toc.elements:
            self.placed.append(rebuild_toc(self.doc, toc, self.fingerprint))
        drop_unused_charts(self.doc)
        self._write_meta()
        finish_document(self.doc)
        return self.result

    def _apply(self, new: Region, anchor):
        old = self.old.pop(new.info.id, None)
        info = new.info
        if old is None or not old.elements:
            elements = self._insert(self.graft.copy(new.elements), anchor)
            self._report(info, ChapterChange.REBUILT if info.kind is RegionKind.SUMMARY else ChapterChange.NEW)
            return self._place(info, elements)
        edited = self._edited(old)
        moved = info.kind is RegionKind.TILTAK and old.info.segment != info.segment
        if info.kind is not RegionKind.SUMMARY and old.info.data == info.data:
            _sync_page_break(old.elements[0], new.elements[0])
            if old.by_heading:  # found by its heading: its start bookmark back
                mark_start(old.elements[0], old.info.id, self.graft.new_bookmark_id)
            note = self._was_gone(old)
            note = "; ".join(x for x in (note, self._note(old, new)) if x)
            self._report(info, ChapterChange.UNCHANGED, edited, note)
            return self._place(old.info, old.elements)
        edited = edited or self._note_edited(old)
        elements = self.graft.copy(new.elements)
        if moved:
            self._insert(elements, anchor)
        else:
            for element in elements:
                old.elements[0].addprevious(element)
        self._remove(old, edited)
        change = ChapterChange.REBUILT if info.kind is RegionKind.SUMMARY else (
            ChapterChange.UPDATED_OVER_EDITS if edited else ChapterChange.UPDATED)
        note = f"flyttet fra {old.info.segment} til {info.segment}" if moved else ""
        if info.kind is RegionKind.SUMMARY and edited:
            note = "redaktørenes endringer i sammendraget er lagt i sidefilen"
        self._report(info, change, edited, note, reasons(old.info, info) if info.kind is RegionKind.TILTAK else [])
        return self._place(info, elements)

    def _was_gone(self, old: Region) -> str:
        """A chapter kept with --behold-borte and submitted again: its «not submitted» note goes."""
        if not old.info.gone:
            return ""
        for element in [e for e in old.elements if e.tag == qn("w:p") and oxml.paragraph_text(e) == GONE_NOTE]:
            element.getparent().remove(element)
            old.elements.remove(element)
        old.info.gone = False
        return "innrapportert igjen"

    def _note_edited(self, old: Region) -> bool:
        return old.note is not None and self.fingerprint([old.note]) != old.info.note_content

    def _note(self, old: Region, new: Region) -> str:
        """Add, replace or remove the change note of a chapter whose data did not change."""
        if old.info.note == new.info.note:
            return ""
        what = "lagt til" if old.note is None else "fjernet" if new.note is None else "byttet"
        position = old.elements[0]
        if old.note is not None:
            if self._note_edited(old):
                self.result.replaced.append(Replaced(f"Endringsmerknaden til kapitlet «{old.info.name}»", [old.note]))
                what += " (redaktørens versjon er i sidefilen)"
            position = old.note.getprevious()
            old.note.getparent().remove(old.note)
            old.elements.remove(old.note)
        elif len(old.elements) > 1 and oxml.paragraph_text(old.elements[1]) == GONE_NOTE:
            position = old.elements[1]
        if new.note is not None:
            (copy,) = self.graft.copy([new.note])
            position.addnext(copy)
            old.elements.insert(old.elements.index(position) + 1, copy)
        old.info.note, old.info.note_content = new.info.note, new.info.note_content
        return f"endringsmerknaden er {what}"

    def _leftovers(self) -> None:
        """Regions of the edited document that the fresh one does not have."""
        kept_segments = set()
        for region in list(self.old.values()):
            if region.info.kind is RegionKind.TILTAK and self.keep_gone and region.elements:
                if not region.info.gone:
                    p = oxml.paragraph(style_id_by_name(self.doc, NOTE_STYLE), oxml.run(GONE_NOTE))
                    region.elements[0].addnext(p)
                    region.elements.insert(1, p)
                region.info.gone = True
                kept_segments.add(region.info.segment)
                self._report(region.info, ChapterChange.KEPT_GONE, self._edited(region))
                self.placed.append(region)
                del self.old[region.info.id]
        for region in self.old.values():
            if region.info.kind is RegionKind.SEGMENT and region.info.name in kept_segments:
                self.placed.append(region)
                continue
            edited = bool(region.elements) and (self._edited(region) or self._note_edited(region))
            self._remove(region, edited and region.info.kind is RegionKind.TILTAK)
            if region.info.kind in (RegionKind.TILTAK, RegionKind.SEGMENT, RegionKind.SUMMARY):
                self._report(region.info, ChapterChange.REMOVED, edited)


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


def style_id_by_name(doc: Document, name: str) -> str | None:
    """The id of the style called ``name`` (any case), or ``None``."""
    for style in doc.styles.element.iter(qn("w:style")):
        style_name = style.find(qn("w:name"))
        if style_name is not None and (style_name.get(qn("w:val")) or "").casefold() == name.casefold():
            return style.get(qn("w:styleId"))
    return None


__all__ = ["update_document", "UpdateError", "UpdateResult", "RegionChange", "ChapterChange", "GONE_NOTE", "SUMMARY_ID",
           "NO_REGIONS", "NOT_UPDATABLE", "finish_document", "reasons"]
