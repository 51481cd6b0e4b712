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

BACKUP_WORD = "sikkerhetskopi"


def backup_name(path: Path, when: datetime, number: int = 1) -> Path:
    """``Vedlegg2.docx`` → ``Vedlegg2.sikkerhetskopi-2026-11-25T1012.docx`` (``-2`` … for ``number`` > 1)."""
    extra = f"-{number}" if number > 1 else ""
    return path.with_name(f"{path.stem}.{BACKUP_WORD}-{when:%Y-%m-%dT%H%M}{extra}{path.suffix}")


def free_backup_name(path: Path, when: datetime | None = None) -> Path:
    """The first backup name beside ``path`` that is not taken (for a backup written with other files)."""
    when = when or datetime.now()
    for number in range(1, 1000):
        candidate = backup_name(Path(path), when, number)
        if not candidate.exists():
            return candidate
    raise OutputError(f"Fant ikke et ledig navn for sikkerhetskopien av {path}. Rydd i sikkerhetskopiene ved siden av.")


def keep_backup(path: Path, when: datetime | None = None) -> Path:
    """Copy ``path`` to a new backup beside it; returns the backup. :class:`OutputError` when it cannot."""
    path = Path(path)
    when = when or datetime.now()
    for number in range(1, 1000):
        candidate = backup_name(path, when, number)
        created = False
        try:
            with open(path, "rb") as source:
                with open(candidate, "xb") as target:
                    created = True
                    shutil.copyfileobj(source, target)
        except FileExistsError:
            continue
        except OSError as exc:
            if created:  # only ever remove the half-written copy this call made
                candidate.unlink(missing_ok=True)
            raise OutputError(f"Kan ikke ta sikkerhetskopi av {path} ({candidate.name}): {reason(exc)}. "
                              "Ingenting er erstattet.") from exc
        shutil.copystat(path, candidate)
        return candidate
    raise OutputError(f"Fant ikke et ledig navn for sikkerhetskopien av {path}. Rydd i sikkerhetskopiene ved siden av.")
