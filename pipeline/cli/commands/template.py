"""``innrapportering template``: the empty Excel template."""

from __future__ import annotations

from pathlib import Path

from pipeline.cli.errors import EXIT_OK
from pipeline.cli.textreport import announce_folder


def add_parser(sub) -> None:
    p = sub.add_parser("template", aliases=["mal"], help="lag den tomme Excel-malen",
                       description="Lager den tomme innrapporteringsmalen fra feltkatalogen og skjema-innstillingene.")
    p.add_argument("-o", "--output", "--ut", dest="output", type=Path, metavar="FIL", help="hvor malen skrives; standard: templates/innrapporteringsmal.xlsx når mappen templates/ "
                        "finnes i arbeidsmappen, ellers innrapporteringsmal.xlsx i arbeidsmappen")
    p.set_defaults(func=run)


def run(args) -> int:
    """Write the template."""
    from pipeline import api

    result = api.template(args.output, skjema=args.skjema, new_folder_limit=1)
    announce_folder(result.made_folder)
    print(f"Skrev malen til {result.path}.")
    return EXIT_OK
