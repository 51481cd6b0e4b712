"""``innrapportering pdf``: a publishable PDF of a Word document, with LibreOffice."""

from __future__ import annotations

from pathlib import Path

from pipeline.cli.errors import EXIT_OK
from pipeline.cli.options import add_timeout
from pipeline.cli.textreport import announce_folder, pdf_lines


def add_parser(sub) -> None:
    p = sub.add_parser("pdf", help="lag PDF av et Word-dokument (krever LibreOffice)",
                       description="Lager PDF for publisering med LibreOffice: innholdsfortegnelsen oppdateres med "
                                   "sidetall, PDF-en får tittel, språk (nb-NO) og bokmerker for segmenter og tiltak. "
                                   "Sidetallene skrives også inn i innholdsfortegnelsen i Word-dokumentet. "
                                   "Se docs/pdf.md.")
    p.add_argument("docx", type=Path, metavar="DOCX", help="Word-dokumentet, f.eks. output/Vedlegg2.docx")
    p.add_argument("-o", "--output", "--ut", dest="output", type=Path, metavar="FIL", help="PDF-filen; standard: DOCX-navnet med .pdf")
    add_timeout(p)
    p.set_defaults(func=run)


def run(args) -> int:
    """Convert the document given."""
    from pipeline import api

    result = api.pdf(args.docx, args.output, timeout=args.tidsgrense, new_folder_limit=1)
    announce_folder(result.made_folder)
    print("\n".join(pdf_lines(result.pdf)))
    return EXIT_OK
