"""Which tiltak is which: the one name key every stage compares tiltak by (duplicates, ordering, the
expected list, earlier rounds). It lives in the contract so that read, validate, summary, word and merge
all use the same key."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import TypeVar

from pipeline.contract.models import Tiltak

T = TypeVar("T")


def tiltak_key(name: str) -> str:
    """Names compared for duplicates and ordering: case and spacing do not matter."""
    return " ".join(name.split()).casefold()


def duplicates(items: Sequence[T], tiltak_of: Callable[[T], Tiltak]) -> dict[str, list[T]]:
    """Tiltak names that occur more than once, each with all its items."""
    groups: dict[str, list[T]] = defaultdict(list)
    for item in items:
        groups[tiltak_key(tiltak_of(item).navn)].append(item)
    return {k: v for k, v in groups.items() if len(v) > 1}
