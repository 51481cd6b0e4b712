"""Which submissions go into the document, and in what order (pure)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import TypeVar

from pipeline.models import Tiltak
from pipeline.settings import FormSettings, ReportSettings

T = TypeVar("T")


def tiltak_key(name: str) -> str:
    """Names compared for duplicates and ordering: case and spacing do not matter."""
    return " ".join(name.split()).casefold()


def order_key(tiltak: Tiltak, report: ReportSettings, form: FormSettings) -> tuple:
    """Segment order from the vocabulary, then the settings' order, then by name."""
    segments = form.vocabulary("segment")
    segment_index = segments.index(tiltak.segment) if tiltak.segment in segments else len(segments)
    listed = [tiltak_key(n) for n in report.rekkefolge.get(tiltak.segment, [])]
    key = tiltak_key(tiltak.navn)
    position = listed.index(key) if key in listed else len(listed)
    return (segment_index, position, key)


def ordered(items: Sequence[T], tiltak_of: Callable[[T], Tiltak], report: ReportSettings,
            form: FormSettings) -> list[T]:
    return sorted(items, key=lambda item: order_key(tiltak_of(item), report, form))


def duplicates(items: Sequence[T], tiltak_of: Callable[[T], Tiltak]) -> dict[str, list[T]]:
    """Tiltak names that occur more than once, each with all its items."""
    groups: dict[str, list[T]] = defaultdict(list)
    for item in items:
        groups[tiltak_key(tiltak_of(item).navn)].append(item)
    return {k: v for k, v in groups.items() if len(v) > 1}
