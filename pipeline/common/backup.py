"""Keep a copy of a file before it is replaced: ``Vedlegg2.sikkerhetskopi-2026-11-25T1012.docx``.

A backup never replaces an earlier one: when the name is taken (two runs in the same minute), ``-2``,
``-3`` … is added. The copy is made with exclusive creation, so even a race cannot overwrite one.
"""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

from pipeline.common.atomic import OutputError
from pipeline.common.errors import reason
from pipeline.common.freename import create_free, first_free

BACKUP_WORD = "sikkerhetskopi"


def backup_name(path: Path, when: datetime, number: int = 1) -> Path:
    """``Vedlegg2.docx`` → ``Vedlegg2.sikkerhetskopi-2026-11-25T1012.docx`` (``-2`` … for ``number`` > 1)."""
    extra = f"-{number}" if number > 1 else ""
    return path.with_name(f"{path.stem}.{BACKUP_WORD}-{when:%Y-%m-%dT%H%M}{extra}{path.suffix}")


def free_backup_name(path: Path, when: datetime | None = None) -> Path:
    """The first backup name beside ``path`` that is not taken (for a backup written with other files)."""
    when = when or datetime.now()
    found = first_free(lambda number: backup_name(Path(path), when, number))
    if found is None:
        raise OutputError(f"Fant ikke et ledig navn for sikkerhetskopien av {path}. Rydd i sikkerhetskopiene ved "
                          "siden av.")
    return found


def keep_backup(path: Path, when: datetime | None = None) -> Path:
    """Copy ``path`` to a new backup beside it; returns the backup. :class:`OutputError` when it cannot."""
    path = Path(path)
    when = when or datetime.now()
    tried = backup_name(path, when)
    try:
        with open(path, "rb") as source:
            def copy(target) -> None:
                nonlocal tried
                tried = Path(target.name)
                shutil.copyfileobj(source, target)
            candidate = create_free(lambda number: backup_name(path, when, number), copy)
    except OSError as exc:
        raise OutputError(f"Kan ikke ta sikkerhetskopi av {path} ({tried.name}): {reason(exc)}. "
                          "Ingenting er erstattet.") from exc
    if candidate is None:
        raise OutputError(f"Fant ikke et ledig navn for sikkerhetskopien av {path}. Rydd i sikkerhetskopiene ved "
                          "siden av.")
    shutil.copystat(path, candidate)
    return candidate
