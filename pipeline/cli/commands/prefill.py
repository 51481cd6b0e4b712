"""``innrapportering prefill``: workbooks filled in from the previous round's data."""

from __future__ import annotations

import json
from pathlib import Path

from pipeline.cli.errors import EXIT_OK, UsageError
from pipeline.cli.options import form_settings
from pipeline.cli.output import announce, prepare_folder


def add_parser(sub) -> None:
    p = sub.add_parser("prefill", help="lag forhåndsutfylte arbeidsbøker fra forrige rundes data",
                       description="Lager én utfylt arbeidsbok per tiltak fra en JSON-fil (samme form som "
                                   "vedlegg2-eksporten), klar til å sendes ut i neste runde.")
    p.add_argument("data", type=Path, help="JSON-fil med tiltak")
    p.add_argument("-o", "--output", type=Path, metavar="MAPPE", required=True, help="mappe som arbeidsbøkene skrives til")
    p.set_defaults(func=run)


def _records(path: Path) -> list[dict]:
    """The tiltak records in the JSON file; :class:`UsageError` when it is missing or not a list of objects."""
    try:
        records = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UsageError(f"Fant ikke datafilen {path}.") from None
    except UnicodeDecodeError:
        raise UsageError(f"{path} er ikke en tekstfil: forventet JSON-eksporten vedlegg2.json fra en tidligere "
                         "runde (ikke Word-dokumentet eller en arbeidsbok).") from None
    except json.JSONDecodeError as exc:
        raise UsageError(f"{path} er ikke gyldig JSON (linje {exc.lineno}, kolonne {exc.colno}): forventet "
                         "eksporten vedlegg2.json fra en tidligere runde.") from None
    if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
        raise UsageError(f"{path} må være en liste med tiltak (samme form som vedlegg2-eksporten).")
    return records


def run(args) -> int:
    """Write one prefilled workbook per record."""
    from pipeline.excel.prefill import prefill_files

    records = _records(args.data)
    announce(prepare_folder(args.output))
    paths = prefill_files(records, args.output, form_settings(args))
    print(f"Skrev {len(paths)} forhåndsutfylte arbeidsbøker til {args.output}.")
    return EXIT_OK
