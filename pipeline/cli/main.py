"""The command line: thin wrappers that call one library function each.

Exit codes: 0 everything fine, 1 a submission has errors, 2 usage problems
(unknown option, missing file, broken settings), 3 an internal error.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import date, datetime
from pathlib import Path

from pipeline.common.atomic import OutputError
from pipeline.read.discover import REPORT_SETTINGS_NAME
from pipeline.contract.settings import FORM_SETTINGS_PATH, TEMPLATES_DIR, SettingsError

EXIT_OK, EXIT_ERRORS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3
DEFAULT_TEMPLATE = TEMPLATES_DIR / "innrapporteringsmal.xlsx"


class UsageError(Exception):
    """A problem with how the command was called. The message is Norwegian."""


_ARGPARSE_PHRASES = {
    "the following arguments are required": "disse argumentene mangler",
    "unrecognized arguments": "ukjente argumenter",
    "invalid choice": "ugyldig valg",
    "not allowed with argument": "kan ikke brukes sammen med",
    "invalid float value": "ugyldig tall",
    "invalid int value": "ugyldig heltall",
    "expected at least one argument": "venter minst ett argument",
    "choose from": "velg blant",
    "expected one argument": "venter ett argument",
    "invalid": "ugyldig",
}


def _norwegian(message: str) -> str:
    for english, norwegian in _ARGPARSE_PHRASES.items():
        message = message.replace(english, norwegian)
    return message


class NorwegianFormatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        return super().add_usage(usage, actions, groups, prefix="bruk: " if prefix is None else prefix)


class NorwegianParser(argparse.ArgumentParser):
    """argparse with Norwegian headings and messages."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("formatter_class", NorwegianFormatter)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title = "argumenter"
        self._optionals.title = "valg"
        self.add_argument("-h", "--help", action="help", help="vis denne hjelpeteksten og avslutt")

    def error(self, message: str) -> None:
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"Feil i kommandoen: {_norwegian(message)}\nSe «{self.prog} --help».\n")


def _date(text: str) -> date:
    for fmt in ("%d.%m.%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            pass
    raise argparse.ArgumentTypeError(f"«{text}» er ikke en dato; skriv dd.mm.åååå")


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"«{text}» er ikke et positivt heltall")
    return value


def _form_settings(args):
    from pipeline.contract.settings import load_form_settings

    return load_form_settings(args.skjema)


# --- commands ---------------------------------------------------------------------------


def cmd_template(args) -> int:
    from pipeline.excel.template import write_template

    path = write_template(args.output, _form_settings(args))
    print(f"Skrev malen til {path}.")
    return EXIT_OK


