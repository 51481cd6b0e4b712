"""A small stage timer for the merge (and validate), read by ``bench/bench.py``.

Stages are timed with :func:`stage` (wall time, accumulated per name, in the
order first seen); :func:`add` adds time measured elsewhere (e.g. the sum of
per-file read times from the worker processes). When the environment variable
``INNRAPPORTERING_TIMINGS`` names a file, :func:`write` puts the timings there
as JSON; without it nothing is written and the timer costs next to nothing.
With the variable set, the file is written when the main process exits, so both
``validate`` and ``merge`` report without any code in the command line.
"""

from __future__ import annotations

import atexit
import json
import os
import resource
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ENV_VAR = "INNRAPPORTERING_TIMINGS"

_stages: dict[str, float] = {}
_counts: dict[str, float] = {}


def reset() -> None:
    _stages.clear()
    _counts.clear()


@contextmanager
def stage(name: str) -> Iterator[None]:
    """Time the ``with`` block and add it to stage ``name``."""
    start = time.perf_counter()
    try:
        yield
    finally:
        add(name, time.perf_counter() - start)


def add(name: str, seconds: float) -> None:
    _stages[name] = _stages.get(name, 0.0) + seconds


def count(name: str, value: float) -> None:
    """Record a number that is not a time (files, workers …)."""
    _counts[name] = value


def snapshot() -> dict[str, object]:
    """Stages (seconds), counts and peak memory (MB) of this process and its finished children."""
    scale = 1024 * 1024 if sys.platform == "darwin" else 1024  # ru_maxrss: bytes on macOS, KiB on Linux
    return {
        "stages": dict(_stages),
        "counts": dict(_counts),
        "maxrss_self_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / scale,
        "maxrss_children_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / scale,
    }


def write(path: str | os.PathLike | None = None) -> Path | None:
    """Write :func:`snapshot` as JSON to ``path`` (default: ``$INNRAPPORTERING_TIMINGS``); never raises."""
    target = path or os.environ.get(ENV_VAR)
    if not target:
        return None
    try:
        Path(target).write_text(json.dumps(snapshot(), indent=1), encoding="utf-8")
    except OSError:
        return None
    return Path(target)


def _write_at_exit() -> None:
    import multiprocessing

    if multiprocessing.parent_process() is None:  # never from a worker process
        write()


if os.environ.get(ENV_VAR):
    atexit.register(_write_at_exit)
