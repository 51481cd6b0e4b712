"""What changed since the last report (pure): earlier rounds + this round's tiltak -> :class:`Change` list.

One list feeds the document section «Endringer siden forrige rapport», the notes under changed
chapters and the merge report (``endringer`` / sheet «Endringer»). Rules (also in docs/endringer.md):

* Tiltak match by name with case and spacing ignored (:func:`pipeline.summary.portfolio.tiltak_key`),
  as the merge matches duplicates.
* Status, Risiko and Sluttdato are compared only when this round's segment prints them (as the
  summary counts only what the chapters print); leveranser when the segment prints Leveranser.
* Leveranser match by name within their tiltak (case and spacing ignored, repeated names in order);
  a leveranse left over is then matched to a left-over one of the previous round whose name is at
  least :data:`NAME_RATIO` alike (difflib), but only when each is the other's single best match.
* "Delivered": the answer became the first value of ``vokabular.levert`` («Ja») and was not before.
* A shift of a date in months: whole months between the dates, days counted as 1/30 month, rounded.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from pipeline.contract.formatting import format_date
from pipeline.contract.models import Leveranse, Tiltak
from pipeline.contract.settings import FormSettings
from pipeline.contract.identity import tiltak_key

#: How alike two leveranse names must be (difflib ratio) to count as one renamed leveranse.
NAME_RATIO = 0.8


class ChangeKind(StrEnum):
    """What changed; the value is the ``hva`` text of the merge report."""

    STATUS = "Status endret"
    RISIKO = "Risiko endret"
    SLUTTDATO = "Sluttdato endret"
    DELIVERED = "Levert"
    ANSWER = "Svar på levert endret"
    DELIVERY_DATE = "Leveransens sluttdato endret"
    NEW_DELIVERY = "Ny leveranse"
    REMOVED_DELIVERY = "Leveranse fjernet"
    RENAMED_DELIVERY = "Leveranse har fått nytt navn"
    NEW_TILTAK = "Nytt tiltak"
    REMOVED_TILTAK = "Tiltaket rapporterer ikke lenger"


#: The ``felt`` of each kind in the merge report (record keys of the export).
FIELD = {ChangeKind.STATUS: "status", ChangeKind.RISIKO: "risiko", ChangeKind.SLUTTDATO: "sluttdato", ChangeKind.DELIVERED: "levert",
         ChangeKind.ANSWER: "levert", ChangeKind.DELIVERY_DATE: "sluttdato", ChangeKind.NEW_DELIVERY: "leveranse",
         ChangeKind.REMOVED_DELIVERY: "leveranse", ChangeKind.RENAMED_DELIVERY: "navn", ChangeKind.NEW_TILTAK: "tiltak",
         ChangeKind.REMOVED_TILTAK: "tiltak"}


@dataclass(frozen=True)
class Change:
    """One change. ``forrige``/``naa`` as printed (dates dd.mm.åååå); ``months``: a date's shift."""

    kind: ChangeKind
    tiltak: str
    segment: str
    forrige: str = ""
    naa: str = ""
    leveranse: str = ""
    aktor: str = ""
    months: int | None = None
    #: A leveranse's sluttdato now (for delivered ones).
    sluttdato: str = ""

    @property
    def felt(self) -> str:
        return FIELD[self.kind]

    def to_dict(self) -> dict:
        return {"tiltak": self.tiltak, "segment": self.segment, "hva": self.kind.value, "felt": self.felt,
                "leveranse": self.leveranse, "forrige": self.forrige, "naa": self.naa,
                "forskyvning_maneder": self.months}


@dataclass(frozen=True)
class Round:
    """An earlier round: its period (``key`` (year, month) orders rounds, ``label`` is printed) and tiltak."""

    label: str
    key: tuple[int, int] | None
    tiltak: tuple[Tiltak, ...]
    source: str = ""


@dataclass(frozen=True)
class RoundChanges:
    """The changes against the latest earlier round, and the status of every tiltak per round."""

    previous: Round
    changes: tuple[Change, ...]
    #: Labels of the rounds in the status history, oldest first, the last one is this round.
    rounds: tuple[str, ...] = ()
    #: tiltak_key -> status per round in :attr:`rounds` ("" = not reported, or no status).
    status_history: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def of(self, name: str) -> list[Change]:
        """The changes of one tiltak (by name, as tiltak match)."""
        key = tiltak_key(name)
        return [c for c in self.changes if tiltak_key(c.tiltak) == key]

    def kinds(self, *kinds: ChangeKind) -> list[Change]:
        return [c for c in self.changes if c.kind in kinds]


def months_between(old: date, new: date) -> int:
    """Signed shift in months: 31.12.2021 -> 30.06.2022 is 6."""
    return round((new.year - old.year) * 12 + (new.month - old.month) + (new.day - old.day) / 30)


