"""``merge --oppdater``: a fresh merge carried into the document the editors edited.

:func:`update_files` takes the freshly rendered document, updates the edited one with it
(:func:`pipeline.word.update.update_document`) and returns the files to write: the updated
document, a side file with the editors' versions of chapters that were made again (when
there are any), and, when the edited file is updated in place, a backup of it beside it
(numbered; an earlier backup is never overwritten).
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from docx.document import Document
from docx.oxml.ns import qn

from pipeline.common.backup import free_backup_name
from pipeline.contract.formatting import format_date
from pipeline.word.regions import Kind, Region, unmark
from pipeline.word.update import (NOT_UPDATABLE, Change, RegionChange, UpdateError, style_id_by_name,
                                  update_document)

SIDE_STEM = ".redigerte-kapitler"  # Vedlegg2.redigerte-kapitler.docx


@dataclass(frozen=True)
class UpdateRequest:
    """What ``--oppdater`` (and ``--behold-borte``) asked for."""

    edited: Path
    keep_gone: bool = False


@dataclass
class UpdateSummary:
    """What an update did, per region, and which extra files it wrote."""

    edited: Path
    changes: list[RegionChange] = field(default_factory=list)
    side_file: Path | None = None
    backup: Path | None = None

    def rows(self) -> list[dict[str, object]]:
        return [c.to_dict() for c in self.changes]


def load_edited(path: Path) -> tuple[bytes, Document]:
    """The edited document's bytes and python-docx document; :class:`UpdateError` when it is not one."""
    import docx

    try:
        data = Path(path).read_bytes()
        return data, docx.Document(io.BytesIO(data))
    except FileNotFoundError:
        raise UpdateError(f"Fant ikke dokumentet {path} som skal oppdateres.") from None
    except (OSError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise UpdateError(f"{path} kan ikke leses som et Word-dokument (.docx): filen er skadet eller av en annen "
                          "type. Oppgi Vedlegg 2-dokumentet (.docx) som redaktørene har redigert.") from None


def check_updatable(path: Path) -> None:
    """:class:`UpdateError` unless ``path`` is a Vedlegg 2 with regions (checked before the merge)."""
    from pipeline.word.regions import read_meta

    if read_meta(load_edited(path)[1]) is None:
        raise UpdateError(NOT_UPDATABLE)


def update_files(request: UpdateRequest, fresh: Document, output: Path) -> tuple[list[tuple[Path, bytes]], UpdateSummary]:
    """The files an update writes, and what it did."""
    data, edited = load_edited(request.edited)
    result = update_document(edited, fresh, keep_gone=request.keep_gone)
    summary = UpdateSummary(request.edited, result.changes)
    files = [(output, _bytes(result.document))]
    if result.replaced:
        summary.side_file = free_path(output.parent, output.stem + SIDE_STEM, output.suffix)
        files.append((summary.side_file, side_document(data, result.replaced, request.edited.name)))
    if output.resolve() == Path(request.edited).resolve():
        summary.backup = free_backup_name(output)  # the same names as merge --overskriv
        files.append((summary.backup, data))
    return files, summary


def free_path(folder: Path, stem: str, suffix: str) -> Path:
    """``stem+suffix`` in ``folder``, else the first free ``stem-N+suffix`` (N from 2): an earlier file is
    never overwritten."""
    if not (folder / f"{stem}{suffix}").exists():
        return folder / f"{stem}{suffix}"
    number = 2
    while (folder / f"{stem}-{number}{suffix}").exists():
        number += 1
    return folder / f"{stem}-{number}{suffix}"


def side_document(edited: bytes, regions: list[Region], source_name: str) -> bytes:
    """The editors' versions of the replaced or removed regions, in a copy of the edited
    document (so styles, lists and links stay as they were), each under a note saying what it is."""
    import docx

    from pipeline.word import oxml

    doc = docx.Document(io.BytesIO(edited))
    body = doc.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    end = body.find(qn("w:sectPr"))
    heading_id = style_id_by_name(doc, "Heading 1")
    intro = (f"Redaktørenes versjon av kapitler i {source_name} som er laget på nytt eller fjernet ved "
             f"oppdateringen {format_date(date.today())}, fordi dataene deres er endret. Kopier det dere vil "
             "beholde inn i det oppdaterte dokumentet.")
    for element in [oxml.paragraph(heading_id, oxml.run("Redigerte kapitler før oppdatering")),
                    oxml.paragraph(None, oxml.run(intro))]:
        end.addprevious(element)
    for region in regions:
        what = "Sammendraget" if region.info.kind is Kind.SUMMARY else f"Kapitlet «{region.info.name}»"
        note = oxml.paragraph(None, oxml.run(f"{what} slik det så ut før oppdateringen:"))
        oxml.set_ppr(note, oxml.el("w:keepNext"))
        if region.elements and region.elements[0].tag == qn("w:p"):  # the note and its chapter on one page
            oxml.set_ppr(region.elements[0], oxml.el("w:pageBreakBefore", {"w:val": "0"}))
        unmark(region.elements)
        for element in [note, *region.elements]:
            end.addprevious(element)
    for r_id, rel in list(doc.part.rels.items()):  # not an updatable Vedlegg 2: drop the region list
        if rel.reltype.endswith("/customXml") and b"regioner" in rel.target_part.blob[:400]:
            doc.part.drop_rel(r_id)
    return _bytes(doc)


def _bytes(doc: Document) -> bytes:
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def update_text(summary: UpdateSummary) -> str:
    """The per-chapter report for the console (Norwegian)."""
    lines = [f"Oppdatering av {summary.edited.name} (uendrede kapitler som ingen har redigert, står bare i "
             "flettingsrapporten):"]
    for change in summary.changes:
        if change.kind is Kind.TOC or (change.change is Change.UNCHANGED and not change.edited):
            continue
        what = {Kind.SUMMARY: "Sammendrag", Kind.SEGMENT: f"Segment {change.name}"}.get(change.kind, change.name)
        extra = ", redigert" if change.edited and change.change is Change.UNCHANGED else ""
        note = f" ({change.note})" if change.note else ""
        lines.append(f"  {change.change.value:<34} {what}{extra}{note}")
    counts = {c: sum(1 for x in summary.changes if x.kind is Kind.TILTAK and x.change is c) for c in Change}
    lines.append("  Tiltak: " + ", ".join(f"{n} {c.value}" for c, n in counts.items() if n))
    if summary.side_file:
        lines.append(f"Redaktørenes versjon av kapitler som er laget på nytt: {summary.side_file}")
    if summary.backup:
        lines.append(f"Forrige versjon er tatt vare på som {summary.backup}")
    return "\n".join(lines)
