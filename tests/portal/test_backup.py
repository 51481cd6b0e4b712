"""``portal sikkerhetskopi`` and ``portal gjenopprett``: a round with uploads and a finished Vedlegg 2 job is
backed up while the portal runs, restored into a fresh folder, and the restored portal serves the same round
JSON and the same files; a changed archive, a non-empty folder and an existing output are refused."""

from __future__ import annotations

import http.cookiejar
import json
import re
import subprocess
import sys
import tarfile
import time
import urllib.request
from pathlib import Path

import pytest

from pipeline.cli.main import main
from tests.support.portal import INPUT, SETTINGS
from tests.support.portalserver import free_port, post_workbook, start_server

#: The whole module is in the full run only: each test restores a whole backup of a round with documents
#: (about 15 s to build).
pytestmark = pytest.mark.slow

NO_POSTGRES = {"DATABASE_URL": ""}  # these portals use SQLite in their own folder, also under test_postgresql.py
PASSWORD = "Pass-ord-for-kopi-9"


def _cli(*args: str, env: dict = NO_POSTGRES) -> subprocess.CompletedProcess:
    import os

    return subprocess.run([sys.executable, "-m", "pipeline", "portal", *args], capture_output=True, text=True,
                          env={**os.environ, **env})


class Portal:
    """A running portal in a subprocess, with a secretariat token and a logged-in browser session."""

    def __init__(self, data: Path, token: str, env: dict = NO_POSTGRES):
        self.port = free_port()
        self.process = start_server(data, self.port, env)
        self.token = token
        self.session = None

    def get(self, path: str, *, session: bool = False) -> tuple[int, bytes]:
        request = urllib.request.Request(f"http://127.0.0.1:{self.port}{path}",
                                         headers={} if session else {"Authorization": f"Bearer {self.token}"})
        opener = self._browser() if session else urllib.request.build_opener()
        with opener.open(request, timeout=120) as response:
            return response.status, response.read()

    def _browser(self):
        if self.session is None:
            jar = http.cookiejar.CookieJar()
            opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
            page = opener.open(f"http://127.0.0.1:{self.port}/runde/logg-inn/").read().decode()
            csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
            form = urllib.parse.urlencode({"username": "kopi", "password": PASSWORD, "csrfmiddlewaretoken": csrf})
            opener.open(f"http://127.0.0.1:{self.port}/runde/logg-inn/", form.encode()).read()
            self.session = opener
        return self.session

    def state(self) -> dict:
        return json.loads(self.get("/api/v1/runde")[1])

    def stop(self) -> None:
        self.process.kill()
        self.process.wait()


@pytest.fixture(autouse=True)
def _sqlite_here(monkeypatch):
    """The commands run in this process use the folders' SQLite, also when the suite runs against PostgreSQL."""
    monkeypatch.delenv("DATABASE_URL", raising=False)


def _portal_with_uploads(folder: Path, env: dict = NO_POSTGRES) -> Portal:
    data = folder / "portal"
    (folder / "rapport.toml").write_text(SETTINGS, encoding="utf-8")
    made = _cli("opprett-runde", "--data", str(data), "--innstillinger", str(folder / "rapport.toml"), env=env)
    assert made.returncode == 0, made.stderr
    tokens = {line.split("\t")[0]: line.split("\t")[2] for line in made.stdout.splitlines()}
    user = _cli("bruker", "--data", str(data), "--sekretariat", "kopi", "--passord", PASSWORD, env=env)
    portal = Portal(data, user.stdout.strip(), env)
    try:
        for actor, name in (("Helse Vest", "heliks.xlsx"), ("Helse Vest", "alle-moter.xlsx"),
                            ("Helse Nord", "fresk.xlsx"), ("Helse Vest", "heliks.xlsx")):
            status, body = post_workbook(portal.port, tokens[actor], name, (INPUT / name).read_bytes())
            assert status == 201, body
    except BaseException:
        portal.stop()
        raise
    return portal


