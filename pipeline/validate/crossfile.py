"""What one workbook cannot tell alone: the same tiltak in two files, and actor names near known ones.

Both ``validate`` and ``merge`` run these (through :func:`pipeline.validate.batch.check_paths`),
so the two commands always agree.
"""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Protocol, TypeVar

from pipeline.contract.issues import Code, Issue
from pipeline.contract.models import Tiltak
from pipeline.contract.settings import ReportSettings
from pipeline.contract.identity import duplicates
from pipeline.contract.choices import fold

#: How alike (difflib's ratio of the folded names) an actor name must be to a known one to be a near miss.
#: «Hesledirektoratet» ~ «Helsedirektoratet» is 0.94; «Helse Nord» ~ «Helse Førde», two real actors, 0.86.
ACTOR_CUTOFF = 0.88


class _Checked(Protocol):
    name: str
    tiltak: Tiltak | None
    issues: list[Issue]


F = TypeVar("F", bound=_Checked)


def mark_duplicates(files: Sequence[F]) -> list[F]:
    """Two workbooks for the same tiltak (names compared without case and spacing): an error in each,
    naming the others. Neither wins: ``merge`` rejects them all."""
    readable = [f for f in files if f.tiltak is not None and f.tiltak.navn]
    dupes = {id(f): group for group in duplicates(readable, lambda f: f.tiltak).values() for f in group}
    out = []
    for f in files:
        group = dupes.get(id(f))
        if group:
            assert f.tiltak is not None
            others = ", ".join(o.name for o in group if o is not f)
            issue = Code.DUPLICATE_TILTAK.issue(file=f.name, value=f.tiltak.navn, others=others)
            f = replace(f, issues=[*f.issues, issue])  # type: ignore[type-var]
        out.append(f)
    return out


def known_actors(report: ReportSettings | None) -> dict[str, int]:
    """The actors of the report settings' expected list, each with how often it is listed."""
    if report is None:
        return {}
    return dict(Counter(e.aktor.strip() for e in report.forventet if e.aktor.strip()))


def actor_suggestion(name: str, actors: Mapping[str, int]) -> str | None:
    """The known actor ``name`` probably means, or None.

    A name not known (or known in another spelling) that is close to a known one is a near miss;
    so is a known name listed less often than a close one («Hesledirektoratet» once, beside
    «Helsedirektoratet» ten times: a typo in the list itself).
    """
    name = name.strip()
    if not name or not actors:
        return None
    counts: Counter[str] = Counter()
    spelling: dict[str, str] = {}
    for actor, n in sorted(actors.items(), key=lambda item: -item[1]):
        counts[fold(actor)] += n
        spelling.setdefault(fold(actor), actor)
    key = fold(name)
    if key in spelling:
        if spelling[key] != name and name not in actors:
            return spelling[key]  # the same name, written with other case, accents or spacing
    others = [k for k in counts if k != key and counts[k] > counts.get(key, 0)]
    close = difflib.get_close_matches(key, others, n=1, cutoff=ACTOR_CUTOFF)
    return spelling[close[0]] if close else None
