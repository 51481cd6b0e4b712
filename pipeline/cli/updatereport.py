"""The console report of ``merge --oppdater`` (Norwegian), from :class:`pipeline.merge.update.UpdateSummary`."""

from __future__ import annotations

from pipeline.common.counted import counted
from pipeline.word.regions import RegionKind
from pipeline.word.update import ChapterChange


def update_text(summary) -> str:
    """One line per region that changed or was edited (with why it was made again), then the totals and
    the extra files."""
    lines = [f"Oppdatering av {summary.edited.name} (uendrede kapitler som ingen har redigert, står bare i "
             "flettingsrapporten):"]
    for change in summary.changes:
        if change.kind is RegionKind.TOC or (change.change is ChapterChange.UNCHANGED and not change.edited and not change.note):
            continue
        what = {RegionKind.SEGMENT: f"Segment {change.name}"}.get(change.kind, change.name)
        extra = ", redigert" if change.edited and change.change is ChapterChange.UNCHANGED else ""
        note = f" ({change.explanation()})" if change.explanation() else ""
        lines.append(f"  {change.change.value:<34} {what}{extra}{note}")
    counts = {c: sum(1 for x in summary.changes if x.kind is RegionKind.TILTAK and x.change is c) for c in ChapterChange}
    lines.append("  Tiltak: " + ", ".join(counted(n, c.value, "nye" if c is ChapterChange.NEW else c.value)
                                          for c, n in counts.items() if n))
    if summary.side_file:
        lines.append(f"Redaktørenes versjon av det som er laget på nytt eller fjernet: {summary.side_file}")
    if summary.backup:
        lines.append(f"Forrige versjon er tatt vare på som {summary.backup}")
    return "\n".join(lines)
