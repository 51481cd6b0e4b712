"""argparse with Norwegian headings, usage line and error messages."""

from __future__ import annotations

import argparse
import sys

from pipeline.cli.errors import EXIT_USAGE

_ARGPARSE_PHRASES = {
    "the following arguments are required": "disse argumentene mangler",
    "unrecognized arguments": "ukjente argumenter",
    "invalid choice": "ugyldig valg",
    "not allowed with argument": "kan ikke brukes sammen med",
    "invalid float value": "ugyldig tall",
    "invalid int value": "ugyldig heltall",
    "expected at least one argument": "venter minst ett argument",
    "choose from": "velg blant",
    "expected one argument": "venter ett argument",
    "invalid": "ugyldig",
}


def _norwegian(message: str) -> str:
    """argparse's English error message with its known phrases in Norwegian."""
    for english, norwegian in _ARGPARSE_PHRASES.items():
        message = message.replace(english, norwegian)
    return message


class NorwegianFormatter(argparse.HelpFormatter):
    """Help with ``bruk:`` instead of ``usage:``."""

    def add_usage(self, usage, actions, groups, prefix=None):
        return super().add_usage(usage, actions, groups, prefix="bruk: " if prefix is None else prefix)


class NorwegianParser(argparse.ArgumentParser):
    """argparse with Norwegian headings and messages."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("formatter_class", NorwegianFormatter)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title = "argumenter"
        self._optionals.title = "valg"
        self.add_argument("-h", "--help", action="help", help="vis denne hjelpeteksten og avslutt")

    def error(self, message: str) -> None:
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"Feil i kommandoen: {_norwegian(message)}\nSe «{self.prog} --help».\n")
