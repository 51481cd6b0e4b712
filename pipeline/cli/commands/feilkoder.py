"""``innrapportering feilkoder``: the issue catalogue as Markdown."""

from __future__ import annotations

import sys

from pipeline.cli.errors import EXIT_OK


def add_parser(sub) -> None:
    p = sub.add_parser("feilkoder", help="skriv alle feilkoder med meldingstekst (Markdown)",
                       description="Skriver katalogen over alle feil og advarsler som en Markdown-tabell.")
    p.set_defaults(func=run)


def run(args) -> int:
    """Print the catalogue."""
    from pipeline.contract.codebook import issue_catalogue_markdown

    sys.stdout.write(issue_catalogue_markdown())
    return EXIT_OK
