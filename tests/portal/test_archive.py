"""The backup archive: every member checked against manifest.json before anything is restored."""

from __future__ import annotations

import io
import json
import tarfile

import pytest

from pipeline.portal import archive
from pipeline.portal.archive import ArchiveError, extract_verified, safe_name, write_archive


def _sources(tmp_path):
    folder = tmp_path / "kilde"
    (folder / "filer").mkdir(parents=True)
    (folder / "filer" / "a.bin").write_bytes(b"arbeidsbok a")
    (folder / "b.txt").write_bytes(b"")
    return [("data/filer/a.bin", folder / "filer" / "a.bin"), ("data/b.txt", folder / "b.txt")]


def _members(path) -> list[tuple[tarfile.TarInfo, bytes]]:
    with tarfile.open(path, "r:gz") as tar:
        return [(m, tar.extractfile(m).read() if m.isfile() else b"") for m in tar]


def _rewrite(path, members) -> None:
    with tarfile.open(path, "w:gz") as tar:
        for info, data in members:
            info.size = len(data) if info.isfile() else 0
            tar.addfile(info, io.BytesIO(data) if info.isfile() else None)


def test_the_manifest_lists_every_member_with_size_and_sha256_and_a_round_trip_is_identical(tmp_path):
    out = tmp_path / "kopi.tar.gz"
    entries = write_archive(out, _sources(tmp_path), {"database": "sqlite"})
    assert oct(out.stat().st_mode & 0o777) == "0o600"
    import hashlib

    manifest = json.loads(dict((m.name, d) for m, d in _members(out))["manifest.json"])
    assert manifest["format"] == 1 and manifest["database"] == "sqlite"
    assert manifest["filer"] == [
        {"navn": "data/filer/a.bin", "sha256": hashlib.sha256(b"arbeidsbok a").hexdigest(), "storrelse": 12},
        {"navn": "data/b.txt", "sha256": hashlib.sha256(b"").hexdigest(), "storrelse": 0}]
    assert [e.to_dict() for e in entries] == manifest["filer"]
    target = tmp_path / "ut"
    target.mkdir()
    assert extract_verified(out, target) == manifest
    assert (target / "data" / "filer" / "a.bin").read_bytes() == b"arbeidsbok a"
    assert (target / "data" / "b.txt").read_bytes() == b""
    assert oct((target / "data" / "filer" / "a.bin").stat().st_mode & 0o777) == "0o600"
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_an_existing_archive_is_never_replaced(tmp_path):
    out = tmp_path / "kopi.tar.gz"
    out.write_bytes(b"forrige")
    with pytest.raises(ArchiveError, match="finnes allerede og overskrives ikke"):
        write_archive(out, _sources(tmp_path), {})
    assert out.read_bytes() == b"forrige"


def _tampered(tmp_path, change):
    out = tmp_path / "kopi.tar.gz"
    write_archive(out, _sources(tmp_path), {"database": "sqlite"})
    members = change(_members(out))
    _rewrite(out, members)
    target = tmp_path / "ut"
    target.mkdir()
    return out, target


def _edit(name, data):
    def change(members):
        return [(m, data if m.name == name else d) for m, d in members]
    return change


def _add(info_name, data=b"x", kind=tarfile.REGTYPE):
    def change(members):
        info = tarfile.TarInfo(info_name)
        info.type = kind
        return members + [(info, data)]
    return change


@pytest.mark.parametrize("change, message", [
    (_edit("data/filer/a.bin", b"arbeidsbok A"), "«data/filer/a.bin» har en annen størrelse eller SHA-256"),
    (_edit("data/filer/a.bin", b"arbeidsbok a+"), "«data/filer/a.bin» har en annen størrelse eller SHA-256"),
    (lambda ms: [(m, d) for m, d in ms if m.name != "data/b.txt"], "«data/b.txt» står i manifest.json, men mangler"),
    (_add("data/ekstra.bin"), "«data/ekstra.bin» står ikke i manifest.json"),
    (_add("../utenfor.bin"), "«../utenfor.bin» er ikke en vanlig fil med trygt navn"),
    (_add("data/lenke", kind=tarfile.SYMTYPE), "«data/lenke» er ikke en vanlig fil"),
    (lambda ms: ms + [ms[0]], "«data/filer/a.bin» finnes to ganger"),
    (lambda ms: ms + [ms[-1]], "«manifest.json» finnes to ganger"),
    (lambda ms: [(m, d) for m, d in ms if m.name != "manifest.json"], "manifest.json mangler"),
    (_edit("manifest.json", b"{ikke json"), "manifest.json kan ikke leses"),
    (_edit("manifest.json", json.dumps({"format": 2, "filer": []}).encode()), "format 2"),
])
def test_a_changed_archive_is_refused(tmp_path, change, message):
    out, target = _tampered(tmp_path, change)
    with pytest.raises(ArchiveError, match="endret eller skadet|kan ikke leses|format") as caught:
        extract_verified(out, target)
    assert message in str(caught.value) and str(out) in str(caught.value)
    assert not (tmp_path / "utenfor.bin").exists()


