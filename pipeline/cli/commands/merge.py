"""``innrapportering merge``: the valid submissions in one Word document, plus export and report."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from pipeline.cli.commands.pdf import publish
from pipeline.cli.errors import EXIT_ERRORS, EXIT_OK, Interrupted, UsageError
from pipeline.cli.options import add_quiet_and_jobs, add_report_settings, add_timeout, form_settings, report_settings_path
from pipeline.cli.output import announce, prepare_folder
from pipeline.cli.progress import Progress
from pipeline.read.discover import REPORT_SETTINGS_NAME
from pipeline.resources import WORD_TEMPLATE_NAME, locate

DEFAULT_OUTPUT = Path("output/Vedlegg2.docx")


def add_parser(sub) -> None:
    p = sub.add_parser("merge", help="slå sammen alle gyldige innrapporteringer til Vedlegg 2 (Word)",
                       description="Kontrollerer alle arbeidsbøkene i mappen (eller filene), slår sammen de gyldige "
                                   "til ett Word-dokument og skriver en JSON-eksport og en flettingsrapport ved siden "
                                   "av. Avslutningskode 0 når alle forventede tiltak er med uten feil, 1 når noe "
                                   "mangler, er avvist eller har feil (eller ingenting kunne slås sammen), 2 ved "
                                   "bruksfeil (ingenting skrevet). Et dokument som er redigert etter at det ble "
                                   "laget, erstattes ikke uten --overskriv.")
    p.add_argument("input", type=Path, nargs="*", default=[Path("input")], metavar="STI",
                   help="mappe med arbeidsbøker, eller arbeidsbøker; standard: input")
    p.add_argument("-o", "--output", type=Path, metavar="FIL",
                   help=f"Word-dokumentet som skrives (.docx legges til om det mangler); standard: {DEFAULT_OUTPUT}, "
                        "med --oppdater dokumentet som oppdateres")
    p.add_argument("--overskriv", action="store_true",
                   help="erstatt også et dokument som er redigert etter at det ble laget; det gamle beholdes som "
                        "sikkerhetskopi ved siden av (NAVN.sikkerhetskopi-ÅÅÅÅ-MM-DDTTTMM.docx)")
    group = p.add_mutually_exclusive_group()
    group.add_argument("--strict", action="store_true", help="skriv ikke noe dokument hvis noen innrapportering har feil")
    group.add_argument("--lenient", action="store_true", help="ta med innrapporteringer med feil også, merket i dokumentet")
    add_report_settings(p, "MAPPE")
    p.add_argument("--mal", type=Path, metavar="FIL", help="Word-malen; standard: templates/vedlegg2-mal.docx i arbeidsmappen, ellers standardmalen i programmet")
    p.add_argument("--pdf", action="store_true", help="lag også PDF for publisering og fyll inn sidetallene i "
                   "innholdsfortegnelsen (krever LibreOffice, se docs/pdf.md)")
    p.add_argument("--forrige", type=Path, metavar="FIL_ELLER_MAPPE",
                   help="forrige rundes eksport (vedlegg2.json) eller en mappe med tidligere eksporter, for "
                        "«Endringer siden forrige rapport»; standard: forrige i rapport.toml (se docs/endringer.md)")
    add_timeout(p, " (med --pdf)")
    p.add_argument("--tilbakemelding", action="store_true", help="skriv også en kopi av hver arbeidsbok med funn, "
                   "med funnene merket i cellene, til mappen tilbakemelding/ ved siden av dokumentet")
    p.add_argument("--oppdater", type=Path, metavar="REDIGERT.docx",
                   help="oppdater et Vedlegg 2 som redaktørene har redigert, uten å miste arbeidet deres: bare "
                        "kapitler med endrede data lages på nytt (se README, «For redaktørene»)")
    p.add_argument("--behold-borte", action="store_true",
                   help="med --oppdater: behold og merk kapitler for tiltak som ikke lenger er innrapportert")
    add_quiet_and_jobs(p)
    p.set_defaults(func=run)


def _settings_path(args) -> Path:
    """The report settings; :class:`UsageError` when there are none or a path is unusable."""
    missing = [p for p in args.input if not p.exists()]
    if missing:
        raise UsageError("Fant ikke " + ", ".join(str(p) for p in missing) + ". Oppgi en mappe med arbeidsbøker "
                         "eller arbeidsbøkene selv.")
    path = report_settings_path(args, args.input)
    if path is None:
        where = _folder(args.input) / REPORT_SETTINGS_NAME
        raise UsageError(f"Fant ikke rapportinnstillingene ({where}). "
                         "Bruk --innstillinger FIL, eller kopier input/rapport.toml inn i mappen.")
    from pipeline.read.discover import discover

    if not discover(args.input).workbooks:
        raise UsageError(f"Fant ingen arbeidsbøker (.xlsx) i {_shown(args.input)}. Ingenting er skrevet.")
    return path


def _folder(paths: list[Path]) -> Path:
    return paths[0] if paths[0].is_dir() else paths[0].parent


def _shown(paths: list[Path]) -> str:
    return ", ".join(str(p) for p in paths)


def run(args) -> int:
    """Merge, print the summary, and with ``--pdf`` make the PDF. Exit code 0 only when every expected
    tiltak is in the document without errors; 1 when something is missing, rejected or has errors."""
    from pipeline.cli.textreport import merge_summary
    from pipeline.contract.settings import load_report_settings
    from pipeline.merge.run import DocumentProtected, Mode, run_merge
    from pipeline.merge.update import UpdateError, update_text

    settings_path = _settings_path(args)
    given_output = args.output
    update = _update_request(args)
    mode = Mode.STRICT if args.strict else Mode.LENIENT if args.lenient else Mode.NORMAL
    settings = load_report_settings(settings_path)
    history = earlier_rounds(args.forrige, settings, settings_path)
    if given_output is not None:
        from pipeline.merge.run import docx_path

        announce(prepare_folder(docx_path(args.output).parent))
    progress = Progress(args.quiet)
    try:
        outcome = run_merge(args.input, args.output, settings, form_settings(args), mode=mode,
                            template=word_template(args.mal), progress=progress, jobs=args.jobs,
                            overwrite=args.overskriv, history=history, update=update)
    except DocumentProtected as exc:
        raise UsageError(protected_message(exc)) from None
    except UpdateError as exc:
        raise UsageError(f"{args.oppdater}: {exc}") from exc
    finally:
        progress.close()
    print(merge_summary(outcome, _shown(args.input)))
    if outcome.update is not None:
        print(update_text(outcome.update))
    _chase_line(outcome, args)
    if args.tilbakemelding:
        _feedback(outcome, args)
    if args.pdf and outcome.document is not None:
        try:
            publish(outcome.document, None, args.tidsgrense, "\nWord-dokumentet er skrevet; bare PDF-en mangler.")
        except KeyboardInterrupt:
            raise Interrupted(interrupted_at_pdf(outcome)) from None
    return EXIT_OK if outcome.plan.complete else EXIT_ERRORS


def interrupted_at_pdf(outcome) -> str:
    """Ctrl-C while the PDF was made: which files this run wrote, and that a PDF already there is older."""
    new = [p for p in (outcome.document, outcome.export, *(outcome.reports or ())) if p is not None]
    pdf = outcome.document.with_suffix(".pdf")
    lines = ["Avbrutt under PDF-steget.", "  Nye fra denne kjøringen: " + ", ".join(str(p) for p in new) + "."]
    if pdf.exists():
        lines.append(f"  {pdf} er fra en tidligere kjøring og stemmer ikke med det nye dokumentet; "
                     "lag PDF-en på nytt med «innrapportering pdf».")
    else:
        lines.append("  Ingen PDF er laget.")
    return "\n".join(lines)


def protected_message(exc) -> str:
    """Why ``merge`` did not replace the document, and what to do (Norwegian)."""
    from pipeline.common.backup import backup_name
    from pipeline.word.fingerprint import DocumentState

    path = exc.path
    if exc.state is DocumentState.EDITED:
        why = (f"{path} er endret etter at det ble laget (redigert i Word eller et annet program). "
               "Sammenslåingen erstatter det ikke, så endringene ikke går tapt.")
    else:
        why = (f"{path} ble ikke laget av innrapportering (det mangler fingeravtrykket som merge skriver inn), "
               "så sammenslåingen erstatter det ikke.")
    example = backup_name(path, datetime.now()).name
    return (f"{why}\n"
            f"  • Lag dokumentet på nytt og ta vare på det gamle: kjør igjen med --overskriv. Det gamle blir "
            f"liggende som sikkerhetskopi ved siden av, f.eks. {example}.\n"
            f"  • Eller skriv det nye dokumentet et annet sted: -o {path.with_name(path.stem + '-ny.docx')}.\n"
            f"  • Eller flett de nye innrapporteringene inn i det redigerte dokumentet uten å miste endringene: "
            f"--oppdater {path}.")


def _chase_line(outcome, args) -> None:
    """Where the reminders for the missing tiltak are."""
    from pipeline.merge.chase import CHASE_NAME

    missing = len(outcome.plan.expected.missing)
    if missing:
        print(f"Purreliste: {args.output.parent / CHASE_NAME} ({missing} påminnelser klare til å sendes).")


def _feedback(outcome, args) -> None:
    """``--tilbakemelding``: the feedback copies, with the merge's findings (duplicates too)."""
    from datetime import date

    from pipeline.cli.commands.tilbakemelding import check_output_folder, summary
    from pipeline.excel.feedback import write_feedback

    folder = args.output.parent / "tilbakemelding"
    check_output_folder(folder, list(args.input))
    files = sorted([*outcome.plan.merged, *outcome.plan.rejected], key=lambda f: f.name.casefold())
    print(summary(write_feedback(files, folder, date.today()), folder))


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


def earlier_rounds(given: Path | None, settings, settings_path: Path) -> list:
    """``--forrige``, else ``forrige`` in rapport.toml, read and ordered; warnings on stderr."""
    import sys

    from pipeline.merge.history import HistoryError, history_for

    try:
        rounds, warnings = history_for(given, settings, settings_path)
    except HistoryError as exc:
        raise UsageError(f"{exc} Ingenting er skrevet.") from None
    for warning in warnings:
        print(warning, file=sys.stderr)
    return rounds
