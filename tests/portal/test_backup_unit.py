"""pipeline.portal.backup without a running portal: what goes into the archive, the order (database first),
and how a restore is refused or put in place."""

from __future__ import annotations

import json
import sqlite3
import tarfile

import pytest

from pipeline.portal import backup
from pipeline.portal.backup import BackupError, data_files, make_backup, restore


def _folder(tmp_path, stored=("a.bin",), files=("a.bin",)):
    data = tmp_path / "data"
    (data / "filer").mkdir(parents=True)
    db = sqlite3.connect(data / "portal.sqlite3")
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("CREATE TABLE portal_innsending (id INTEGER PRIMARY KEY, lagret_som TEXT)")
    db.executemany("INSERT INTO portal_innsending (lagret_som) VALUES (?)", [(s,) for s in stored])
    db.commit()
    db.close()
    for name in files:
        (data / "filer" / name).write_bytes(name.encode() * 3)
    (data / "hemmelig-nokkel").write_text("nokkel")
    (data / "jobber" / "1" / "ut").mkdir(parents=True)
    (data / "jobber" / "1" / "ut" / "Vedlegg2.docx").write_bytes(b"PK docx")
    return data


def _names(archive) -> list[str]:
    with tarfile.open(archive, "r:gz") as tar:
        return tar.getnames()


def test_data_files_leave_out_the_live_database_files_in_progress_and_links(tmp_path):
    data = _folder(tmp_path)
    for name in ("portal.sqlite3-wal", "portal.sqlite3-shm", "portal.sqlite3-journal"):
        (data / name).write_bytes(b"x")
    (data / "filer" / ".b.bin.tmp").write_bytes(b"halv")
    (data / "filer" / "lenke.bin").symlink_to(data / "hemmelig-nokkel")
    (data / "filer" / "b.tmp").write_bytes(b"vanlig")
    (data / "under").mkdir()
    (data / "under" / "portal.sqlite3").write_bytes(b"ikke databasen")
    assert [r for r, _ in data_files(data)] == ["filer/a.bin", "filer/b.tmp", "hemmelig-nokkel",
                                                 "jobber/1/ut/Vedlegg2.docx", "under/portal.sqlite3"]
    assert dict(data_files(data))["filer/a.bin"] == data / "filer" / "a.bin"


def test_the_archive_holds_the_database_copy_every_file_and_the_manifest(tmp_path):
    data = _folder(tmp_path)
    summary = make_backup(data, tmp_path / "kopi.tar.gz")
    assert summary.database == "sqlite" and summary.files == 3 and summary.missing == []
    assert summary.archive == tmp_path / "kopi.tar.gz" and summary.size > 0
    assert _names(summary.archive) == ["database/portal.sqlite3", "data/filer/a.bin", "data/hemmelig-nokkel",
                                       "data/jobber/1/ut/Vedlegg2.docx", "manifest.json"]
    with tarfile.open(summary.archive, "r:gz") as tar:
        manifest = json.loads(tar.extractfile("manifest.json").read())
    assert manifest["database"] == "sqlite" and manifest["mangler"] == [] and manifest["laget"].endswith("+00:00")
    assert manifest["program"] == "innrapportering portal"
    assert summary.size == sum(e["storrelse"] for e in manifest["filer"])


def test_a_file_the_database_names_but_the_folder_lacks_is_reported(tmp_path):
    data = _folder(tmp_path, stored=("a.bin", "borte.bin"))
    summary = make_backup(data, tmp_path / "kopi.tar.gz")
    assert summary.missing == ["borte.bin"]


def test_the_database_is_copied_before_the_files_are_listed(tmp_path, monkeypatch):
    data = _folder(tmp_path)
    order = []
    real_snapshot, real_files = backup.sqlite_snapshot, backup.data_files
    monkeypatch.setattr(backup, "sqlite_snapshot", lambda *a: (order.append("database"), real_snapshot(*a)))
    monkeypatch.setattr(backup, "data_files", lambda *a: (order.append("files"), real_files(*a))[1])
    make_backup(data, tmp_path / "kopi.tar.gz")
    assert order == ["database", "files"]


