"""``innrapportering merge``: the valid submissions in one Word document, plus export and report."""

from __future__ import annotations

from pathlib import Path

from pipeline.cli.commands.pdf import publish
from pipeline.cli.errors import EXIT_ERRORS, EXIT_OK, UsageError
from pipeline.cli.options import add_quiet_and_jobs, add_report_settings, add_timeout, form_settings, report_settings_path
from pipeline.cli.progress import Progress
from pipeline.read.discover import REPORT_SETTINGS_NAME
from pipeline.resources import WORD_TEMPLATE_NAME, locate

DEFAULT_OUTPUT = Path("output/Vedlegg2.docx")


def add_parser(sub) -> None:
    p = sub.add_parser("merge", help="slå sammen alle gyldige innrapporteringer til Vedlegg 2 (Word)",
                       description="Kontrollerer alle arbeidsbøkene i mappen, slår sammen de gyldige til ett "
                                   "Word-dokument og skriver en JSON-eksport ved siden av. Avslutningskode 0 når "
                                   "alle er med, 1 når noen er avvist, 2 ved bruksfeil.")
    p.add_argument("input", type=Path, nargs="?", default=Path("input"), metavar="MAPPE",
                   help="mappe med arbeidsbøker; standard: %(default)s")
    p.add_argument("-o", "--output", type=Path, metavar="FIL",
                   help=f"Word-dokumentet som skrives; standard: {DEFAULT_OUTPUT}, med --oppdater dokumentet som oppdateres")
    group = p.add_mutually_exclusive_group()
    group.add_argument("--strict", action="store_true", help="skriv ikke noe dokument hvis noen innrapportering har feil")
    group.add_argument("--lenient", action="store_true", help="ta med innrapporteringer med feil også, merket i dokumentet")
    add_report_settings(p, "MAPPE")
    p.add_argument("--mal", type=Path, metavar="FIL", help="Word-malen; standard: templates/vedlegg2-mal.docx i arbeidsmappen, ellers standardmalen i programmet")
    p.add_argument("--pdf", action="store_true", help="lag også PDF for publisering og fyll inn sidetallene i "
                   "innholdsfortegnelsen (krever LibreOffice, se docs/pdf.md)")
    add_timeout(p, " (med --pdf)")
    p.add_argument("--oppdater", type=Path, metavar="REDIGERT.docx",
                   help="oppdater et Vedlegg 2 som redaktørene har redigert, uten å miste arbeidet deres: bare "
                        "kapitler med endrede data lages på nytt (se README, «For redaktørene»)")
    p.add_argument("--behold-borte", action="store_true",
                   help="med --oppdater: behold og merk kapitler for tiltak som ikke lenger er innrapportert")
    add_quiet_and_jobs(p)
    p.set_defaults(func=run)


def _settings_path(args) -> Path:
    """The report settings; :class:`UsageError` when there are none or the folder is unusable."""
    if not args.input.is_dir():
        raise UsageError(f"Fant ikke mappen {args.input}.")
    path = report_settings_path(args, [args.input])
    if path is None:
        raise UsageError(f"Fant ikke rapportinnstillingene ({args.input / REPORT_SETTINGS_NAME}). "
                         "Bruk --innstillinger FIL, eller kopier input/rapport.toml inn i mappen.")
    from pipeline.read.discover import discover

    if not discover([args.input]).workbooks:
        raise UsageError(f"Fant ingen arbeidsbøker (.xlsx) i {args.input}. Ingenting er skrevet.")
    return path


def run(args) -> int:
    """Merge, print the summary, and with ``--pdf`` make the PDF; exit code 1 when a file was left out."""
    from pipeline.cli.textreport import merge_summary
    from pipeline.contract.settings import load_report_settings
    from pipeline.merge.run import Mode, run_merge
    from pipeline.merge.update import UpdateError, update_text

    settings_path = _settings_path(args)
    update = _update_request(args)
    mode = Mode.STRICT if args.strict else Mode.LENIENT if args.lenient else Mode.NORMAL
    progress = Progress(args.quiet)
    try:
        outcome = run_merge([args.input], args.output, load_report_settings(settings_path), form_settings(args),
                            mode=mode, template=word_template(args.mal), progress=progress, jobs=args.jobs,
                            update=update)
    except UpdateError as exc:
        raise UsageError(f"{args.oppdater}: {exc}") from exc
    finally:
        progress.close()
    print(merge_summary(outcome, args.input))
    if outcome.update is not None:
        print(update_text(outcome.update))
    if args.pdf and outcome.document is not None:
        publish(outcome.document, None, args.tidsgrense, "\nWord-dokumentet er skrevet; bare PDF-en mangler.")
    return EXIT_OK if outcome.plan.all_merged else EXIT_ERRORS


def _update_request(args):
    """``--oppdater``/``--behold-borte`` as an UpdateRequest (``None`` without); sets the default output."""
    if args.oppdater is None:
        if args.behold_borte:
            raise UsageError("--behold-borte gjelder bare sammen med --oppdater REDIGERT.docx.")
        args.output = args.output or DEFAULT_OUTPUT
        return None
    from pipeline.merge.update import UpdateError, UpdateRequest, check_updatable

    if not args.oppdater.is_file():
        raise UsageError(f"Fant ikke dokumentet {args.oppdater} som skal oppdateres.")
    try:
        check_updatable(args.oppdater)
    except UpdateError as exc:
        raise UsageError(f"{args.oppdater}: {exc}") from exc
    args.output = args.output or args.oppdater
    return UpdateRequest(args.oppdater, args.behold_borte)


def word_template(given: Path | None) -> Path:
    """``--mal``, else ``templates/vedlegg2-mal.docx`` in the working directory, else the packaged template."""
    return locate(WORD_TEMPLATE_NAME, given)
