"""``innrapportering prefill``: workbooks filled in from the previous round's data."""

from __future__ import annotations

from pathlib import Path

from pipeline.cli.errors import EXIT_OK
from pipeline.cli.textreport import announce_folder


def add_parser(sub) -> None:
    p = sub.add_parser("prefill", aliases=["forhandsutfyll"], help="lag forhåndsutfylte arbeidsbøker fra forrige rundes data",
                       description="Lager én utfylt arbeidsbok per tiltak fra en JSON-fil (samme form som "
                                   "vedlegg2-eksporten), klar til å sendes ut i neste runde.")
    p.add_argument("data", type=Path, help="JSON-fil med tiltak")
    p.add_argument("-o", "--output", "--ut", dest="output", type=Path, metavar="MAPPE", required=True, help="mappe som arbeidsbøkene skrives til")
    p.set_defaults(func=run)


def run(args) -> int:
    """Write one prefilled workbook per record."""
    from pipeline import api

    result = api.prefill(args.data, args.output, skjema=args.skjema, new_folder_limit=1)
    announce_folder(result.made_folder)
    print(f"Skrev {len(result.paths)} forhåndsutfylte arbeidsbøker til {args.output}.")
    return EXIT_OK
