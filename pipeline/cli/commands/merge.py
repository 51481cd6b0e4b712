"""``innrapportering merge``: the valid submissions in one Word document, plus export and report."""

from __future__ import annotations

from pathlib import Path

from pipeline.cli.errors import EXIT_ERRORS, EXIT_OK, Interrupted, PdfFailed
from pipeline.cli.options import add_quiet_and_jobs, add_report_settings, add_timeout
from pipeline.cli.progress import Progress

DEFAULT_OUTPUT = Path("output/Vedlegg2.docx")  # the same as pipeline.api.merging.DEFAULT_OUTPUT


def add_parser(sub) -> None:
    p = sub.add_parser("merge", aliases=["flett"], help="slå sammen alle gyldige innrapporteringer til Vedlegg 2 (Word)",
                       description="Kontrollerer alle arbeidsbøkene i mappen (eller filene), slår sammen de gyldige "
                                   "til ett Word-dokument og skriver en JSON-eksport og en flettingsrapport ved siden "
                                   "av. Avslutningskode 0 når alle forventede tiltak er med uten feil, 1 når noe "
                                   "mangler, er avvist eller har feil (eller ingenting kunne slås sammen), 2 ved "
                                   "bruksfeil (ingenting skrevet). Et dokument som er redigert etter at det ble "
                                   "laget, erstattes ikke uten --overskriv.")
    p.add_argument("input", type=Path, nargs="*", default=[Path("input")], metavar="STI",
                   help="mappe med arbeidsbøker, eller arbeidsbøker; standard: input")
    p.add_argument("-o", "--output", "--ut", dest="output", type=Path, metavar="FIL",
                   help=f"Word-dokumentet som skrives (.docx legges til om det mangler); standard: {DEFAULT_OUTPUT}, "
                        "med --oppdater dokumentet som oppdateres")
    p.add_argument("--overskriv", action="store_true",
                   help="erstatt også et dokument som er redigert etter at det ble laget; det gamle beholdes som "
                        "sikkerhetskopi ved siden av (NAVN.sikkerhetskopi-ÅÅÅÅ-MM-DDTTTMM.docx)")
    group = p.add_mutually_exclusive_group()
    group.add_argument("--strict", "--streng", dest="strict", action="store_true", help="skriv ikke noe dokument hvis noen innrapportering har feil")
    group.add_argument("--lenient", "--ta-med-feil", dest="lenient", action="store_true", help="ta med innrapporteringer med feil også, merket i dokumentet")
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


def run(args) -> int:
    """Merge, print the summary, and with ``--pdf`` make the PDF. Exit code 0 only when every expected
    tiltak is in the document without errors; 1 when something is missing, rejected or has errors."""
    import sys

    from pipeline import api
    from pipeline.cli.textreport import announce_folder, feedback_summary, merge_summary, pdf_lines
    mode = api.Mode.STRICT if args.strict else api.Mode.LENIENT if args.lenient else api.Mode.NORMAL
    progress = Progress(args.quiet)
    try:
        result = api.merge(args.input, args.output, innstillinger=args.innstillinger, skjema=args.skjema, mode=mode,
                           mal=args.mal, forrige=args.forrige, oppdater=args.oppdater, behold_borte=args.behold_borte,
                           overskriv=args.overskriv, tilbakemelding=args.tilbakemelding, jobs=args.jobs,
                           progress=progress, new_folder_limit=1)
    finally:
        progress.close()
    for warning in result.history_warnings:
        print(warning, file=sys.stderr)
    announce_folder(result.made_folder)
    outcome = result.outcome
    print(merge_summary(outcome, ", ".join(str(p) for p in args.input)))
    if outcome.update is not None:
        from pipeline.cli.updatereport import update_text  # the Word stage: imported only after an update

        print(update_text(outcome.update))
    _chase_line(outcome)
    if result.feedback is not None:
        print(feedback_summary(result.feedback, result.feedback_folder))
    if args.pdf and outcome.document is not None:
        try:
            made = api.pdf(outcome.document, timeout=args.tidsgrense)
        except api.PipelineError as exc:
            raise PdfFailed(f"{exc}\nWord-dokumentet er skrevet; bare PDF-en mangler.") from exc
        except KeyboardInterrupt:
            raise Interrupted(interrupted_at_pdf(outcome)) from None
        print("\n".join(pdf_lines(made.pdf)))
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


def _chase_line(outcome) -> None:
    """Where the reminders for the missing tiltak are."""
    from pipeline.merge.chase import CHASE_NAME

    from pipeline.common.counted import counted

    missing = len(outcome.plan.expected.missing)
    if missing and outcome.target is not None:
        print(f"Purreliste: {outcome.target.parent / CHASE_NAME} "
              f"({counted(missing, 'påminnelse klar', 'påminnelser klare')} til å sendes).")
