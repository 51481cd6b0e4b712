"""``portal sikkerhetskopi`` and ``portal gjenopprett``: the commands, and the database as JSON through Django
(``dumpdata``/``loaddata``) for PostgreSQL and ``--som-json``. The archive itself: :mod:`pipeline.portal.backup`."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from pipeline.common.errors import EXIT_OK
from pipeline.portal.backup import BackupError, check_output, make_backup, restore

#: Made again by ``migrate`` in every database; left out of the dump.
NOT_DUMPED = ["contenttypes", "auth.permission"]


def _django(data: Path) -> None:
    from pipeline.portal.bootstrap import PortalUnavailable, start_django

    try:
        start_django(data)
    except PortalUnavailable as exc:
        raise BackupError(str(exc)) from None


def dump(path: Path) -> None:
    """The whole database as JSON (times to the microsecond; foreign keys to content types and permissions by
    their natural keys)."""
    from django.core import serializers
    from django.core.management import call_command

    serializers.register_serializer("portaljson", "pipeline.portal.fulljson")
    call_command("dumpdata", format="portaljson", natural_foreign=True, exclude=NOT_DUMPED, output=str(path),
                 verbosity=0)


def has_rows() -> bool:
    from django.contrib.auth.models import User

    from pipeline.portal.models import Aktor, Innsending, Logghendelse, Runde

    return any(m.objects.exists() for m in (Runde, Aktor, Innsending, Logghendelse, User))


def loader(overwrite: bool):
    """``load(folder, dump)`` for :func:`restore`: Django for the restored folder (and ``DATABASE_URL``), then
    the dump in one transaction; a database with rows is only emptied with ``--overskriv``."""
    def load(folder: Path, dump_path: Path) -> None:
        _django(folder)
        from django.core.management import call_command
        from django.db import connections, transaction

        try:
            with transaction.atomic():
                if has_rows():
                    if not overwrite:
                        raise BackupError("Databasen (DATABASE_URL) har data fra før. Bruk en tom database, eller "
                                          "--overskriv for å erstatte innholdet.")
                    call_command("flush", interactive=False, verbosity=0)
                call_command("loaddata", str(dump_path), verbosity=0)
        finally:
            connections.close_all()
    return load


def _files(count: int) -> str:
    return f"{count} fil" if count == 1 else f"{count} filer"


def run_backup(args) -> int:
    check_output(args.data, args.output)
    as_json = args.som_json or bool(os.environ.get("DATABASE_URL"))
    if as_json:
        _django(args.data)
    summary = make_backup(args.data, args.output, dump=dump if as_json else None)
    size = f"{summary.size / 1_000_000:.1f}".replace(".", ",")
    database = "SQLite-databasen" if summary.database == "sqlite" else "databasen (JSON)"
    print(f"Skrev sikkerhetskopien {summary.archive}: {database} og {_files(summary.files)} ({size} MB).")
    if summary.missing:
        print(f"Advarsel: {len(summary.missing)} opplastede filer som databasen viser til, manglet allerede i "
              f"datamappen: " + ", ".join(summary.missing[:5]) + (" …" if len(summary.missing) > 5 else ""),
              file=sys.stderr)
    return EXIT_OK


def run_restore(args) -> int:
    external = bool(os.environ.get("DATABASE_URL"))
    summary = restore(args.arkiv, args.data, overwrite=args.overskriv, external_database=external,
                      load=loader(args.overskriv))
    print(f"Gjenopprettet databasen og {_files(summary.files)} til {summary.data}. Start portalen med: "
          f"innrapportering portal start --data {summary.data}")
    if summary.replaced is not None:
        print(f"Det som lå i {summary.data} fra før, er flyttet til {summary.replaced}.", file=sys.stderr)
    return EXIT_OK
