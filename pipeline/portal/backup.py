"""Backup and restore of a portal: one archive with a consistent copy of the database and every file of the
data folder (uploads, job outputs, the secret key), checked by SHA-256 on restore (docs/drift.md).

The database is copied first, then the files. The portal writes an upload's file before its row, so every
row in the copy has its file in the archive (a file newer than the copy is harmless). SQLite is copied with
SQLite's backup API while the portal runs; another database (PostgreSQL) and ``--som-json`` are dumped as
JSON with Django's ``dumpdata`` by the caller (:mod:`pipeline.portal.backupdb`).

No Django here: the caller passes the database dump and load as functions.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import tempfile
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

from pipeline.common.errors import PipelineError, reason
from pipeline.portal.archive import ArchiveError, extract_verified, write_archive

SQLITE_NAME = "portal.sqlite3"
#: The live database files, replaced in the archive by the consistent copy.
DATABASE_FILES = {SQLITE_NAME, f"{SQLITE_NAME}-wal", f"{SQLITE_NAME}-shm", f"{SQLITE_NAME}-journal"}
SQLITE_MEMBER = "database/portal.sqlite3"
JSON_MEMBER = "database/portal.json"
DATA_PREFIX = "data/"
SQLITE, JSON = "sqlite", "json"


class BackupError(PipelineError):
    """The backup or the restore cannot be made (Norwegian message); nothing was changed."""


@dataclass
class BackupSummary:
    archive: Path
    database: str
    files: int
    size: int
    #: Stored uploads the database names but the data folder lacks (the folder was damaged before).
    missing: list[str] = field(default_factory=list)


@dataclass
class RestoreSummary:
    data: Path
    database: str
    files: int
    #: Where the folder that was there before now is (``--overskriv``), or none.
    replaced: Path | None = None


def data_files(data: Path) -> list[tuple[str, Path]]:
    """Every plain file of the data folder by its relative name, without the live database files, files being
    written (``.*.tmp``) and symbolic links."""
    found = []
    for path in sorted(data.rglob("*")):
        relative = path.relative_to(data).as_posix()
        if path.is_symlink() or not path.is_file() or relative in DATABASE_FILES:
            continue
        if path.name.startswith(".") and path.name.endswith(".tmp"):
            continue
        found.append((relative, path))
    return found


def sqlite_snapshot(database: Path, copy: Path) -> None:
    """A consistent copy of a live SQLite database (SQLite's backup API), as one file without a journal."""
    if not database.is_file():
        raise BackupError(f"Fant ikke databasen {database}. Er dette datamappen til en portal?")
    source = sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=30)
    target = sqlite3.connect(copy)
    try:
        source.backup(target)
        target.execute("PRAGMA journal_mode=DELETE")
        target.commit()
    except sqlite3.Error as exc:
        raise BackupError(f"Kan ikke kopiere databasen {database}: {exc}.") from None
    finally:
        target.close()
        source.close()


def stored_names_sqlite(copy: Path) -> set[str]:
    connection = sqlite3.connect(copy)
    try:
        return {row[0] for row in connection.execute("SELECT lagret_som FROM portal_innsending")}
    except sqlite3.Error:
        return set()
    finally:
        connection.close()


def stored_names_json(dump: Path) -> set[str]:
    rows = json.loads(dump.read_text(encoding="utf-8"))
    return {r["fields"]["lagret_som"] for r in rows if r.get("model") == "portal.innsending"}


def check_output(data: Path, output: Path) -> None:
    if not data.is_dir():
        raise BackupError(f"Fant ikke datamappen {data}.")
    if output.resolve().is_relative_to(data.resolve()):
        raise BackupError(f"Legg sikkerhetskopien utenfor datamappen ({output} ligger i {data}).")
    if output.exists():
        raise BackupError(f"{output} finnes allerede og overskrives ikke. Velg et nytt filnavn med -o.")


