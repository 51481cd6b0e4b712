"""The table of contents: a real ``TOC`` field whose result is already filled in.

Each entry links to a bookmark on its heading and carries a ``PAGEREF`` field, so
Word (which refreshes fields on open, see :func:`enable_update_fields`) and
LibreOffice both show the chapter list; page numbers are ``""`` until known.
"""

from __future__ import annotations

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
