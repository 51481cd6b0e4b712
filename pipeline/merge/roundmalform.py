"""The written standard each actor's workbook had in the earlier rounds, for the reminders (docs/malform.md).

``merge`` writes ``merge-rapport.json`` beside every export, and its row for a workbook that declares a
standard (``Mal_Malform``) carries ``"malform"``. For each round given (``--forrige`` or ``forrige``), the
report beside its export is read; the latest round that says something wins. A round without a readable
report says nothing (bokmål remains the default).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.common.malform import Malform, parse_malform
from pipeline.contract.identity import tiltak_key
from pipeline.summary.changes import Round
from pipeline.validate.malformchoice import actor_key

REPORT_NAME = "merge-rapport.json"  # the same name as pipeline.merge.report.REPORT_JSON


@dataclass(frozen=True)
class EarlierMalforms:
    """The standard of each tiltak's workbook and each actor's workbooks in the earlier rounds."""

    by_tiltak: dict[str, Malform] = field(default_factory=dict)  # tiltak_key -> standard
    by_actor: dict[str, Malform] = field(default_factory=dict)  # actor_key -> standard

    def of(self, navn: str, aktor: str) -> Malform | None:
        """The tiltak's own workbook's standard, else the standard of the actor's workbooks; None when unknown."""
        return self.by_tiltak.get(tiltak_key(navn)) or self.by_actor.get(actor_key(aktor))


def _rows(report: Path) -> list[dict]:
    try:
        data = json.loads(report.read_text(encoding="utf-8"))
        rows = data.get("filer")
    except (OSError, ValueError, AttributeError):
        return []
    return [r for r in rows if isinstance(r, dict)] if isinstance(rows, list) else []


def earlier_malforms(history: Sequence[Round]) -> EarlierMalforms:
    """What the merge reports beside the rounds' exports say (rounds oldest first, the latest wins)."""
    found = EarlierMalforms()
    for earlier in reversed(history):
        if not earlier.source:
            continue
        for row in _rows(Path(earlier.source).parent / REPORT_NAME):
            malform = parse_malform(row.get("malform"))
            if malform is None:
                continue
            if str(row.get("tiltak", "")).strip():
                found.by_tiltak.setdefault(tiltak_key(str(row["tiltak"])), malform)
            if str(row.get("aktor", "")).strip():
                found.by_actor.setdefault(actor_key(str(row["aktor"])), malform)
    return found
