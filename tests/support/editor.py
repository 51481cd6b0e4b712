"""An editor at work on a merged Vedlegg 2 (what people do in Word), and LibreOffice re-saving it.

The edits find their places by the visible text and styles, never by the tool's bookmarks.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import docx
from docx.oxml.ns import qn
from lxml import etree

from pipeline.word import oxml

PREFACE = "Forord fra redaksjonen: dette vedlegget er kvalitetssikret."
PREFACE_HEADING = "Forord"
CLOSING = "Avsluttende merknad fra redaksjonen."
TITLE_EDIT = " Redigert utgave"
FOOTER_TEXT = "Redigert av sekretariatet"
HEADING_COLOUR = "C00000"
KEEP_EDIT = " Språkvasket av redaktør."  # in a chapter whose data stays the same
LOST_EDIT = " Redaktørens tillegg som blir erstattet."  # in a chapter whose data changes


def style_of(p) -> str:
    s = p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
    return "" if s is None else s.get(qn("w:val"))


def heading(body, text: str, style: str = "Heading2"):
    return next(p for p in body.iter(qn("w:p")) if style_of(p) == style and oxml.paragraph_text(p).strip() == text)


def value_paragraph(body, chapter: str, label: str):
    """The first paragraph of the value cell of ``label`` in the key/value table of ``chapter``."""
    table = next(e for e in heading(body, chapter).itersiblings() if e.tag == qn("w:tbl"))
    for row in table.iter(qn("w:tr")):
        cells = row.findall(qn("w:tc"))
        if oxml.paragraph_text(cells[0]).strip() == label:
            return cells[1].find(qn("w:p"))
    raise AssertionError(f"{label} not in {chapter}")


def edit_document(source: Path, target: Path, *, keep: str, lose: str) -> None:
    """A preface before the first segment, an edit in ``keep`` and in ``lose``, a closing
    paragraph before the back page, the title, a footer and the Heading 1 colour changed."""
    doc = docx.Document(str(source))
    body = doc.element.body
    first_segment = next(p for p in body.iter(qn("w:p")) if style_of(p) == "Heading1"
                         and oxml.paragraph_text(p).strip() != "Sammendrag")
    page_break = oxml.el("w:p", None, oxml.el("w:r", None, oxml.el("w:br", {"w:type": "page"})))
    for element in [oxml.paragraph("Heading1", oxml.run(PREFACE_HEADING)), oxml.paragraph(None, oxml.run(PREFACE)),
                    page_break]:
        first_segment.addprevious(element)
    value_paragraph(body, keep, "Beskrivelse").append(oxml.run(KEEP_EDIT))
    value_paragraph(body, lose, "Kommentar til status").append(oxml.run(LOST_EDIT))
    back = next(p for p in body.iter(qn("w:p")) if style_of(p) == "BaksideUtgiver")
    back.addprevious(oxml.paragraph(None, oxml.run(CLOSING)))
    title = next(p for p in body.iter(qn("w:p")) if style_of(p) == "Title")
    title.append(oxml.run(TITLE_EDIT))
    footer = doc.sections[-1].footer
    footer.paragraphs[0].add_run(FOOTER_TEXT)
    h1 = next(s for s in doc.styles.element.iter(qn("w:style")) if s.get(qn("w:styleId")) == "Heading1")
    rpr = h1.find(qn("w:rPr"))
    colour = rpr.find(qn("w:color"))
    if colour is None:
        colour = etree.SubElement(rpr, qn("w:color"))
    colour.set(qn("w:val"), HEADING_COLOUR)
    doc.save(str(target))


def libreoffice_resave(source: Path, folder: Path, profile: Path) -> Path | None:
    """``soffice --headless --convert-to docx`` into ``folder``; None without LibreOffice. When LibreOffice is
    installed but writes no file, that is a failure (AssertionError), not a reason to skip."""
    if shutil.which("soffice") is None:
        return None
    folder.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to",
                           "docx", "--outdir", str(folder), str(source)], capture_output=True, timeout=300)
    out = folder / source.name
    assert done.returncode == 0 and out.is_file(), (
        f"LibreOffice er installert, men lagret ikke {out} (kode {done.returncode}): {done.stderr.decode(errors='replace')}")
    return out