def make_backup(data: Path, output: Path, *, dump: Callable[[Path], None] | None = None) -> BackupSummary:
    """Write the backup of ``data`` to ``output``. ``dump(path)`` writes the database as JSON; without it the
    SQLite database of the data folder is copied."""
    check_output(data, output)
    with tempfile.TemporaryDirectory(prefix="portal-sikkerhetskopi-") as folder:
        if dump is None:
            copy, member, kind = Path(folder) / SQLITE_NAME, SQLITE_MEMBER, SQLITE
            sqlite_snapshot(data / SQLITE_NAME, copy)
            referenced = stored_names_sqlite(copy)
        else:
            copy, member, kind = Path(folder) / "portal.json", JSON_MEMBER, JSON
            dump(copy)
            referenced = stored_names_json(copy)
        files = data_files(data)  # after the database: every row's file is already on disk
        names = {relative for relative, _ in files}
        missing = sorted(n for n in referenced if f"filer/{n}" not in names)
        meta = {"program": "innrapportering portal", "laget": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                "database": kind, "mangler": missing}
        try:
            entries = write_archive(output, [(member, copy)] + [(DATA_PREFIX + r, p) for r, p in files], meta)
        except ArchiveError as exc:
            raise BackupError(str(exc)) from None
    return BackupSummary(output, kind, len(files), sum(e.size for e in entries), missing)


def _check_target(data: Path, overwrite: bool) -> None:
    if data.exists() and not data.is_dir():
        raise BackupError(f"{data} er en fil, ikke en mappe.")
    if data.is_dir() and any(data.iterdir()) and not overwrite:
        raise BackupError(f"Datamappen {data} er ikke tom. Gjenopprett til en ny mappe, eller bruk --overskriv "
                          "(da flyttes det som ligger der, til en mappe ved siden av).")


def _swap(ready: Path, data: Path) -> Path | None:
    """Put ``ready`` where ``data`` is; what was there is moved aside (never deleted)."""
    replaced = None
    if data.is_dir() and any(data.iterdir()):
        stamp = datetime.now().strftime("%Y-%m-%dT%H%M%S")
        replaced = data.with_name(f"{data.name}.erstattet-{stamp}")
        os.rename(data, replaced)
    elif data.is_dir():
        data.rmdir()
    os.rename(ready, data)
    return replaced


def restore(archive: Path, data: Path, *, overwrite: bool = False, external_database: bool = False,
            load: Callable[[Path, Path], None] | None = None) -> RestoreSummary:
    """Restore ``archive`` into ``data``. Everything is checked in a folder beside ``data`` first; only a
    complete, unchanged backup replaces anything. ``load(folder, dump)`` loads a JSON database (the folder is
    the restored data folder); ``external_database`` says the portal uses ``DATABASE_URL``, which a SQLite
    copy cannot fill."""
    _check_target(data, overwrite)
    try:
        data.parent.mkdir(parents=True, exist_ok=True)
        staging = data.parent / f".{data.name}.gjenoppretter-{uuid.uuid4().hex[:8]}"
        staging.mkdir(mode=0o700)
    except OSError as exc:
        raise BackupError(f"Kan ikke skrive i mappen {data.parent}: {reason(exc)}.") from None
    try:
        manifest = extract_verified(archive, staging)
        kind = manifest.get("database")
        ready = staging / DATA_PREFIX.rstrip("/")
        ready.mkdir(exist_ok=True)
        if kind == SQLITE:
            if external_database:
                raise BackupError(f"{archive} har en SQLite-database, men DATABASE_URL er satt. Gjenopprett uten "
                                  "DATABASE_URL, eller ta en sikkerhetskopi med --som-json.")
            _sqlite_ok(staging / SQLITE_MEMBER)
            os.rename(staging / SQLITE_MEMBER, ready / SQLITE_NAME)
        elif kind == JSON and load is not None:
            load(ready, staging / JSON_MEMBER)
        else:
            raise BackupError(f"{archive}: ukjent databaseform {kind!r} i manifest.json.")
        replaced = _swap(ready, data)
    except ArchiveError as exc:
        raise BackupError(f"{exc} Ingenting er gjenopprettet.") from None
    except OSError as exc:
        raise BackupError(f"Kan ikke gjenopprette til {data}: {reason(exc)}.") from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return RestoreSummary(data, kind, len(manifest["filer"]) - 1, replaced)


def _sqlite_ok(path: Path) -> None:
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        result = connection.execute("PRAGMA integrity_check").fetchone()[0]
    except sqlite3.Error as exc:
        result = str(exc)
    finally:
        connection.close()
    if result != "ok":
        raise BackupError(f"Databasen i sikkerhetskopien er skadet ({result}). Ingenting er gjenopprettet.")
