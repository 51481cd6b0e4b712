"""The table of contents: a real ``TOC`` field whose result is already filled in.

Each entry links to a bookmark on its heading and carries a ``PAGEREF`` field, so
Word (which refreshes fields on open, see :func:`enable_update_fields`) and
LibreOffice both show the chapter list. Page numbers are ``""`` until known:
:func:`set_page_numbers` writes them into a saved document once a layout engine
(LibreOffice, see :mod:`pipeline.pdf.convert`) has computed them; :func:`read_toc` reads them back.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from docx.document import Document
from docx.oxml.ns import qn

from pipeline.word import oxml

TOC_INSTRUCTION = r'TOC \o "1-2" \h \z \u'


@dataclass(frozen=True)
class TocEntry:
    level: int  # 1 = segment, 2 = tiltak
    text: str
    bookmark: str


def bookmark_name(number: int) -> str:
    """A hidden bookmark name in Word's own style (``_Toc`` + digits)."""
    return f"_Toc{number:08d}"


def toc_paragraphs(entries: list[TocEntry], style_ids: Mapping[int, str],
                   page_numbers: Mapping[str, int] | None = None) -> list:
    """The ``w:p`` elements of the TOC field: one per entry, then the field end."""
    page_numbers = page_numbers or {}
    paragraphs = []
    for index, entry in enumerate(entries):
        p = oxml.paragraph(style_ids[entry.level])
        if index == 0:
            p.extend(oxml.field_runs(TOC_INSTRUCTION)[:3])  # begin, instruction, separate
        page = page_numbers.get(entry.bookmark)
        link = oxml.anchor_link(
            entry.bookmark,
            oxml.run(entry.text),
            oxml.el("w:r", None, oxml.el("w:tab")),
            *oxml.field_runs(f"PAGEREF {entry.bookmark} \\h", "" if page is None else str(page)),
        )
        p.append(link)
        paragraphs.append(p)
    end = oxml.el("w:r", None, oxml.el("w:fldChar", {"w:fldCharType": "end"}))
    if paragraphs:
        paragraphs.append(oxml.paragraph(None, end))
    else:
        paragraphs.append(oxml.paragraph(None, *oxml.field_runs(TOC_INSTRUCTION)))
    return paragraphs


# Elements that follow w:updateFields in CT_Settings (ECMA-376 17.15.1.78).
_AFTER_UPDATE_FIELDS = ("hdrShapeDefaults", "footnotePr", "endnotePr", "compat", "docVars", "rsids",
                        "mathPr", "attachedSchema", "themeFontLang", "clrSchemeMapping",
                        "doNotIncludeSubdocsInStats", "doNotAutoCompressPictures", "forceUpgrade",
                        "captions", "readModeInkLockDown", "smartTagType", "schemaLibrary",
                        "shapeDefaults", "doNotEmbedSmartTags", "decimalSymbol", "listSeparator")


def enable_update_fields(doc: Document) -> None:
    """Ask Word to refresh fields (TOC page numbers) when the file is opened."""
    settings = doc.settings.element
    existing = settings.find(qn("w:updateFields"))
    if existing is not None:
        existing.set(qn("w:val"), "true")
        return
    update = oxml.el("w:updateFields", {"w:val": "true"})
    followers = {qn(f"w:{name}") for name in _AFTER_UPDATE_FIELDS}
    for child in settings:
        if child.tag in followers:
            child.addprevious(update)
            return
    settings.append(update)


# --- page numbers after layout (see pipeline.pdf.convert) -----------------------------------------

_PAGEREF = re.compile(r"^\s*PAGEREF\s+(\S+)")


@dataclass(frozen=True)
class TocLine:
    """One entry of a saved TOC field result: its bookmark, text and cached page number."""
    bookmark: str
    text: str
    page: str


def _field_char(run) -> str | None:
    char = run.find(qn("w:fldChar"))
    return None if char is None else char.get(qn("w:fldCharType"))


def _pageref_fields(root):
    """(bookmark, separate run, end run) of every ``PAGEREF`` field under ``root``."""
    for instr in root.iter(qn("w:instrText")):
        match = _PAGEREF.match(instr.text or "")
        if not match:
            continue
        separate = end = None
        for sibling in instr.getparent().itersiblings():
            kind = _field_char(sibling) if sibling.tag == qn("w:r") else None
            if kind == "separate" and separate is None:
                separate = sibling
            elif kind == "end":
                end = sibling
                break
        if separate is not None and end is not None:
            yield match.group(1), separate, end


def _between(start, end) -> list:
    out = []
    for sibling in start.itersiblings():
        if sibling is end:
            break
        out.append(sibling)
    return out


def set_page_numbers(root, page_numbers: Mapping[str, int]) -> int:
    """Write ``page_numbers[bookmark]`` as the result of each ``PAGEREF bookmark`` field
    under ``root`` (a ``w:body`` or ``w:document``); returns how many were set."""
    count = 0
    for bookmark, separate, end in list(_pageref_fields(root)):
        if bookmark not in page_numbers:
            continue
        old_runs = _between(separate, end)
        result = oxml.run(str(page_numbers[bookmark]))
        formatting = next((r.find(qn("w:rPr")) for r in old_runs if r.find(qn("w:rPr")) is not None), None)
        if formatting is not None:  # keep what Word put there (e.g. w:webHidden)
            result.insert(0, formatting)
        for old in old_runs:
            old.getparent().remove(old)
        separate.addnext(result)
        count += 1
    return count


def read_toc(root) -> list[TocLine]:
    """The entries of the TOC field result under ``root``: one per ``PAGEREF`` field,
    with the text before it in the same paragraph (the tab excluded)."""
    lines = []
    for bookmark, separate, end in _pageref_fields(root):
        paragraph = next(separate.iterancestors(qn("w:p")))
        texts = []
        for t in paragraph.iter(qn("w:t"), qn("w:instrText")):
            if t.tag == qn("w:instrText") and _PAGEREF.match(t.text or ""):
                break
            if t.tag == qn("w:t"):
                texts.append(t.text or "")
        page = "".join(t.text or "" for r in _between(separate, end) for t in r.iter(qn("w:t")))
        lines.append(TocLine(bookmark, "".join(texts).strip(), page.strip()))
    return lines
