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

from pipeline.settings import FORM_SETTINGS_PATH, DEFAULT_REPORT_SETTINGS_PATH, TEMPLATES_DIR, SettingsError

EXIT_OK, EXIT_ERRORS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3
DEFAULT_TEMPLATE = TEMPLATES_DIR / "innrapporteringsmal.xlsx"


class UsageError(Exception):
    """A problem with how the command was called. The message is Norwegian."""


_ARGPARSE_PHRASES = {
    "the following arguments are required": "disse argumentene mangler",
    "unrecognized arguments": "ukjente argumenter",
    "invalid choice": "ugyldig valg",
    "choose from": "velg blant",
    "expected one argument": "venter ett argument",
    "argument": "argument",
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


def _form_settings(args):
    from pipeline.settings import load_form_settings

    return load_form_settings(args.skjema)


# --- commands ---------------------------------------------------------------------------


def cmd_template(args) -> int:
    from pipeline.template import write_template

    path = write_template(args.output, _form_settings(args))
    print(f"Skrev malen til {path}.")
    return EXIT_OK


def cmd_prefill(args) -> int:
    from pipeline.prefill import prefill_files

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


def _report_date(args) -> date | None:
    if args.rapportdato:
        return args.rapportdato
    if args.innstillinger or DEFAULT_REPORT_SETTINGS_PATH.exists():
        from pipeline.settings import load_report_settings

        return load_report_settings(args.innstillinger).rapportdato
    return None


def cmd_validate(args) -> int:
    from pipeline.check import check_paths
    from pipeline.textreport import format_text, to_dict

    result = check_paths(args.paths, _form_settings(args), _report_date(args))
    if result.missing and not result.files:
        raise UsageError("Fant ingen av filene: " + ", ".join(str(p) for p in result.missing))
    if args.json:
        print(json.dumps(to_dict(result), ensure_ascii=False, indent=2))
    else:
        print(format_text(result, show_warnings=not args.bare_feil))
    if result.missing:
        return EXIT_USAGE
    return EXIT_ERRORS if result.has_errors else EXIT_OK


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
    p.add_argument("-o", "--output", type=Path, default=DEFAULT_TEMPLATE, help="hvor malen skrives; standard: %(default)s")
    p.set_defaults(func=cmd_template)

    p = sub.add_parser("prefill", help="lag forhåndsutfylte arbeidsbøker fra forrige rundes data",
                       description="Lager én utfylt arbeidsbok per tiltak fra en JSON-fil (samme form som "
                                   "vedlegg2-eksporten), klar til å sendes ut i neste runde.")
    p.add_argument("data", type=Path, help="JSON-fil med tiltak")
    p.add_argument("-o", "--output", type=Path, required=True, help="mappe som arbeidsbøkene skrives til")
    p.set_defaults(func=cmd_prefill)

    p = sub.add_parser("validate", help="kontroller arbeidsbøker og vis alle feil og advarsler",
                       description="Leser og kontrollerer arbeidsbøker (filer eller mapper) og viser alle funn "
                                   "med fil, ark og celle. Avslutningskode 0 uten feil, 1 med feil, 2 ved bruksfeil.")
    p.add_argument("paths", type=Path, nargs="+", metavar="STI", help="arbeidsbok eller mappe med arbeidsbøker")
    p.add_argument("--json", action="store_true", help="skriv rapporten som JSON")
    p.add_argument("--bare-feil", action="store_true", help="vis bare feil, ikke advarsler")
    p.add_argument("--rapportdato", type=_date, help="dato for forfalte leveranser (dd.mm.åååå); "
                   "standard: rapportdato i rapportinnstillingene")
    p.add_argument("--innstillinger", type=Path, help=f"rapportinnstillinger; standard: {DEFAULT_REPORT_SETTINGS_PATH}")
    p.set_defaults(func=cmd_validate)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except (UsageError, SettingsError) as exc:
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
