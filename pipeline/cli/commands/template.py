"""``innrapportering template``: the empty Excel template."""

from __future__ import annotations

from pathlib import Path

from pipeline.cli.errors import EXIT_OK
from pipeline.cli.options import form_settings
from pipeline.cli.output import announce, prepare_folder
from pipeline.resources import default_template_output


def add_parser(sub) -> None:
    p = sub.add_parser("template", help="lag den tomme Excel-malen",
                       description="Lager den tomme innrapporteringsmalen fra feltkatalogen og skjema-innstillingene.")
    p.add_argument("-o", "--output", type=Path, metavar="FIL", help="hvor malen skrives; standard: templates/innrapporteringsmal.xlsx når mappen templates/ "
                        "finnes i arbeidsmappen, ellers innrapporteringsmal.xlsx i arbeidsmappen")
    p.set_defaults(func=run)


def run(args) -> int:
    """Write the template."""
    from pipeline.excel.template import write_template

    if args.output is not None:
        announce(prepare_folder(args.output.parent))
    path = write_template(args.output or default_template_output(), form_settings(args))
    print(f"Skrev malen til {path}.")
    return EXIT_OK
