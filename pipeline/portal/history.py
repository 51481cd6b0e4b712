"""The portal's own history of rounds: every export kept in the database (:class:`Eksport`).

A finished merge job keeps its export as the round's export (the newest is the round's current one). When a
round is made, earlier rounds given as files (``--forrige``, or ``forrige`` in rapport.toml) are read once with
the library's history loading and kept too. A round's history is then: what every round up to it read from
files, and the current export of every round made before it, as far as they are from an earlier period than the
round's own (what the round itself was given from files always counts); one per period, the later one winning. The
newest of them prefills the workbooks and gives «endret siden forrige runde»; all of them go to the merge as
earlier rounds (Statusutvikling), written as the archive folder ``merge`` reads (``forrige = "mappe"``).
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from pipeline import api
from pipeline.portal.models import Eksport, Jobb, Runde


def _month_before(day: date) -> tuple[int, int]:
    return (day.year, day.month - 1) if day.month > 1 else (day.year - 1, 12)


def keep_read_rounds(runde: Runde, rounds: list[api.EarlierRound], source: str) -> None:
    """Keep the earlier rounds read from ``source`` when ``runde`` was made. One export without a period
    (``--forrige vedlegg2.json``) is this round's previous round: it is placed in the month before the round."""
    for r in rounds:
        year, month = r.key or _month_before(runde.rapportdato)
        Eksport.objects.create(runde=runde, slag=Eksport.Slag.FORRIGE, periode=r.label, ar=year, maned=month,
                               data=json.dumps(r.records, ensure_ascii=False), kilde=source)


def keep_job_export(jobb: Jobb, path: Path) -> Eksport:
    """Keep the export a finished job wrote, read with the library's one reader, as the round's export."""
    runde = jobb.runde
    records = api.read_export(path)
    return Eksport.objects.create(runde=runde, slag=Eksport.Slag.RUNDE, jobb=jobb, periode=runde.periode,
                                  ar=runde.rapportdato.year, maned=runde.rapportdato.month,
                                  data=json.dumps(records, ensure_ascii=False), kilde=f"jobb {jobb.pk}")


def current_export(runde: Runde) -> Eksport | None:
    """The round's own export from its newest finished job; ``None`` before any."""
    return runde.eksporter.filter(slag=Eksport.Slag.RUNDE).order_by("-opprettet", "-id").first()


def _chosen(runde: Runde) -> list[Eksport]:
    """The exports of the round's history, oldest period first (see the module text); their data not yet read."""
    chosen: dict[tuple[int, int], Eksport] = {}
    now = (runde.rapportdato.year, runde.rapportdato.month)
    for other in Runde.objects.filter(pk__lte=runde.pk).order_by("id"):  # made before it, and itself
        kept = other.eksporter.defer("data")
        found = list(kept.filter(slag=Eksport.Slag.FORRIGE).order_by("opprettet", "id"))
        own = kept.filter(slag=Eksport.Slag.RUNDE).order_by("-opprettet", "-id").first() if other.pk != runde.pk else None
        for item in [*found, *([own] if own else [])]:
            if other.pk == runde.pk or (item.ar, item.maned) < now:  # another round's: only earlier periods
                chosen[(item.ar, item.maned)] = item
    return [e for _, e in sorted(chosen.items(), key=lambda pair: pair[0])]


def earlier_rounds(runde: Runde) -> list[api.EarlierRound]:
    """The round's history, oldest first (see the module text)."""
    return [api.EarlierRound(e.periode, (e.ar, e.maned), e.records()) for e in _chosen(runde)]


def labels(runde: Runde) -> list[str]:
    """The periods of the round's history, oldest first (no export read)."""
    return [e.periode for e in _chosen(runde)]


def previous_records(runde: Runde) -> list[dict]:
    """The newest earlier round's records (prefilled workbooks, «endret siden forrige runde»); none without.
    Only that export is read."""
    chosen = _chosen(runde)
    return chosen[-1].records() if chosen else []


def write_for_merge(runde: Runde, folder: Path) -> Path | None:
    """The round's history written for ``merge`` (what to give as ``forrige``); ``None`` without history."""
    return api.write_rounds(earlier_rounds(runde), folder)
