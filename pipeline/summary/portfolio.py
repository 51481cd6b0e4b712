"""Which submissions go into the document, and in what order (pure)."""

from __future__ import annotations

from dataclasses import dataclass, field
from collections.abc import Callable, Sequence
from typing import TypeVar

from pipeline.contract.identity import tiltak_key
from pipeline.contract.models import Tiltak
from pipeline.contract.settings import ExpectedTiltak, FormSettings, ReportSettings

T = TypeVar("T")


def listed_order(report: ReportSettings, segment: str) -> list[str]:
    """The settings' order for a segment: ``rekkefolge``, else the order of ``forventet``."""
    names = report.rekkefolge.get(segment) or [e.navn for e in report.forventet if e.segment == segment]
    return [tiltak_key(n) for n in names]


def order_key(tiltak: Tiltak, report: ReportSettings, form: FormSettings) -> tuple:
    """Segment order from the vocabulary, then the settings' order, then by name."""
    segments = form.vocabulary("segment")
    segment_index = segments.index(tiltak.segment) if tiltak.segment in segments else len(segments)
    listed = listed_order(report, tiltak.segment)
    key = tiltak_key(tiltak.navn)
    position = listed.index(key) if key in listed else len(listed)
    return (segment_index, position, key)


def ordered(items: Sequence[T], tiltak_of: Callable[[T], Tiltak], report: ReportSettings,
            form: FormSettings) -> list[T]:
    return sorted(items, key=lambda item: order_key(tiltak_of(item), report, form))


@dataclass
class ExpectedCheck:
    """Expected tiltak that did not arrive, and submissions nobody expected."""

    missing: list[ExpectedTiltak] = field(default_factory=list)
    unexpected: list[str] = field(default_factory=list)  # tiltak names as submitted


def check_expected(received: Sequence[Tiltak], report: ReportSettings) -> ExpectedCheck:
    """Compare received tiltak (readable submissions) with ``report.forventet`` (empty: no check)."""
    if not report.forventet:
        return ExpectedCheck()
    expected = {tiltak_key(e.navn) for e in report.forventet}
    got = {tiltak_key(t.navn) for t in received}
    return ExpectedCheck(
        missing=[e for e in report.forventet if tiltak_key(e.navn) not in got],
        unexpected=[t.navn for t in received if tiltak_key(t.navn) not in expected],
    )


def group_by_segment(tiltak: Sequence[Tiltak], segments: Sequence[str]) -> list[tuple[str, list[tuple[int, Tiltak]]]]:
    """(segment, [(index in ``tiltak``, tiltak)]) in segment order; empty segments left out."""
    groups: dict[str, list[tuple[int, Tiltak]]] = {segment: [] for segment in segments}
    for index, item in enumerate(tiltak):
        if item.segment not in groups:
            raise ValueError(f"Tiltaket «{item.navn}» har ukjent segment «{item.segment}».")
        groups[item.segment].append((index, item))
    return [(segment, items) for segment, items in groups.items() if items]
