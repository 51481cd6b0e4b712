"""Options that several commands share, defined once, and the settings they point to."""

from __future__ import annotations

import argparse
from datetime import date, datetime
from pathlib import Path

DEFAULT_TIMEOUT = 180  # seconds; the same as pipeline.pdf.convert.DEFAULT_TIMEOUT


def parse_date(text: str) -> date:
    """``dd.mm.åååå`` or ``åååå-mm-dd``."""
    for fmt in ("%d.%m.%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            pass
    raise argparse.ArgumentTypeError(f"«{text}» er ikke en dato; skriv dd.mm.åååå")


def malform_option(text: str):
    """A written standard: ``bokmal`` (``bokmål``, ``nb``) or ``nynorsk`` (``nn``)."""
    from pipeline.common.malform import parse_malform

    found = parse_malform(text)
    if found is None:
        raise argparse.ArgumentTypeError(f"«{text}» er ikke en målform; skriv bokmal eller nynorsk")
    return found


def positive_int(text: str) -> int:
    """A whole number of at least 1."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"«{text}» er ikke et positivt heltall")
    return value


def positive_seconds(text: str) -> float:
    """A number of seconds above 0 (``,`` or ``.`` as decimal mark)."""
    try:
        value = float(text.replace(",", "."))
    except ValueError:
        value = 0.0
    if not value > 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"«{text}» er ikke et antall sekunder over 0")
    return value


# --- the shared options ------------------------------------------------------------------------


def add_form_settings(parser: argparse.ArgumentParser) -> None:
    """``--skjema``: the form settings (vocabulary and segments)."""
    parser.add_argument("--skjema", type=Path, metavar="FIL",
                        help="innstillingsfil for skjemaet (vokabular og segmenter); standard: templates/skjema.toml "
                             "i arbeidsmappen, ellers standardfilen i programmet")


def add_report_settings(parser: argparse.ArgumentParser, where: str) -> None:
    """``--innstillinger``: the report settings; by default ``rapport.toml`` in ``where``."""
    parser.add_argument("--innstillinger", type=Path, metavar="FIL",
                        help=f"rapportinnstillinger; standard: rapport.toml i {where}")


def add_quiet_and_jobs(parser: argparse.ArgumentParser) -> None:
    """``-q/--quiet`` (no progress bar) and ``-j/--jobs`` (reader processes)."""
    parser.add_argument("-q", "--quiet", "--stille", dest="quiet", action="store_true", help="ingen fremdriftslinje")
    parser.add_argument("-j", "--jobs", "--prosesser", dest="jobs", type=positive_int, metavar="N",
                        help="prosesser som leser arbeidsbøkene; standard: én per kjerne (1 = ingen ekstra prosesser)")


def add_timeout(parser: argparse.ArgumentParser, note: str = "") -> None:
    """``--tidsgrense``: seconds before LibreOffice is stopped."""
    parser.add_argument("--tidsgrense", type=positive_seconds, default=DEFAULT_TIMEOUT, metavar="SEK",
                        help=f"stopp LibreOffice etter så mange sekunder{note}; standard: %(default)s")


def add_malform(parser: argparse.ArgumentParser, what: str) -> None:
    """``--malform``: the written standard of the findings (else each actor's own, see docs/malform.md)."""
    parser.add_argument("--malform", type=malform_option, metavar="MÅLFORM",
                        help=f"{what} på bokmal eller nynorsk for alle arbeidsbøker; standard: aktørens egen "
                             "målform (malform i rapport.toml, ellers arbeidsbokens mal, ellers bokmål)")
