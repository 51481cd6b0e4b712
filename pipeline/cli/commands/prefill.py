"""``innrapportering prefill``: workbooks filled in from the previous round's data."""

from __future__ import annotations

from pathlib import Path

from pipeline.cli.errors import EXIT_OK
from pipeline.cli.textreport import announce_folder
from pipeline.common.counted import counted


def add_parser(sub) -> None:
    p = sub.add_parser("prefill", aliases=["forhandsutfyll"], help="lag forhåndsutfylte arbeidsbøker fra forrige rundes data",
                       description="Lager én utfylt arbeidsbok per tiltak fra forrige rundes eksport (vedlegg2.json), "
                                   "klar til å sendes ut i neste runde. Arbeidsbøker som allerede ligger i mappen, "
                                   "erstattes ikke uten --overskriv.")
    p.add_argument("data", type=Path, help="forrige rundes eksport (vedlegg2.json)")
    p.add_argument("-o", "--output", "--ut", dest="output", type=Path, metavar="MAPPE", required=True, help="mappe som arbeidsbøkene skrives til")
    p.add_argument("--overskriv", action="store_true",
                   help="erstatt arbeidsbøker med samme navn i mappen; de gamle beholdes som sikkerhetskopi ved siden "
                        "av (NAVN.sikkerhetskopi-ÅÅÅÅ-MM-DDTTTMM.xlsx)")
    p.set_defaults(func=run)


def run(args) -> int:
    """Write one prefilled workbook per record."""
    from pipeline import api

    result = api.prefill(args.data, args.output, skjema=args.skjema, overwrite=args.overskriv, new_folder_limit=1)
    announce_folder(result.made_folder)
    print(f"Skrev {counted(len(result.paths), 'forhåndsutfylt arbeidsbok', 'forhåndsutfylte arbeidsbøker')} "
          f"til {args.output}.")
    for backup in result.backups:
        print(f"Sikkerhetskopi av den gamle: {backup}")
    return EXIT_OK
