"""Counted nouns in Norwegian: «1 påminnelse», «2 påminnelser», «1 forventet tiltak er ikke mottatt».

Every count a user reads goes through :func:`counted`, so that the singular is never forgotten.
The count is written the Norwegian way, with a non-breaking space between thousands («1 200»).
"""

from __future__ import annotations

THOUSANDS_SPACE = "\u00a0"


def count_text(n: int) -> str:
    """``1200`` → ``1 200`` (non-breaking space), ``-3`` → ``-3``."""
    return f"{n:,}".replace(",", THOUSANDS_SPACE)


def counted(n: int, one: str, many: str) -> str:
    """``n`` followed by ``one`` when ``n`` is 1 (or -1), else ``many``: ``counted(2, "fil", "filer")`` → «2 filer».
    ``one``/``many`` may hold more than the noun («forventet tiltak er» / «forventede tiltak er»)."""
    return f"{count_text(n)} {one if abs(n) == 1 else many}"


__all__ = ["counted", "count_text"]
