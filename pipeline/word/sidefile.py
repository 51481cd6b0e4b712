"""The side file of ``merge --oppdater``: the editors' versions of what an update replaced or removed.

It is a copy of the edited document (so its styles, lists and links stay as they were) whose body
holds only those versions, each under a line saying what it is. It is no updatable Vedlegg 2: its
region list is dropped.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field

from docx.document import Document
from docx.oxml.ns import qn

from pipeline.word import oxml
from pipeline.word.regions import drop_meta, unmark

TITLE = "Redigerte kapitler før oppdatering"


@dataclass
class Replaced:
    """An editor's version of something the update replaced or removed."""

    label: str  # «Kapitlet «X»», «Sammendraget», «Endringsmerknaden til kapitlet «X»»
    elements: list = field(default_factory=list)  # detached body elements of the edited document


def side_document(edited: bytes, replaced: Sequence[Replaced], source_name: str, when: str) -> bytes:
    """The side file (DOCX bytes) made from a copy of the edited document ``edited``."""
    import docx

    doc = docx.Document(io.BytesIO(edited))
    body = doc.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    end = body.find(qn("w:sectPr"))
    intro = (f"Redaktørenes versjon av kapitler i {source_name} som er laget på nytt eller fjernet ved "
             f"oppdateringen {when}, fordi dataene deres er endret. Kopier det dere vil beholde inn i det "
             "oppdaterte dokumentet.")
    for element in [oxml.paragraph(_style_id(doc, "Heading 1"), oxml.run(TITLE)), oxml.paragraph(None, oxml.run(intro))]:
        _before(body, end, element)
    for item in replaced:
        note = oxml.paragraph(None, oxml.run(f"{item.label} slik det så ut før oppdateringen:"))
        oxml.set_ppr(note, oxml.el("w:keepNext"))
        if item.elements and item.elements[0].tag == qn("w:p"):  # the note and its chapter on one page
            oxml.set_ppr(item.elements[0], oxml.el("w:pageBreakBefore", {"w:val": "0"}))
        unmark(item.elements)
        for element in [note, *item.elements]:
            _before(body, end, element)
    drop_meta(doc)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _before(body, end, element) -> None:
    if end is not None:
        end.addprevious(element)
    else:
        body.append(element)


def _style_id(doc: Document, name: str) -> str | None:
    for style in doc.styles.element.iter(qn("w:style")):
        style_name = style.find(qn("w:name"))
        if style_name is not None and (style_name.get(qn("w:val")) or "").casefold() == name.casefold():
            return style.get(qn("w:styleId"))
    return None