@pytest.mark.parametrize("content", [b"", b"ikke gzip", None])
def test_a_file_that_is_no_archive_is_refused(tmp_path, content):
    path = tmp_path / "kopi.tar.gz"
    if content is None:
        write_archive(path, _sources(tmp_path), {})
        content = path.read_bytes()[:-40]  # cut short
        path.unlink()
    path.write_bytes(content)
    target = tmp_path / "ut"
    target.mkdir()
    with pytest.raises(ArchiveError, match="kan ikke leses som sikkerhetskopi"):
        extract_verified(path, target)


def test_a_missing_archive_or_a_folder_is_named(tmp_path):
    with pytest.raises(ArchiveError, match="Fant ikke sikkerhetskopien"):
        extract_verified(tmp_path / "finnes-ikke.tar.gz", tmp_path)
    with pytest.raises(ArchiveError, match="er en mappe"):
        extract_verified(tmp_path, tmp_path)


@pytest.mark.parametrize("name, ok", [
    ("data/filer/a.bin", True), ("a", True), ("", False), ("/etc/passwd", False), ("data/../x", False),
    ("data//x", False), ("./x", False), ("data\\x", False), ("data/", False), ("..", False)])
def test_safe_names(name, ok):
    assert safe_name(name) is ok


def test_an_unwritable_folder_is_named(tmp_path):
    (tmp_path / "en-fil").write_bytes(b"")
    with pytest.raises(ArchiveError, match="Kan ikke skrive i mappen .*en-fil"):
        write_archive(tmp_path / "en-fil" / "kopi.tar.gz", _sources(tmp_path), {})
    assert archive.FORMAT == 1


def test_the_archive_may_go_into_a_new_folder_and_leaves_no_temporary_file(tmp_path):
    out = tmp_path / "nye" / "mapper" / "kopi.tar.gz"
    write_archive(out, _sources(tmp_path), {})
    assert out.is_file() and sorted(p.name for p in out.parent.iterdir()) == ["kopi.tar.gz"]


@pytest.mark.parametrize("error, message", [
    (FileExistsError(17, "exists"), "finnes allerede og overskrives ikke"),
    (PermissionError(13, "denied"), "Kan ikke skrive .*kopi.tar.gz: ingen skrivetilgang"),
])
def test_a_failure_when_the_archive_is_put_in_place_is_named_and_leaves_nothing(tmp_path, monkeypatch, error, message):
    def fail(*_):
        raise error

    monkeypatch.setattr(archive.os, "link", fail)
    out = tmp_path / "ut" / "kopi.tar.gz"
    with pytest.raises(ArchiveError, match=message):
        write_archive(out, _sources(tmp_path), {})
    assert list((tmp_path / "ut").iterdir()) == []


def test_restored_folders_are_private(tmp_path):
    out = tmp_path / "kopi.tar.gz"
    write_archive(out, _sources(tmp_path), {})
    target = tmp_path / "ut"
    target.mkdir()
    extract_verified(out, target)
    assert oct((target / "data" / "filer").stat().st_mode & 0o777) == "0o700"


def test_a_target_that_cannot_be_written_is_named(tmp_path):
    out = tmp_path / "kopi.tar.gz"
    write_archive(out, _sources(tmp_path), {})
    target = tmp_path / "ut"
    target.mkdir()
    (target / "data").write_bytes(b"en fil der mappen skal vaere")
    with pytest.raises(ArchiveError, match="Kan ikke gjenopprette fra .*kopi.tar.gz: "):
        extract_verified(out, target)
