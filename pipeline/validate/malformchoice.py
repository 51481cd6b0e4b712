"""Which written standard an actor's findings, feedback copy and reminder are written in (docs/malform.md).

The order, first that says something: the ``--malform`` option, the actor's entry in ``rapport.toml``
(``malform`` in ``[[forventet]]``), the workbook's own ``Mal_Malform``, bokmål. ``rapport.toml`` is the
secretariat's record of the standard the actor (a municipality, språklova § 15) has chosen, so it wins
over the template the actor happened to fill in; the workbook decides when the list says nothing.
"""

from __future__ import annotations

from dataclasses import replace

from pipeline.common.malform import DEFAULT, Malform
from pipeline.contract.identity import tiltak_key
from pipeline.contract.settings import ReportSettings
from pipeline.validate.batch import CheckResult, FileResult


def actor_key(name: str) -> str:
    """An actor's name compared without case and extra spaces."""
    return " ".join(name.split()).casefold()


def listed_malform(report: ReportSettings | None, navn: str, aktor: str) -> Malform | None:
    """The standard ``rapport.toml`` gives: the tiltak's own entry, else the first entry of the same actor
    that names one; None when no entry does."""
    if report is None:
        return None
    own = [e.malform for e in report.forventet if e.malform and navn.strip() and tiltak_key(e.navn) == tiltak_key(navn)]
    same_actor = [e.malform for e in report.forventet
                  if e.malform and aktor.strip() and actor_key(e.aktor) == actor_key(aktor)]
    return (own or same_actor or [None])[0]


def choose_malform(option: Malform | None, listed: Malform | None, declared: Malform | None) -> Malform:
    """The first that says something: the option, the list, the workbook; else bokmål."""
    return option or listed or declared or DEFAULT


def with_malform(result: FileResult, report: ReportSettings | None, option: Malform | None = None) -> FileResult:
    """``result`` with :attr:`FileResult.malform` chosen for its actor."""
    t = result.tiltak
    listed = listed_malform(report, t.navn, t.aktor) if t is not None else None
    return replace(result, malform=choose_malform(option, listed, result.own_malform))


def apply_malform(check: CheckResult, report: ReportSettings | None, option: Malform | None = None) -> CheckResult:
    """``check`` with every file's standard chosen (the files are replaced, not changed); ``option`` is
    kept as :attr:`CheckResult.malform` for the findings that belong to no actor (skipped files)."""
    return replace(check, files=[with_malform(f, report, option) for f in check.files], malform=option)
