"""``innrapportering validate``: every issue in the workbooks, as text or JSON."""

from __future__ import annotations

import json
from pathlib import Path

from pipeline.cli.checking import check_as_validate
from pipeline.cli.errors import EXIT_ERRORS, EXIT_OK, EXIT_USAGE
from pipeline.cli.options import add_malform, add_quiet_and_jobs, add_report_settings, parse_date


def add_parser(sub) -> None:
    p = sub.add_parser("validate", aliases=["kontroller"], help="kontroller arbeidsbøker og vis alle feil og advarsler",
                       description="Leser og kontrollerer arbeidsbøker (filer eller mapper) og viser alle funn "
                                   "med fil, ark og celle, også samme tiltak i flere filer. Avslutningskode 0 uten "
                                   "feil, 1 med feil, 2 ved bruksfeil.")
    p.add_argument("paths", type=Path, nargs="+", metavar="STI", help="arbeidsbok eller mappe med arbeidsbøker")
    p.add_argument("--json", action="store_true", help="skriv rapporten som JSON (se docs/json.md)")
    p.add_argument("--bare-feil", action="store_true", help="vis bare feil: filer med bare advarsler vises ikke")
    add_quiet_and_jobs(p)
    p.add_argument("--rapportdato", type=parse_date, metavar="DATO", help="dato for forfalte leveranser (dd.mm.åååå); "
                   "standard: rapportdato i rapportinnstillingene, ellers dagens dato")
    add_report_settings(p, "mappen")
    add_malform(p, "funnene")
    p.set_defaults(func=run)


def run(args) -> int:
    """Check the workbooks and print the report; exit code 1 when any has errors."""
    from pipeline.cli.textreport import format_text, to_dict

    result, when = check_as_validate(args)
    if args.json:
        print(json.dumps(to_dict(result, when.value, when.source, own_malform=True), ensure_ascii=False, indent=2))
    else:
        print(format_text(result, when.value, when.source, show_warnings=not args.bare_feil))
    if result.missing:
        return EXIT_USAGE
    return EXIT_ERRORS if result.has_errors else EXIT_OK