def cmd_prefill(args) -> int:
    from pipeline.excel.prefill import prefill_files

    try:
        records = json.loads(args.data.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UsageError(f"Fant ikke datafilen {args.data}.") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise UsageError(f"{args.data} er ikke gyldig JSON: {exc}") from None
    if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
        raise UsageError(f"{args.data} må være en liste med tiltak (samme form som vedlegg2-eksporten).")
    paths = prefill_files(records, args.output, _form_settings(args))
    print(f"Skrev {len(paths)} forhåndsutfylte arbeidsbøker til {args.output}.")
    return EXIT_OK


def _report_settings_path(args, paths: list[Path]) -> Path | None:
    """``--innstillinger``, else ``rapport.toml`` in the first folder given."""
    if args.innstillinger:
        return args.innstillinger
    for path in paths:
        candidate = (path if path.is_dir() else path.parent) / REPORT_SETTINGS_NAME
        if candidate.is_file():
            return candidate
    return None


def _report_date(args) -> date | None:
    if args.rapportdato:
        return args.rapportdato
    path = _report_settings_path(args, args.paths)
    if path is None:
        return None
    from pipeline.contract.settings import load_report_settings

    return load_report_settings(path).rapportdato


def cmd_validate(args) -> int:
    from pipeline.validate.batch import check_paths
    from pipeline.cli.textreport import format_text, to_dict

    progress = _Progress(args.quiet)
    try:
        result = check_paths(args.paths, _form_settings(args), _report_date(args), progress=progress, jobs=args.jobs)
    finally:
        progress.close()
    if result.missing and not result.files:
        raise UsageError("Fant ingen av filene: " + ", ".join(str(p) for p in result.missing))
    if args.json:
        print(json.dumps(to_dict(result), ensure_ascii=False, indent=2))
    else:
        print(format_text(result, show_warnings=not args.bare_feil))
    if result.missing:
        return EXIT_USAGE
    return EXIT_ERRORS if result.has_errors else EXIT_OK


def _merge_summary(outcome, input_dir: Path) -> str:
    from pipeline.cli.textreport import count, file_heading

    plan, check = outcome.plan, outcome.check
    lines = [f"Leste {count(len(check.files), 'arbeidsbok', 'arbeidsbøker')} fra {input_dir}."]
    lines += [f"{note.file}: {note.message}" for note in check.skipped]
    with_warnings = [f for f in plan.merged if f.warnings]
    with_errors = [f for f in plan.merged if f.errors]
    parts = [f"{len(with_warnings)} med advarsler"] if with_warnings else []
    if with_errors:
        parts.append(f"{len(with_errors)} med feil (--lenient, merket i dokumentet)")
    head = "Uten feil, men ikke skrevet (--strict)" if plan.stopped else "Slått sammen"
    lines.append(f"{head}: {len(plan.merged)}" + (", av dem " + " og ".join(parts) if parts else "") + ".")
    lines.append(f"Avvist: {len(plan.rejected)}.")
    for f in plan.rejected:
        lines.append("  " + file_heading(f))
        lines += [f"    {i.format(with_file=False)}" for i in f.errors]
    if with_warnings:
        n = sum(len(f.warnings) for f in with_warnings)
        lines.append(f"Se advarslene ({n}) i flettingsrapporten eller med «innrapportering validate {input_dir}».")
    if plan.expected.missing:
        lines.append(f"Mangler ({len(plan.expected.missing)} forventet, ikke mottatt):")
        lines += [f"  {e.navn} ({', '.join(x for x in (e.segment, e.aktor) if x)})" for e in plan.expected.missing]
    if plan.expected.unexpected:
        lines.append("Mottatt uten å stå i listen over forventede tiltak: " + ", ".join(plan.expected.unexpected))
    if plan.stopped:
        lines.append("Ingen dokument skrevet: --strict stopper når en innrapportering har feil.")
    else:
        lines.append(f"Skrev {outcome.document} og {outcome.export}.")
    if outcome.reports:
        lines.append(f"Flettingsrapport: {outcome.reports[0]} (og {outcome.reports[1].name}).")
    return "\n".join(lines)


PROGRESS_THRESHOLD = 5  # more files than this: show a progress bar


class _Progress:
    """A rich progress bar on stderr while reading and validating; silent when not wanted."""

    def __init__(self, quiet: bool) -> None:
        self.enabled = not quiet and sys.stderr.isatty()
        self.bar = None
        self.task = None

    def __call__(self, done: int, total: int, path: Path) -> None:
        if not self.enabled or total <= PROGRESS_THRESHOLD:
            return
        if self.bar is None:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

            self.bar = Progress(TextColumn("Leser og kontrollerer"), BarColumn(), MofNCompleteColumn(),
                                TimeElapsedColumn(), console=Console(stderr=True), transient=True)
            self.bar.start()
            self.task = self.bar.add_task("", total=total)
        self.bar.update(self.task, completed=done)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()


def cmd_merge(args) -> int:
    from pipeline.merge.run import Mode, run_merge
    from pipeline.contract.settings import load_report_settings

    if not args.input.is_dir():
        raise UsageError(f"Fant ikke mappen {args.input}.")
    settings_path = _report_settings_path(args, [args.input])
    if settings_path is None:
        raise UsageError(f"Fant ikke rapportinnstillingene ({args.input / REPORT_SETTINGS_NAME}). "
                         "Bruk --innstillinger FIL, eller kopier input/rapport.toml inn i mappen.")
    from pipeline.read.discover import discover

    if not discover([args.input]).workbooks:
        raise UsageError(f"Fant ingen arbeidsbøker (.xlsx) i {args.input}. Ingenting er skrevet.")
    mode = Mode.STRICT if args.strict else Mode.LENIENT if args.lenient else Mode.NORMAL
    progress = _Progress(args.quiet)
    try:
        outcome = run_merge([args.input], args.output, load_report_settings(settings_path), _form_settings(args),
                            mode=mode, template=args.mal, progress=progress, jobs=args.jobs)
    finally:
        progress.close()
    print(_merge_summary(outcome, args.input))
    if args.pdf and outcome.document is not None:
        from pipeline.pdf.convert import PdfError

        try:
            _publish(outcome.document, None, args.tidsgrense)
        except PdfError as exc:
            raise PdfFailed(f"{exc}\nWord-dokumentet er skrevet; bare PDF-en mangler.") from exc
    return EXIT_OK if outcome.plan.all_merged else EXIT_ERRORS


class PdfFailed(Exception):
    """The PDF could not be made (the message is Norwegian)."""


def _publish(docx: Path, pdf: Path | None, timeout: float) -> None:
    from pipeline.pdf.convert import publish_pdf

    result = publish_pdf(docx, pdf, timeout=timeout)
    print(f"Skrev {result.pdf} ({result.pages} sider, {result.seconds:.1f} s). "
          f"Sidetallene står nå i innholdsfortegnelsen i {result.docx}.")
    for warning in result.warnings:
        print(f"Advarsel: {warning}")


def cmd_pdf(args) -> int:
    from pipeline.pdf.convert import PdfError

    if not args.docx.is_file():
        raise UsageError(f"Fant ikke Word-dokumentet {args.docx}.")
    try:
        _publish(args.docx, args.output, args.tidsgrense)
    except PdfError as exc:
        raise PdfFailed(str(exc)) from exc
    return EXIT_OK


def cmd_codes(args) -> int:
    from pipeline.contract.codebook import issue_catalogue_markdown

    sys.stdout.write(issue_catalogue_markdown())
    return EXIT_OK


# --- parser -------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = NorwegianParser(
        prog="innrapportering",
        description="Samler innrapporteringer (Excel) til Vedlegg 2 – Samlet innrapportering (Word).",
    )
    parser.add_argument("--skjema", type=Path, default=FORM_SETTINGS_PATH,
                        help="innstillingsfil for skjemaet (vokabular og segmenter); standard: %(default)s")
    sub = parser.add_subparsers(dest="command", metavar="KOMMANDO", parser_class=NorwegianParser)
    sub.required = True

    p = sub.add_parser("template", help="lag den tomme Excel-malen",
                       description="Lager den tomme innrapporteringsmalen fra feltkatalogen og skjema-innstillingene.")
    p.add_argument("-o", "--output", type=Path, metavar="FIL", default=DEFAULT_TEMPLATE, help="hvor malen skrives; standard: %(default)s")
    p.set_defaults(func=cmd_template)

    p = sub.add_parser("prefill", help="lag forhåndsutfylte arbeidsbøker fra forrige rundes data",
                       description="Lager én utfylt arbeidsbok per tiltak fra en JSON-fil (samme form som "
                                   "vedlegg2-eksporten), klar til å sendes ut i neste runde.")
    p.add_argument("data", type=Path, help="JSON-fil med tiltak")
    p.add_argument("-o", "--output", type=Path, metavar="MAPPE", required=True, help="mappe som arbeidsbøkene skrives til")
    p.set_defaults(func=cmd_prefill)

    p = sub.add_parser("validate", help="kontroller arbeidsbøker og vis alle feil og advarsler",
                       description="Leser og kontrollerer arbeidsbøker (filer eller mapper) og viser alle funn "
                                   "med fil, ark og celle. Avslutningskode 0 uten feil, 1 med feil, 2 ved bruksfeil.")
    p.add_argument("paths", type=Path, nargs="+", metavar="STI", help="arbeidsbok eller mappe med arbeidsbøker")
    p.add_argument("--json", action="store_true", help="skriv rapporten som JSON")
    p.add_argument("--bare-feil", action="store_true", help="vis bare feil, ikke advarsler")
    p.add_argument("-q", "--quiet", action="store_true", help="ingen fremdriftslinje")
    p.add_argument("-j", "--jobs", type=_positive, metavar="N",
                   help="prosesser som leser arbeidsbøkene; standard: én per kjerne (1 = ingen ekstra prosesser)")
    p.add_argument("--rapportdato", type=_date, metavar="DATO", help="dato for forfalte leveranser (dd.mm.åååå); "
                   "standard: rapportdato i rapportinnstillingene")
    p.add_argument("--innstillinger", type=Path, metavar="FIL", help="rapportinnstillinger; standard: rapport.toml i mappen")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("merge", help="slå sammen alle gyldige innrapporteringer til Vedlegg 2 (Word)",
                       description="Kontrollerer alle arbeidsbøkene i mappen, slår sammen de gyldige til ett "
                                   "Word-dokument og skriver en JSON-eksport ved siden av. Avslutningskode 0 når "
                                   "alle er med, 1 når noen er avvist, 2 ved bruksfeil.")
    p.add_argument("input", type=Path, nargs="?", default=Path("input"), metavar="MAPPE",
                   help="mappe med arbeidsbøker; standard: %(default)s")
    p.add_argument("-o", "--output", type=Path, metavar="FIL", default=Path("output/Vedlegg2.docx"),
                   help="Word-dokumentet som skrives; standard: %(default)s")
    group = p.add_mutually_exclusive_group()
    group.add_argument("--strict", action="store_true", help="skriv ikke noe dokument hvis noen innrapportering har feil")
    group.add_argument("--lenient", action="store_true", help="ta med innrapporteringer med feil også, merket i dokumentet")
    p.add_argument("--innstillinger", type=Path, metavar="FIL", help="rapportinnstillinger; standard: rapport.toml i MAPPE")
    p.add_argument("--mal", type=Path, metavar="FIL", help="Word-malen; standard: templates/vedlegg2-mal.docx")
    p.add_argument("--pdf", action="store_true", help="lag også PDF for publisering og fyll inn sidetallene i "
                   "innholdsfortegnelsen (krever LibreOffice, se docs/pdf.md)")
    p.add_argument("--tidsgrense", type=float, default=180, metavar="SEK",
                   help="stopp LibreOffice etter så mange sekunder (med --pdf); standard: %(default)s")
    p.add_argument("-q", "--quiet", action="store_true", help="ingen fremdriftslinje")
    p.add_argument("-j", "--jobs", type=_positive, metavar="N",
                   help="prosesser som leser arbeidsbøkene; standard: én per kjerne (1 = ingen ekstra prosesser)")
    p.set_defaults(func=cmd_merge)

    p = sub.add_parser("pdf", help="lag PDF av et Word-dokument (krever LibreOffice)",
                       description="Lager PDF for publisering med LibreOffice: innholdsfortegnelsen oppdateres med "
                                   "sidetall, PDF-en får tittel, språk (nb-NO) og bokmerker for segmenter og tiltak. "
                                   "Sidetallene skrives også inn i innholdsfortegnelsen i Word-dokumentet. "
                                   "Se docs/pdf.md.")
    p.add_argument("docx", type=Path, metavar="DOCX", help="Word-dokumentet, f.eks. output/Vedlegg2.docx")
    p.add_argument("-o", "--output", type=Path, metavar="FIL", help="PDF-filen; standard: DOCX-navnet med .pdf")
    p.add_argument("--tidsgrense", type=float, default=180, metavar="SEK",
                   help="stopp LibreOffice etter så mange sekunder; standard: %(default)s")
    p.set_defaults(func=cmd_pdf)

    p = sub.add_parser("feilkoder", help="skriv alle feilkoder med meldingstekst (Markdown)",
                       description="Skriver katalogen over alle feil og advarsler som en Markdown-tabell.")
    p.set_defaults(func=cmd_codes)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except (UsageError, SettingsError, OutputError, PdfFailed) as exc:
        print(f"Feil: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("Avbrutt.", file=sys.stderr)
        return EXIT_USAGE
    except Exception as exc:  # noqa: BLE001 - never show a traceback to a user
        if os.environ.get("INNRAPPORTERING_DEBUG"):
            raise
        print(f"Intern feil: {type(exc).__name__}: {exc}\n"
              "Kjør med INNRAPPORTERING_DEBUG=1 for detaljer, og meld fra om feilen.", file=sys.stderr)
        return EXIT_INTERNAL