@pytest.fixture(scope="module")
def original(tmp_path_factory):
    """A portal with four uploads (three tiltak), a finished «Lag Vedlegg 2» job, and two backups taken while it
    runs (SQLite copy and JSON)."""
    folder = tmp_path_factory.mktemp("kopi")
    data = folder / "portal"
    portal = _portal_with_uploads(folder)
    try:
        request = urllib.request.Request(f"http://127.0.0.1:{portal.port}/api/v1/runde/vedlegg2", data=b"",
                                         headers={"Authorization": f"Bearer {portal.token}"})
        job = json.loads(urllib.request.urlopen(request, timeout=30).read())["jobb"]
        for _ in range(600):
            state = json.loads(portal.get(f"/api/v1/jobber/{job}")[1])
            if state["status"] in ("ferdig", "feilet"):
                break
            time.sleep(0.2)
        assert state["status"] == "ferdig", state
        backups = {}
        for kind, extra in (("sqlite", []), ("json", ["--som-json"])):
            backups[kind] = folder / f"kopi-{kind}.tar.gz"
            done = _cli("sikkerhetskopi", "--data", str(data), "-o", str(backups[kind]), *extra)
            assert done.returncode == 0, done.stderr
            assert "Skrev sikkerhetskopien" in done.stdout
        yield {"folder": folder, "data": data, "portal": portal, "job": job, "backups": backups}
    finally:
        portal.stop()


def _downloads(portal: Portal, state: dict, job: int) -> dict[str, bytes]:
    files = {f"versjon {row['versjon']}": portal.get(f"/runde/innsending/{row['versjon']}/fil/", session=True)[1]
             for row in state["tiltak"] if row["versjon"]}
    for kind in ("docx", "eksport", "rapport"):
        files[kind] = portal.get(f"/api/v1/jobber/{job}/{kind}")[1]
    return files


@pytest.mark.parametrize("kind", ["sqlite", "json"])
def test_a_restored_backup_serves_the_same_round_and_the_same_files(original, kind):
    target = original["folder"] / f"gjenopprettet-{kind}"
    done = _cli("gjenopprett", "--data", str(target), str(original["backups"][kind]))
    assert done.returncode == 0, done.stderr
    assert f"til {target}" in done.stdout
    restored = Portal(target, original["portal"].token)
    try:
        before, after = original["portal"].state(), restored.state()
        assert after == before
        assert [r["status"] for r in after["tiltak"]] == ["klar", "klar", "klar"]
        assert sum(1 for r in after["tiltak"] if r["versjon"]) == 3
        files = _downloads(restored, after, original["job"])
        assert files == _downloads(original["portal"], before, original["job"])
        assert files[f"versjon {after['tiltak'][-1]['versjon']}"] in {(INPUT / n).read_bytes()
                                                                       for n in ("heliks.xlsx", "alle-moter.xlsx", "fresk.xlsx")}
        assert files["docx"][:2] == b"PK"
    finally:
        restored.stop()
    secret = target / "hemmelig-nokkel"
    assert secret.read_bytes() == (original["data"] / "hemmelig-nokkel").read_bytes()
    assert oct(secret.stat().st_mode & 0o777) == "0o600"


def test_a_changed_archive_is_refused_and_nothing_is_restored(original, tmp_path, capsys):
    changed = tmp_path / "endret.tar.gz"
    with tarfile.open(original["backups"]["sqlite"], "r:gz") as source, tarfile.open(changed, "w:gz") as out:
        for member in source:
            data = source.extractfile(member).read()
            if member.name.startswith("data/filer/") and member.name.endswith(".bin"):
                data = data[:-1] + bytes([data[-1] ^ 1])
            out.addfile(member, __import__("io").BytesIO(data))
    target = tmp_path / "ny"
    assert main(["portal", "gjenopprett", "--data", str(target), str(changed)]) == 2
    err = capsys.readouterr().err
    assert "er endret eller skadet" in err and "SHA-256" in err and "Ingenting er gjenopprettet" in err
    assert not target.exists() and [p.name for p in tmp_path.iterdir()] == ["endret.tar.gz"]


def test_a_non_empty_folder_needs_overskriv_and_the_old_one_is_kept_beside(original, tmp_path, capsys):
    target = tmp_path / "portal"
    target.mkdir()
    (target / "notat.txt").write_text("mitt", encoding="utf-8")
    backup = str(original["backups"]["sqlite"])
    assert main(["portal", "gjenopprett", "--data", str(target), backup]) == 2
    assert "ikke tom" in capsys.readouterr().err and (target / "notat.txt").read_text(encoding="utf-8") == "mitt"
    assert main(["portal", "gjenopprett", "--data", str(target), backup, "--overskriv"]) == 0
    moved = [p for p in tmp_path.iterdir() if p.name.startswith("portal.erstattet-")]
    assert len(moved) == 1 and (moved[0] / "notat.txt").read_text(encoding="utf-8") == "mitt"
    assert str(moved[0]) in capsys.readouterr().err
    assert (target / "portal.sqlite3").is_file() and not (target / "notat.txt").exists()


