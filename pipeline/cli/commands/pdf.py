"""``innrapportering pdf``: a publishable PDF of a Word document, with LibreOffice."""

from __future__ import annotations

from pathlib import Path

from pipeline.cli.errors import EXIT_OK, PdfFailed, UsageError
from pipeline.cli.options import add_timeout
from pipeline.cli.output import announce, prepare_folder


def add_parser(sub) -> None:
    p = sub.add_parser("pdf", help="lag PDF av et Word-dokument (krever LibreOffice)",
                       description="Lager PDF for publisering med LibreOffice: innholdsfortegnelsen oppdateres med "
                                   "sidetall, PDF-en får tittel, språk (nb-NO) og bokmerker for segmenter og tiltak. "
                                   "Sidetallene skrives også inn i innholdsfortegnelsen i Word-dokumentet. "
                                   "Se docs/pdf.md.")
    p.add_argument("docx", type=Path, metavar="DOCX", help="Word-dokumentet, f.eks. output/Vedlegg2.docx")
    p.add_argument("-o", "--output", type=Path, metavar="FIL", help="PDF-filen; standard: DOCX-navnet med .pdf")
    add_timeout(p)
    p.set_defaults(func=run)


def publish(docx: Path, pdf: Path | None, timeout: float, failure_note: str = "") -> None:
    """Make the PDF and print what was written; a :class:`PdfError` becomes :class:`PdfFailed`
    (its message followed by ``failure_note``)."""
    from pipeline.contract.formatting import show_rounded
    from pipeline.pdf.convert import PdfError, publish_pdf

    try:
        result = publish_pdf(docx, pdf, timeout=timeout)
    except PdfError as exc:
        raise PdfFailed(f"{exc}{failure_note}") from exc
    print(f"Skrev {result.pdf} ({result.pages} sider, {show_rounded(result.seconds)} s). "
          f"Sidetallene står nå i innholdsfortegnelsen i {result.docx}.")
    for warning in result.warnings:
        print(f"Advarsel: {warning}")


def run(args) -> int:
    """Convert the document given."""
    if not args.docx.is_file():
        raise UsageError(f"Fant ikke Word-dokumentet {args.docx}.")
    if args.output is not None:
        announce(prepare_folder(args.output.parent))
    publish(args.docx, args.output, args.tidsgrense)
    return EXIT_OK
