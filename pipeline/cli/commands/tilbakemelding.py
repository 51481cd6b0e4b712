"""``innrapportering tilbakemelding``: each actor's own workbook back, with every finding marked where it is."""

from __future__ import annotations

from pathlib import Path

from pipeline.cli.checking import check_options
from pipeline.cli.errors import EXIT_ERRORS, EXIT_OK
from pipeline.cli.options import add_malform, add_quiet_and_jobs, add_report_settings, parse_date
from pipeline.cli.progress import Progress
from pipeline.cli.textreport import announce_folder, feedback_summary
from pipeline.contract import nnforms

DEFAULT_FOLDER = Path("output/tilbakemelding")  # the same as pipeline.api.jobs.DEFAULT_FEEDBACK_FOLDER


def add_parser(sub) -> None:
    p = sub.add_parser("tilbakemelding", help="lag en kopi av hver arbeidsbok med funnene merket i cellene",
                       description="Kontrollerer arbeidsbøkene og skriver en kopi av hver arbeidsbok med funn: "
                                   "cellene er farget og har en merknad, og et første ark «Tilbakemelding» lister "
                                   "alle funn med lenke til cellen. Verdiene er urørt. Avslutningskode 0 når ingen "
                                   "arbeidsbok har feil, 1 når noen har det, 2 ved bruksfeil.")
    p.add_argument("paths", type=Path, nargs="+", metavar="MAPPE_ELLER_FIL", help="arbeidsbok eller mappe med arbeidsbøker")
    p.add_argument("-o", "--output", "--ut", dest="output", type=Path, metavar="MAPPE",
                   help=f"mappen kopiene skrives til; standard: {DEFAULT_FOLDER}")
    p.add_argument("--rapportdato", type=parse_date, metavar="DATO", help="dato for forfalte leveranser (dd.mm.åååå); "
                   "standard: rapportdato i rapportinnstillingene, ellers dagens dato")
    add_report_settings(p, "mappen")
    add_malform(p, "kopiene")
    add_quiet_and_jobs(p)
    p.set_defaults(func=run)


def run(args) -> int:
    """Check the workbooks, write a feedback copy of each with findings, print what was done."""
    from pipeline import api

    progress = Progress(args.quiet)
    try:
        result = api.feedback(args.paths, args.output, progress=progress,
                              new_folder_limit=1 if args.output is not None else None, **check_options(args))
    finally:
        progress.close()
    announce_folder(result.made_folder)
    lines = [f"{path}: finnes ikke." for path in result.check.missing]
    lines += [f"{note.file}: {note.message_in(result.check.malform, nnforms)}" for note in result.check.skipped]
    print("\n".join([*lines, feedback_summary(result.outcome, result.folder)]))
    return EXIT_ERRORS if result.check.has_errors else EXIT_OK