def test_a_json_dump_is_used_when_given(tmp_path):
    data = _folder(tmp_path)
    rows = [{"model": "portal.innsending", "pk": 1, "fields": {"lagret_som": "a.bin"}},
            {"model": "portal.innsending", "pk": 2, "fields": {"lagret_som": "mangler.bin"}},
            {"model": "portal.runde", "pk": 1, "fields": {"lagret_som": "ikke en fil"}}]
    summary = make_backup(data, tmp_path / "kopi.tar.gz", dump=lambda p: p.write_text(json.dumps(rows)))
    assert summary.database == "json" and summary.missing == ["mangler.bin"]
    assert _names(summary.archive)[0] == "database/portal.json"
    loaded = {}
    restored = restore(summary.archive, tmp_path / "ny", load=lambda folder, dump: loaded.update(
        folder=folder.name, rows=json.loads(dump.read_text())))
    assert loaded["rows"] == rows and restored.database == "json" and restored.files == 3
    assert not (tmp_path / "ny" / "portal.sqlite3").exists() and (tmp_path / "ny" / "hemmelig-nokkel").exists()


def test_a_restore_gives_the_same_database_and_files(tmp_path):
    data = _folder(tmp_path)
    archive = make_backup(data, tmp_path / "kopi.tar.gz").archive
    summary = restore(archive, tmp_path / "ny")
    target = tmp_path / "ny"
    assert summary.data == target and summary.database == "sqlite" and summary.files == 3 and summary.replaced is None
    assert sorted(r for r, _ in data_files(target)) == sorted(r for r, _ in data_files(data))
    for relative, path in data_files(data):
        assert (target / relative).read_bytes() == path.read_bytes()
    rows = sqlite3.connect(target / "portal.sqlite3").execute("SELECT lagret_som FROM portal_innsending").fetchall()
    assert rows == [("a.bin",)]
    assert sqlite3.connect(target / "portal.sqlite3").execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_restore_refusals_change_nothing(tmp_path):
    data = _folder(tmp_path)
    archive = make_backup(data, tmp_path / "kopi.tar.gz").archive
    a_file = tmp_path / "en-fil"
    a_file.write_text("x")
    with pytest.raises(BackupError, match="er en fil, ikke en mappe"):
        restore(archive, a_file)
    with pytest.raises(BackupError, match="ikke tom.*--overskriv \\(da flyttes det som ligger der, til en mappe ved siden av\\)"):
        restore(archive, data)
    with pytest.raises(BackupError, match="SQLite-database, men DATABASE_URL er satt. Gjenopprett uten DATABASE_URL, "
                                          "eller ta en sikkerhetskopi med --som-json.$"):
        restore(archive, tmp_path / "pg", external_database=True)
    assert not (tmp_path / "pg").exists()
    with pytest.raises(BackupError, match="ukjent databaseform"):
        restore(make_backup(data, tmp_path / "j.tar.gz", dump=lambda p: p.write_text("[]")).archive, tmp_path / "j")
    assert not (tmp_path / "j").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "en-fil", "j.tar.gz", "kopi.tar.gz"]


def test_overwrite_moves_the_old_folder_aside(tmp_path):
    data = _folder(tmp_path)
    archive = make_backup(data, tmp_path / "kopi.tar.gz").archive
    (data / "notat.txt").write_text("mitt")
    summary = restore(archive, data, overwrite=True)
    import re

    assert summary.replaced is not None and re.fullmatch(r"data\.erstattet-\d{4}-\d\d-\d\dT\d{6}", summary.replaced.name)
    assert (summary.replaced / "notat.txt").read_text() == "mitt" and not (data / "notat.txt").exists()
    assert (data / "portal.sqlite3").is_file()