def test_an_empty_existing_folder_is_used(original, tmp_path):
    target = tmp_path / "tom"
    target.mkdir()
    assert main(["portal", "gjenopprett", "--data", str(target), str(original["backups"]["sqlite"])]) == 0
    assert (target / "portal.sqlite3").is_file() and [p.name for p in tmp_path.iterdir()] == ["tom"]


def test_backup_refuses_an_existing_output_a_missing_folder_and_a_place_inside_the_folder(original, tmp_path, capsys):
    existing = tmp_path / "kopi.tar.gz"
    existing.write_bytes(b"forrige")
    assert main(["portal", "sikkerhetskopi", "--data", str(original["data"]), "-o", str(existing)]) == 2
    assert "overskrives ikke" in capsys.readouterr().err and existing.read_bytes() == b"forrige"
    assert main(["portal", "sikkerhetskopi", "--data", str(tmp_path / "ingen"), "-o", str(tmp_path / "k.tgz")]) == 2
    assert "Fant ikke datamappen" in capsys.readouterr().err
    (tmp_path / "tom").mkdir()
    assert main(["portal", "sikkerhetskopi", "--data", str(tmp_path / "tom"), "-o", str(tmp_path / "k.tgz")]) == 2
    assert "Fant ikke databasen" in capsys.readouterr().err and not (tmp_path / "k.tgz").exists()
    inside = original["data"] / "kopi.tar.gz"
    assert main(["portal", "sikkerhetskopi", "--data", str(original["data"]), "-o", str(inside)]) == 2
    assert "utenfor datamappen" in capsys.readouterr().err and not inside.exists()
    assert main(["portal", "gjenopprett", "--data", str(tmp_path / "x"), str(tmp_path / "ingen.tar.gz")]) == 2
    assert "Fant ikke sikkerhetskopien" in capsys.readouterr().err


def test_postgresql_is_backed_up_as_json_and_restored_into_an_empty_database(tmp_path):
    """With DATABASE_URL the backup holds the database as JSON; it is loaded into another, empty database, and
    a database with rows is only replaced with --overskriv."""
    from tests.portal.test_postgresql import _server_url

    server = _server_url()
    import uuid
    from urllib.parse import urlsplit, urlunsplit

    import psycopg

    names = [f"portal_kopi_{uuid.uuid4().hex[:8]}" for _ in range(2)]
    parts = urlsplit(server)
    urls = [urlunsplit((parts.scheme, parts.netloc, f"/{n}", parts.query, parts.fragment)) for n in names]
    with psycopg.connect(server, autocommit=True) as connection:
        for name in names:
            connection.execute(f'CREATE DATABASE "{name}"')
    first, second = ({"DATABASE_URL": url} for url in urls)
    try:
        (tmp_path / "a").mkdir()
        original = _portal_with_uploads(tmp_path / "a", first)
        try:
            archive = tmp_path / "kopi.tar.gz"
            done = _cli("sikkerhetskopi", "--data", str(tmp_path / "a" / "portal"), "-o", str(archive), env=first)
            assert done.returncode == 0 and "databasen (JSON)" in done.stdout, done.stderr
            before = original.state()
        finally:
            original.stop()
        restored_folder = tmp_path / "b"
        done = _cli("gjenopprett", "--data", str(restored_folder), str(archive), env=second)
        assert done.returncode == 0, done.stderr
        again = _cli("gjenopprett", "--data", str(tmp_path / "c"), str(archive), env=second)
        assert again.returncode == 2 and "har data fra før" in again.stderr and not (tmp_path / "c").exists()
        assert _cli("gjenopprett", "--data", str(tmp_path / "c"), str(archive), "--overskriv", env=second).returncode == 0
        restored = Portal(restored_folder, original.token, second)
        try:
            assert restored.state() == before
            version = before["tiltak"][-1]["versjon"]
            assert restored.get(f"/runde/innsending/{version}/fil/", session=True)[1] in {
                (INPUT / n).read_bytes() for n in ("heliks.xlsx", "alle-moter.xlsx", "fresk.xlsx")}
        finally:
            restored.stop()
    finally:
        with psycopg.connect(server, autocommit=True) as connection:
            for name in names:
                connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
