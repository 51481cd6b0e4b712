"""The result of parsing one cell value: the value, how it was normalised, and its problems."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pipeline.contract.issues import Code, Severity


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a value: an issue code and its message parameters.

    ``value`` overrides the value shown in the message (one part of a multi-choice
    cell); ``None`` means the cell's value as typed.
    """

    code: Code
    params: dict[str, str] = field(default_factory=dict)
    value: str | None = None


@dataclass(frozen=True)
class Parsed:
    """A parsed value; ``normalised`` is how it was read when it had to be normalised."""

    value: Any
    normalised: str | None = None
    problems: tuple[Problem, ...] = ()

    @property
    def ok(self) -> bool:
        """True unless a problem is an error."""
        return not any(p.code.severity is Severity.ERROR for p in self.problems)


def failed(code: Code, **params: str) -> Parsed:
    """An unreadable value: ``None`` with one problem."""
    return Parsed(None, problems=(Problem(code, params),))

