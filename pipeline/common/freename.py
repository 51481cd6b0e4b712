"""The one way to find a free file name: try the numbered candidates in order, take the first that is not
there. With :func:`create_free` the file is created exclusively (``open(…, "xb")``), so two runs at the same
moment never get the same name; :func:`first_free` only looks (for a name written later with other files)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

LIMIT = 1000


def first_free(candidate: Callable[[int], Path], limit: int = LIMIT) -> Path | None:
    """The first ``candidate(n)`` (n = 1, 2, …) that does not exist; ``None`` after ``limit`` tries."""
    for number in range(1, limit + 1):
        path = candidate(number)
        if not path.exists():
            return path
    return None


def create_free(candidate: Callable[[int], Path], write: Callable[[BinaryIO], None],
                limit: int = LIMIT) -> Path | None:
    """Create the first free ``candidate(n)`` exclusively and ``write`` into it; ``None`` after ``limit``
    tries. When ``write`` fails, the half-written file this call made is removed and the error raised."""
    for number in range(1, limit + 1):
        path = candidate(number)
        try:
            handle = open(path, "xb")
        except FileExistsError:
            continue
        try:
            with handle:
                write(handle)
        except BaseException:
            path.unlink(missing_ok=True)
            raise
        return path
    return None