def compare_rounds(history: Sequence[Round], current: Sequence[Tiltak], form: FormSettings,
                   now_label: str, trend_rounds: int = 4) -> RoundChanges:
    """``history`` oldest first (at least one round); ``current`` in document order; ``now_label``: this
    round's period (the last round of the status history)."""
    previous = history[-1]
    before = {tiltak_key(t.navn): t for t in previous.tiltak}
    now_keys = {tiltak_key(t.navn) for t in current}
    changes: list[Change] = []
    for item in current:
        old = before.get(tiltak_key(item.navn))
        if old is None:
            changes.append(Change(ChangeKind.NEW_TILTAK, item.navn, item.segment, naa=item.navn, aktor=item.aktor))
        else:
            changes += _tiltak_changes(old, item, form)
    changes += [Change(ChangeKind.REMOVED_TILTAK, t.navn, t.segment, forrige=t.navn, aktor=t.aktor)
                for t in previous.tiltak if tiltak_key(t.navn) not in now_keys]
    shown = list(history[-trend_rounds:])
    rounds = (*(r.label for r in shown), now_label)
    statuses = [{tiltak_key(t.navn): t.status for t in r.tiltak} for r in shown]
    trend = {tiltak_key(t.navn): (*(s.get(tiltak_key(t.navn), "") for s in statuses), t.status) for t in current}
    return RoundChanges(previous, tuple(changes), rounds if len(history) >= 2 else (), trend if len(history) >= 2 else {})


def _tiltak_changes(old: Tiltak, new: Tiltak, form: FormSettings) -> list[Change]:
    layout = form.layout(new.segment)
    out: list[Change] = []

    def change(kind: ChangeKind, before: str, after: str, **more) -> None:
        out.append(Change(kind, new.navn, new.segment, before, after, **more))

    for key, kind in (("status", ChangeKind.STATUS), ("risiko", ChangeKind.RISIKO)):
        if key in layout.nokkelrader and getattr(old, key) != getattr(new, key):
            change(kind, getattr(old, key), getattr(new, key))
    if "sluttdato" in layout.nokkelrader and old.sluttdato != new.sluttdato:
        change(ChangeKind.SLUTTDATO, format_date(old.sluttdato), format_date(new.sluttdato), months=_shift(old.sluttdato, new.sluttdato))
    if "leveranser" in layout.seksjoner:
        for before, after in _match(old.leveranser, new.leveranser):
            out += _delivery_changes(new, before, after, form.vocabulary("levert")[0])
    return out


def _shift(old: date | None, new: date | None) -> int | None:
    return months_between(old, new) if old is not None and new is not None else None


def _delivery_changes(item: Tiltak, old: Leveranse | None, new: Leveranse | None, delivered: str) -> list[Change]:
    def change(kind: ChangeKind, before: str = "", after: str = "", **more) -> Change:
        return Change(kind, item.navn, item.segment, before, after, (new or old).navn, **more)

    if old is None:
        return [change(ChangeKind.NEW_DELIVERY, after=new.navn)]
    if new is None:
        return [change(ChangeKind.REMOVED_DELIVERY, before=old.navn)]
    out = []
    if tiltak_key(old.navn) != tiltak_key(new.navn):  # matched by likeness: an edited name
        out.append(change(ChangeKind.RENAMED_DELIVERY, old.navn, new.navn))
    if old.levert != new.levert:
        kind = ChangeKind.DELIVERED if new.levert == delivered else ChangeKind.ANSWER
        out.append(change(kind, old.levert, new.levert, sluttdato=format_date(new.sluttdato)))
    if old.sluttdato != new.sluttdato:
        out.append(change(ChangeKind.DELIVERY_DATE, format_date(old.sluttdato), format_date(new.sluttdato),
                          months=_shift(old.sluttdato, new.sluttdato)))
    return out


def _match(old: Sequence[Leveranse], new: Sequence[Leveranse]) -> list[tuple[Leveranse | None, Leveranse | None]]:
    """Pairs (previous, now) in this round's order, then removed ones; ``None`` on the side without it."""
    pairs: dict[int, int] = {}  # new index -> old index
    free_old = list(range(len(old)))
    for j, lev in enumerate(new):  # the same name (case and spacing ignored), repeated names in order
        hit = next((i for i in free_old if tiltak_key(old[i].navn) == tiltak_key(lev.navn)), None)
        if hit is not None:
            pairs[j] = hit
            free_old.remove(hit)
    free_new = [j for j in range(len(new)) if j not in pairs]
    for j, i in _similar(free_new, free_old, lambda j: new[j].navn, lambda i: old[i].navn):
        pairs[j] = i
    used = set(pairs.values())
    return ([(old[pairs[j]] if j in pairs else None, lev) for j, lev in enumerate(new)]
            + [(lev, None) for i, lev in enumerate(old) if i not in used])


def _similar(news: list[int], olds: list[int], new_name, old_name) -> Iterable[tuple[int, int]]:
    """(new, old) pairs whose names are alike, each the other's single best match."""
    def ratio(j: int, i: int) -> float:
        return difflib.SequenceMatcher(None, tiltak_key(new_name(j)), tiltak_key(old_name(i))).ratio()

    scores = {(j, i): ratio(j, i) for j in news for i in olds}

    def single_best(candidates: list[tuple[int, int]]) -> tuple[int, int] | None:
        ranked = sorted(candidates, key=lambda p: scores[p], reverse=True)
        if not ranked or scores[ranked[0]] < NAME_RATIO:
            return None
        if len(ranked) > 1 and scores[ranked[1]] == scores[ranked[0]]:
            return None  # ambiguous
        return ranked[0]

    for j in news:
        best = single_best([(j, i) for i in olds])
        if best is not None and single_best([(k, best[1]) for k in news]) == best:
            yield best


__all__ = ["ChangeKind", "Change", "Round", "RoundChanges", "compare_rounds", "months_between", "NAME_RATIO", "FIELD"]
