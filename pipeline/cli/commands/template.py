"""``innrapportering template``: the empty Excel template."""

from __future__ import annotations

from pathlib import Path

from pipeline.cli.errors import EXIT_OK
from pipeline.cli.options import form_settings
from pipeline.contract.settings import TEMPLATES_DIR

DEFAULT_TEMPLATE = TEMPLATES_DIR / "innrapporteringsmal.xlsx"


def add_parser(sub) -> None:
    p = sub.add_parser("template", help="lag den tomme Excel-malen",
                       description="Lager den tomme innrapporteringsmalen fra feltkatalogen og skjema-innstillingene.")
    p.add_argument("-o", "--output", type=Path, metavar="FIL", default=DEFAULT_TEMPLATE, help="hvor malen skrives; standard: %(default)s")
    p.set_defaults(func=run)


def run(args) -> int:
    """Write the template."""
    from pipeline.excel.template import write_template

    path = write_template(args.output, form_settings(args))
    print(f"Skrev malen til {path}.")
    return EXIT_OK
