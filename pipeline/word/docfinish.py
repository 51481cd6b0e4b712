"""The last touches every document the tool writes gets (after rendering, after an update)."""

from __future__ import annotations

from docx.document import Document
from docx.oxml.ns import qn

from pipeline.word.template import set_compatibility
from pipeline.word.toc import enable_update_fields


def finish_document(doc: Document) -> None:
    """What every written document needs: Word refreshes the TOC on open (LibreOffice drops the setting),
    Word's current compatibility mode, and each bookmark once (LibreOffice doubles point bookmarks)."""
    enable_update_fields(doc)
    set_compatibility(doc)
    dedupe_bookmarks(doc.element.body)


def dedupe_bookmarks(body) -> int:
    """Remove second bookmarks of a name already used (and their ends); returns how many."""
    seen: set[str] = set()
    dropped: set[str] = set()
    for start in list(body.iter(qn("w:bookmarkStart"))):
        name = start.get(qn("w:name")) or ""
        if name and name in seen:
            dropped.add(start.get(qn("w:id")))
            start.getparent().remove(start)
        seen.add(name)
    kept = {b.get(qn("w:id")) for b in body.iter(qn("w:bookmarkStart"))}
    for end in list(body.iter(qn("w:bookmarkEnd"))):
        if end.get(qn("w:id")) in dropped and end.get(qn("w:id")) not in kept:
            end.getparent().remove(end)
    return len(dropped)
