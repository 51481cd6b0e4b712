"""The table of contents of an updated document, built again from its headings.

After an update the contents list must show every Heading 1 and Heading 2 after it,
the editors' own headings (a preface, a closing chapter) included. Headings without a
``_Toc`` bookmark get one (invisible; the TOC's links and page numbers point to it).
"""

from __future__ import annotations

import re

from docx.document import Document
from docx.oxml.ns import qn

from pipeline.word import oxml
from pipeline.word.body import HEADING_STYLES, TOC_STYLES
from pipeline.word.regions import Fingerprinter, Region, mark
from pipeline.word.target import WordTarget
from pipeline.word.toc import TocEntry, bookmark_name, toc_paragraphs

_TOC = re.compile(r"^_Toc\d+$")


def rebuild_toc(doc: Document, old: Region, fingerprint: Fingerprinter) -> Region:
    """Replace the TOC region ``old`` (in ``doc``) with a fresh TOC field; returns the new region."""
    target = WordTarget(doc)
    levels = {target.style_id(HEADING_STYLES[level]): level for level in TOC_STYLES}
    body = doc.element.body
    names = {b.get(qn("w:name")) for b in body.iter(qn("w:bookmarkStart"))}
    entries = []
    for child in old.elements[-1].itersiblings():
        if child.tag != qn("w:p"):
            continue
        style = child.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
        level = levels.get(style.get(qn("w:val"))) if style is not None else None
        text = oxml.paragraph_text(child).strip()
        if level is None or not text:
            continue
        entries.append(TocEntry(level, text, _heading_bookmark(child, target, names)))
    styles = {level: target.style_id(name) for level, name in TOC_STYLES.items()}
    paragraphs = toc_paragraphs(entries, styles)
    mark(paragraphs, old.info.id, target.new_bookmark_id)
    for p in paragraphs:
        old.elements[0].addprevious(p)
    for element in old.elements:
        element.getparent().remove(element)
    old.info.content = fingerprint(paragraphs)
    return Region(old.info, paragraphs)


def _heading_bookmark(p, target: WordTarget, names: set) -> str:
    for b in p.iter(qn("w:bookmarkStart")):
        name = b.get(qn("w:name")) or ""
        if _TOC.match(name):
            return name
    number = target.new_bookmark_id()
    while bookmark_name(number) in names:
        number = target.new_bookmark_id()
    name = bookmark_name(number)
    names.add(name)
    oxml.bookmark(p, number, name)
    return name
