"""``innrapportering template``: the empty Excel template."""

from __future__ import annotations

from pathlib import Path

from pipeline.cli.errors import EXIT_OK
from pipeline.cli.options import malform_option
from pipeline.cli.textreport import announce_folder


def add_parser(sub) -> None:
    p = sub.add_parser("template", aliases=["mal"], help="lag den tomme Excel-malen",
                       description="Lager den tomme innrapporteringsmalen fra feltkatalogen og skjema-innstillingene.")
    p.add_argument("-o", "--output", "--ut", dest="output", type=Path, metavar="FIL", help="hvor malen skrives; standard: templates/innrapporteringsmal.xlsx når mappen templates/ "
                        "finnes i arbeidsmappen, ellers innrapporteringsmal.xlsx i arbeidsmappen "
                        "(på nynorsk: innrapporteringsmal-nynorsk.xlsx)")
    p.add_argument("--malform", "--målform", dest="malform", type=malform_option, default=None, metavar="MÅLFORM",
                   help="bokmal (standard) eller nynorsk: malen med ledetekster, veiledning, meldinger og "
                        "nedtrekkslister på den målformen; navnene, tabellene og malversjonen er de samme")
    p.set_defaults(func=run)


def run(args) -> int:
    """Write the template."""
    from pipeline import api

    result = api.template(args.output, skjema=args.skjema, malform=args.malform, new_folder_limit=1)
    announce_folder(result.made_folder)
    standard = f" på {args.malform.display}" if args.malform is not None and args.malform.value == "nynorsk" else ""
    print(f"Skrev malen{standard} til {result.path}.")
    return EXIT_OK
