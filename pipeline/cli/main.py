"""The command line: thin wrappers that call one library function each.

Exit codes: 0 everything fine, 1 a submission has errors (``merge``: something expected is not in the
document, or nothing could be merged), 2 usage problems (unknown option, missing file, broken settings or
Word template, a document edited since it was made), 3 an internal error, 141 the reader of the output
went away (``validate … | head``): the command ends quietly, as other Unix tools do.
Each command lives in :mod:`pipeline.cli.commands`; this module builds the parser,
dispatches, and turns errors into Norwegian messages.
"""

from __future__ import annotations

import argparse
import os
import sys

from pipeline.cli.commands import COMMANDS
from pipeline.cli.errors import EXIT_ERRORS, EXIT_INTERNAL, EXIT_OK, EXIT_PIPE, EXIT_USAGE, PdfFailed, UsageError
from pipeline.cli.options import add_form_settings
from pipeline.cli.parser import NorwegianParser
from pipeline.common.atomic import OutputError
from pipeline.contract.settings import SettingsError
from pipeline.word.errors import TemplateError

__all__ = ["EXIT_OK", "EXIT_ERRORS", "EXIT_USAGE", "EXIT_INTERNAL", "EXIT_PIPE", "UsageError", "PdfFailed", "build_parser",
           "main"]


def build_parser() -> argparse.ArgumentParser:
    """The ``innrapportering`` parser with every command."""
    parser = NorwegianParser(
        prog="innrapportering",
        description="Samler innrapporteringer (Excel) til Vedlegg 2 – Samlet innrapportering (Word).",
    )
    add_form_settings(parser)
    sub = parser.add_subparsers(dest="command", metavar="KOMMANDO", parser_class=NorwegianParser)
    sub.required = True
    for command in COMMANDS:
        command.add_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command in ``argv``; returns the exit code. Never shows a traceback unless
    ``INNRAPPORTERING_DEBUG`` is set."""
    args = build_parser().parse_args(argv)
    try:
        code = args.func(args)
        sys.stdout.flush()  # a closed pipe shows here, not in the interpreter's exit
        return code
    except BrokenPipeError:
        _silence_stdout()
        return EXIT_PIPE
    except (UsageError, SettingsError, OutputError, PdfFailed, TemplateError) as exc:
        print(f"Feil: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("Avbrutt.", file=sys.stderr)
        return EXIT_USAGE
    except Exception as exc:  # noqa: BLE001 - never show a traceback to a user
        if os.environ.get("INNRAPPORTERING_DEBUG"):
            raise
        print(f"Intern feil: {type(exc).__name__}: {exc}\n"
              "Kjør med INNRAPPORTERING_DEBUG=1 for detaljer, og meld fra om feilen.", file=sys.stderr)
        return EXIT_INTERNAL


def _silence_stdout() -> None:
    """Point stdout at /dev/null so that Python's final flush does not complain about the closed pipe."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass  # stdout is no real file (as under a test's capture): nothing will be flushed to a pipe
