"""``merge --oppdater``: a fresh merge carried into the document the editors edited.

:func:`open_update` reads the edited document once (and checks that it can be updated, before the
long merge); :func:`update_files` takes the freshly rendered document, updates the edited one with
it (:func:`pipeline.word.update.update_document`) and returns the files to write: the updated
document, a side file with the editors' versions of what was made again (when there is any), and,
when the edited file is updated in place, a backup of it beside it (numbered; an earlier backup is
never overwritten). Nothing is printed: :class:`UpdateSummary` says what happened.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from docx.document import Document

from pipeline.common.backup import free_backup_name
from pipeline.common.freename import first_free
from pipeline.contract.formatting import format_date
from pipeline.word.update import NO_REGIONS, NOT_UPDATABLE, RegionChange, UpdateError, update_document

SIDE_STEM = ".redigerte-kapitler"  # Vedlegg2.redigerte-kapitler.docx

__all__ = ["UpdateRequest", "UpdateSummary", "UpdateError", "open_update", "update_files", "free_path", "SIDE_STEM"]


@dataclass(frozen=True, eq=False)
class UpdateRequest:
    """What ``--oppdater`` (and ``--behold-borte``) asked for, with the edited document read once."""

    edited: Path
    keep_gone: bool = False
    data: bytes = b""  # the edited file as it was on disk
    document: Document | None = None  # parsed from ``data``; the update changes it


@dataclass
class UpdateSummary:
    """What an update did, per region, and which extra files it wrote."""

    edited: Path
    changes: list[RegionChange] = field(default_factory=list)
    side_file: Path | None = None
    backup: Path | None = None

    def rows(self) -> list[dict[str, object]]:
        return [c.to_dict() for c in self.changes]


def open_update(path: Path, keep_gone: bool = False) -> UpdateRequest:
    """Read the edited document once; :class:`UpdateError` (Norwegian) when it is missing, not a Word
    document, not made by this tool, or its region marks are all gone."""
    import docx

    from pipeline.word.regions import RegionKind, find_regions

    try:
        data = Path(path).read_bytes()
        document = docx.Document(io.BytesIO(data))
    except FileNotFoundError:
        raise UpdateError(f"Fant ikke dokumentet {path} som skal oppdateres.") from None
    except (OSError, zipfile.BadZipFile, KeyError, ValueError):
        raise UpdateError(f"{path} kan ikke leses som et Word-dokument (.docx): filen er skadet eller av en annen "
                          "type. Oppgi Vedlegg 2-dokumentet (.docx) som redaktørene har redigert.") from None
    regions = find_regions(document)
    if regions is None:
        raise UpdateError(NOT_UPDATABLE)
    if not any(not r.by_heading and r.info.kind is not RegionKind.TOC for r in regions):
        raise UpdateError(NO_REGIONS)
    return UpdateRequest(Path(path), keep_gone, data, document)


def update_files(request: UpdateRequest, fresh: Document, output: Path) -> tuple[list[tuple[Path, bytes]], UpdateSummary]:
    """The files an update writes, and what it did. ``request`` comes from :func:`open_update`."""
    from pipeline.word.sidefile import side_document

    if request.document is None:
        request = open_update(request.edited, request.keep_gone)
    result = update_document(request.document, fresh, keep_gone=request.keep_gone)
    summary = UpdateSummary(request.edited, result.changes)
    buffer = io.BytesIO()
    result.document.save(buffer)
    files = [(output, buffer.getvalue())]
    if result.replaced:
        summary.side_file = free_path(output.parent, output.stem + SIDE_STEM, output.suffix)
        files.append((summary.side_file, side_document(request.data, result.replaced, request.edited.name,
                                                       format_date(date.today()))))
    if output.resolve() == Path(request.edited).resolve():
        summary.backup = free_backup_name(output)  # the same names as merge --overskriv
        files.append((summary.backup, request.data))
    return files, summary


def free_path(folder: Path, stem: str, suffix: str) -> Path:
    """``stem+suffix`` in ``folder``, else the first free ``stem-N+suffix`` (N from 2): an earlier file is
    never overwritten (:func:`pipeline.common.freename.first_free`)."""
    found = first_free(lambda n: folder / (f"{stem}{suffix}" if n == 1 else f"{stem}-{n}{suffix}"))
    if found is None:
        raise UpdateError(f"Fant ikke et ledig filnavn for {stem}{suffix} i {folder}; rydd i mappen og prøv igjen.")
    return found