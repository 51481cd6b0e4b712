"""Output folders the user typed: a mistyped path must not silently grow a whole new tree."""

from __future__ import annotations

from pathlib import Path

from pipeline.cli.errors import UsageError


def prepare_folder(folder: Path) -> str | None:
    """Make sure ``folder`` (given with ``-o``) exists. Only the last level is made, and the returned note
    says so (``None`` when it was there); when its parent is missing too, :class:`UsageError` and nothing
    is made (``-o /nyy/mappe/V.docx`` is more likely a typing mistake than a wish for two new folders)."""
    folder = Path(folder)
    if folder.is_dir():
        return None
    if folder.exists() or folder.parent.exists() and not folder.parent.is_dir():
        return None  # a file where a folder should be: writing says so, with the reason
    if not folder.parent.exists():
        raise UsageError(f"Mappen {folder} finnes ikke, og heller ikke {folder.parent}. Sjekk stien (skrivefeil?), "
                         "eller lag mappene først: bare én manglende mappe lages av seg selv. Ingenting er skrevet.")
    folder.mkdir()
    return f"Lagde mappen {folder}."


def announce(note: str | None) -> None:
    """Print the note of :func:`prepare_folder` (nothing when there is none)."""
    if note:
        print(note)
