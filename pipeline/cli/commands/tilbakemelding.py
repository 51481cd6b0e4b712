"""``innrapportering tilbakemelding``: each actor's own workbook back, with every finding marked where it is."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from pipeline.cli.errors import EXIT_ERRORS, EXIT_OK, UsageError
from pipeline.cli.checking import check_as_validate
from pipeline.cli.options import add_quiet_and_jobs, add_report_settings, parse_date
from pipeline.cli.output import announce, prepare_folder

DEFAULT_FOLDER = Path("output/tilbakemelding")


def add_parser(sub) -> None:
    p = sub.add_parser("tilbakemelding", help="lag en kopi av hver arbeidsbok med funnene merket i cellene",
                       description="Kontrollerer arbeidsbøkene og skriver en kopi av hver arbeidsbok med funn: "
                                   "cellene er farget og har en merknad, og et første ark «Tilbakemelding» lister "
                                   "alle funn med lenke til cellen. Verdiene er urørt. Avslutningskode 0 når ingen "
                                   "arbeidsbok har feil, 1 når noen har det, 2 ved bruksfeil.")
    p.add_argument("paths", type=Path, nargs="+", metavar="MAPPE_ELLER_FIL", help="arbeidsbok eller mappe med arbeidsbøker")
    p.add_argument("-o", "--output", type=Path, metavar="MAPPE",
                   help=f"mappen kopiene skrives til; standard: {DEFAULT_FOLDER}")
    p.add_argument("--rapportdato", type=parse_date, metavar="DATO", help="dato for forfalte leveranser (dd.mm.åååå); "
                   "standard: rapportdato i rapportinnstillingene, ellers dagens dato")
    add_report_settings(p, "mappen")
    add_quiet_and_jobs(p)
    p.set_defaults(func=run)


def check_output_folder(folder: Path, inputs: list[Path]) -> None:
    """:class:`UsageError` when ``folder`` is one of the input folders (the copies would be read as submissions)."""
    folder = folder.resolve()
    for path in inputs:
        source = path.resolve() if path.is_dir() else path.resolve().parent
        if folder == source:
            raise UsageError(f"Skriv tilbakemeldingene til en annen mappe enn innrapporteringene ({path}); "
                             "ellers leses kopiene som nye innrapporteringer. Bruk -o MAPPE.")


def summary(outcome, folder: Path) -> str:
    """What was written, and which workbooks got no copy and why."""
    lines = [f"Tilbakemelding: skrev {len(outcome.written)} "
             f"{'kopi' if len(outcome.written) == 1 else 'kopier'} med funn til {folder}."]
    lines += [f"  {name}: ingen kopi – {why}" for name, why in outcome.not_written]
    if outcome.clean:
        lines.append(f"Uten funn (ingen kopi): {', '.join(outcome.clean)}.")
    return "\n".join(lines)


def run(args) -> int:
    """Check the workbooks, write a feedback copy of each with findings, print what was done."""
    from pipeline.excel.feedback import write_feedback

    given = args.output is not None
    args.output = args.output or DEFAULT_FOLDER
    check_output_folder(args.output, args.paths)
    result, _ = check_as_validate(args)
    if given:
        announce(prepare_folder(args.output))
    outcome = write_feedback(result.files, args.output, date.today())
    lines = [f"{path}: finnes ikke." for path in result.missing]
    lines += [f"{note.file}: {note.message}" for note in result.skipped]
    print("\n".join([*lines, summary(outcome, args.output)]))
    return EXIT_ERRORS if result.has_errors else EXIT_OK