def test_a_damaged_database_copy_is_refused(tmp_path, monkeypatch):
    data = _folder(tmp_path)
    monkeypatch.setattr(backup, "sqlite_snapshot", lambda source, copy: copy.write_bytes(b"SQLite format 3\x00" + b"\x00" * 200))
    archive = make_backup(data, tmp_path / "kopi.tar.gz").archive
    with pytest.raises(BackupError, match="Databasen i sikkerhetskopien er skadet"):
        restore(archive, tmp_path / "ny")
    assert not (tmp_path / "ny").exists()


def test_backup_refusals(tmp_path):
    data = _folder(tmp_path)
    with pytest.raises(BackupError, match="Fant ikke datamappen"):
        make_backup(tmp_path / "ingen", tmp_path / "k.tar.gz")
    with pytest.raises(BackupError, match="utenfor datamappen"):
        make_backup(data, data / "filer" / "k.tar.gz")
    (tmp_path / "k.tar.gz").write_bytes(b"forrige")
    with pytest.raises(BackupError, match="finnes allerede"):
        make_backup(data, tmp_path / "k.tar.gz")
    (data / "portal.sqlite3").unlink()
    with pytest.raises(BackupError, match="Fant ikke databasen"):
        make_backup(data, tmp_path / "ny.tar.gz")
    assert not (tmp_path / "ny.tar.gz").exists()


def test_a_changed_archive_restores_nothing_and_leaves_no_staging_folder(tmp_path):
    data = _folder(tmp_path)
    archive = make_backup(data, tmp_path / "kopi.tar.gz").archive
    with tarfile.open(archive, "r:gz") as tar:
        members = [(m, tar.extractfile(m).read()) for m in tar]
    import io

    with tarfile.open(archive, "w:gz") as tar:
        for member, content in members:
            content = b"endret" + content[6:] if member.name == "data/hemmelig-nokkel" else content
            tar.addfile(member, io.BytesIO(content))
    target = tmp_path / "nytt" / "sted" / "portal"
    with pytest.raises(BackupError, match="«data/hemmelig-nokkel» har en annen størrelse eller SHA-256 .* Ingenting er gjenopprettet.$"):
        restore(archive, target)
    assert not target.exists() and list((tmp_path / "nytt" / "sted").iterdir()) == []


def test_a_restore_into_a_new_nested_folder(tmp_path):
    data = _folder(tmp_path)
    archive = make_backup(data, tmp_path / "kopi.tar.gz").archive
    target = tmp_path / "a" / "b" / "portal"
    assert restore(archive, target).data == target and (target / "filer" / "a.bin").is_file()


def test_a_database_that_cannot_be_copied_is_named(tmp_path):
    data = _folder(tmp_path)
    (data / "portal.sqlite3").write_bytes(b"ikke en database " * 100)
    with pytest.raises(BackupError, match="^Kan ikke kopiere databasen .*portal.sqlite3: .+"):
        make_backup(data, tmp_path / "kopi.tar.gz")
    assert not (tmp_path / "kopi.tar.gz").exists()


def test_an_unwritable_place_is_named_for_backup_and_restore(tmp_path, monkeypatch):
    data = _folder(tmp_path)
    (tmp_path / "en-fil").write_bytes(b"")
    with pytest.raises(BackupError, match="^Kan ikke skrive i mappen .*en-fil: "):
        make_backup(data, tmp_path / "en-fil" / "kopi.tar.gz")
    archive = make_backup(data, tmp_path / "kopi.tar.gz").archive
    with pytest.raises(BackupError, match="^Kan ikke skrive i mappen .*en-fil: en fil med samme navn"):
        restore(archive, tmp_path / "en-fil" / "portal")

    def fail(*_):
        raise PermissionError(13, "denied")

    monkeypatch.setattr(backup.os, "rename", fail)
    with pytest.raises(BackupError, match="^Kan ikke gjenopprette til .*ny: ingen skrivetilgang.$"):
        restore(archive, tmp_path / "ny")
    assert not (tmp_path / "ny").exists() and not [p for p in tmp_path.iterdir() if p.name.startswith(".")]
