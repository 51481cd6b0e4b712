"""DOCX → publishable PDF with LibreOffice, and the page numbers back into the DOCX.

:func:`docx_to_pdf` copies the document to a temporary folder and has LibreOffice (see
:mod:`pipeline.pdf.office`) update the table of contents twice, read the page of every
heading and export the PDF (title from the document properties, language, outline).

:func:`publish_pdf` is what ``merge --pdf`` calls: convert, then write the page
numbers LibreOffice computed into the DOCX's TOC field result, so the contents list
is complete in any program (Word still refreshes it on open).
"""

from __future__ import annotations

import io
import shutil
import tempfile
import time
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from lxml import etree

from pipeline.common.atomic import write_atomic
from pipeline.common.counted import counted
from pipeline.pdf.office import INSTALL_HINT, Office, PdfError, PdfUnavailable, find_office, run_worker
from pipeline.word.guard import resealed
from pipeline.word.toc import TocLine, read_toc, set_page_numbers

__all__ = ["PdfError", "PdfUnavailable", "PdfResult", "Office", "find_office", "docx_to_pdf",
           "fill_toc_page_numbers", "toc_of_docx", "publish_pdf", "INSTALL_HINT"]

DEFAULT_TIMEOUT = 180.0
_DOCUMENT_PART = "word/document.xml"


@dataclass(frozen=True)
class PdfResult:
    """What a conversion made and found."""
    pdf: Path
    pages: int
    seconds: float
    heading_pages: dict[str, int]  # heading bookmark (``_Toc…``) → the page it is laid out on (1 = first page)
    toc: tuple[tuple[str, int], ...]  # the PDF's contents list as printed: (text, page number)
    docx: Path | None = None  # publish_pdf: the DOCX whose contents list got page numbers …
    docx_pages: dict[str, int] = field(default_factory=dict)  # … and the numbers, per bookmark
    warnings: tuple[str, ...] = field(default=())


# --- conversion ---------------------------------------------------------------------------------


def docx_to_pdf(docx: Path, pdf: Path, *, timeout: float = DEFAULT_TIMEOUT, office: Office | None = None) -> PdfResult:
    """Convert ``docx`` to ``pdf`` with the contents list updated; at most ``timeout`` seconds.
    Raises :class:`PdfUnavailable` (nothing to convert with) or :class:`PdfError`."""
    started = time.monotonic()
    deadline = started + timeout
    docx, pdf = Path(docx).resolve(), Path(pdf).resolve()
    if not docx.is_file():
        raise PdfError(f"Fant ikke Word-dokumentet {docx}.")
    if not _is_docx(docx):
        raise PdfError(f"{docx.name} er ikke et Word-dokument (.docx), så det kan ikke bli PDF.")
    office = office or find_office()
    with tempfile.TemporaryDirectory(prefix="innrapportering-pdf-") as tmp:
        tmp = Path(tmp)
        source, target = tmp / "dokument.docx", tmp / "dokument.pdf"
        shutil.copyfile(docx, source)  # no lock files beside the user's document; Word may keep it open
        result = run_worker(office, source, target, tmp, timeout=timeout, deadline=deadline, name=docx.name)
        if not target.is_file() or target.stat().st_size == 0:
            raise PdfError(f"LibreOffice skrev ingen PDF av {docx.name}.")
        write_atomic(pdf, target.read_bytes())
    toc = tuple((str(text), int(page)) for text, page in result.get("toc", []) if str(page).isdigit())
    bookmarks = {str(k): int(v) for k, v in result.get("bookmarks", {}).items()}
    return PdfResult(pdf=pdf, pages=int(result.get("pages", 0)), seconds=round(time.monotonic() - started, 2),
                     heading_pages=bookmarks, toc=toc)


# --- page numbers into the DOCX -----------------------------------------------------------------


def _read_part(docx: Path | bytes, part: str = _DOCUMENT_PART) -> bytes:
    source = io.BytesIO(docx) if isinstance(docx, bytes) else Path(docx)
    with zipfile.ZipFile(source) as archive:
        return archive.read(part)


def _is_docx(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as archive:
            return _DOCUMENT_PART in archive.namelist()
    except (OSError, zipfile.BadZipFile):
        return False


def _parse(xml: bytes):
    return etree.fromstring(xml, etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True))


def toc_of_docx(docx: Path | bytes) -> list[TocLine]:
    """The TOC entries cached in a saved DOCX: bookmark, text, page (``""`` when not filled)."""
    return read_toc(_parse(_read_part(docx)))


def fill_toc_page_numbers(docx: Path | bytes, page_numbers: Mapping[str, int]) -> bytes:
    """The DOCX with ``page_numbers[bookmark]`` as the result of each TOC ``PAGEREF`` field;
    every other part is copied byte for byte."""
    data = docx if isinstance(docx, bytes) else Path(docx).read_bytes()
    root = _parse(_read_part(data))
    set_page_numbers(root, page_numbers)
    xml = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info, xml if info.filename == _DOCUMENT_PART else src.read(info))
    return out.getvalue()


def _normal(text: str) -> str:
    return " ".join(text.split()).casefold()


def match_pages(lines: Sequence[TocLine], result: PdfResult) -> tuple[dict[str, int], tuple[str, ...]]:
    """Page per TOC bookmark as the PDF's contents list prints it (matched entry by entry);
    the heading's own page where the lists differ."""
    same = len(lines) == len(result.toc) and all(
        _normal(line.text) == _normal(text) for line, (text, _) in zip(lines, result.toc))
    if same:
        return {line.bookmark: page for line, (_, page) in zip(lines, result.toc)}, ()
    pages = {line.bookmark: result.heading_pages[line.bookmark] for line in lines
             if line.bookmark in result.heading_pages}
    return pages, ("Innholdsfortegnelsen i PDF-en er ikke lik den i Word-dokumentet; sidetallene i "
                   "Word-dokumentet er hentet fra overskriftene.",)


def publish_pdf(docx: Path, pdf: Path | None = None, *, timeout: float = DEFAULT_TIMEOUT,
                office: Office | None = None) -> PdfResult:
    """Make ``pdf`` (default: beside ``docx``) and write the page numbers into ``docx``'s contents
    list (atomically). The PDF is made first; the DOCX is only changed when that succeeded."""
    docx = Path(docx)
    pdf = Path(pdf) if pdf else docx.with_suffix(".pdf")
    result = docx_to_pdf(docx, pdf, timeout=timeout, office=office)
    data = docx.read_bytes()
    lines = toc_of_docx(data)
    pages, warnings = match_pages(lines, result)
    missing = [line.text for line in lines if line.bookmark not in pages]
    if missing:
        warnings += (f"Fant ikke sidetallet til {counted(len(missing), 'overskrift', 'overskrifter')} i innholdsfortegnelsen: "
                     + ", ".join(missing[:5]) + ("…" if len(missing) > 5 else "") + ".",)
    if pages:
        write_atomic(docx, resealed(data, fill_toc_page_numbers(data, pages)))  # still known as unedited
    return replace(result, docx=docx, docx_pages=pages, warnings=warnings)
