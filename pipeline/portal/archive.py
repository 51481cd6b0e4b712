"""The backup archive's format: a ``.tar.gz`` of plain files and ``manifest.json`` listing every other member
with its size and SHA-256. Reading checks everything before anything is used: only plain files with safe
relative names, no member twice, and exactly the members of the manifest with exactly their checksums.

Pure file handling (no Django); :mod:`pipeline.portal.backup` decides what goes in.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import os
import tarfile
import tempfile
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from pipeline.common.errors import PipelineError, reason

FORMAT = 1
MANIFEST = "manifest.json"
_CHUNK = 1024 * 1024


class ArchiveError(PipelineError):
    """The archive cannot be written, or is not an unchanged backup (Norwegian message)."""


@dataclass(frozen=True)
class Entry:
    name: str
    sha256: str
    size: int

    def to_dict(self) -> dict:
        return {"navn": self.name, "sha256": self.sha256, "storrelse": self.size}


class _Hashing:
    """A reader that hashes what passes through it."""

    def __init__(self, fh):
        self.fh, self.digest, self.size = fh, hashlib.sha256(), 0

    def read(self, n: int = -1) -> bytes:
        chunk = self.fh.read(n)
        self.digest.update(chunk)
        self.size += len(chunk)
        return chunk


def safe_name(name: str) -> bool:
    """A relative POSIX path without ``..``, empty parts or backslashes."""
    path = PurePosixPath(name)
    return (bool(name) and "\\" not in name and not path.is_absolute()
            and all(part not in ("", ".", "..") for part in name.split("/")))


def _add(tar: tarfile.TarFile, name: str, source: Path) -> Entry:
    with source.open("rb") as fh:
        info = tarfile.TarInfo(name)
        info.size, info.mode, info.mtime = os.fstat(fh.fileno()).st_size, 0o600, int(source.stat().st_mtime)
        reader = _Hashing(fh)
        tar.addfile(info, reader)
    return Entry(name, reader.digest.hexdigest(), reader.size)


def write_archive(output: Path, members: list[tuple[str, Path]], meta: dict) -> list[Entry]:
    """Write ``members`` (name in the archive, file) and the manifest to ``output`` (mode 600); an existing
    ``output`` is never replaced."""
    if output.exists():
        raise ArchiveError(f"{output} finnes allerede og overskrives ikke. Velg et nytt filnavn med -o.")
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{output.name}.", suffix=".tmp", dir=output.parent)
    except OSError as exc:
        raise ArchiveError(f"Kan ikke skrive i mappen {output.parent}: {reason(exc)}.") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            with tarfile.open(fileobj=fh, mode="w:gz", format=tarfile.PAX_FORMAT) as tar:
                entries = [_add(tar, name, source) for name, source in members]
                manifest = json.dumps({**meta, "format": FORMAT, "filer": [e.to_dict() for e in entries]},
                                      ensure_ascii=False, indent=1).encode("utf-8")
                info = tarfile.TarInfo(MANIFEST)
                info.size, info.mode = len(manifest), 0o600
                tar.addfile(info, io.BytesIO(manifest))
            fh.flush()
            os.fsync(fh.fileno())
        os.link(tmp, output)
    except FileExistsError:
        raise ArchiveError(f"{output} finnes allerede og overskrives ikke. Velg et nytt filnavn med -o.") from None
    except OSError as exc:
        raise ArchiveError(f"Kan ikke skrive {output}: {reason(exc)}.") from None
    finally:
        Path(tmp).unlink(missing_ok=True)
    return entries


def _manifest(data: bytes, archive: Path) -> dict[str, Entry]:
    try:
        manifest = json.loads(data.decode("utf-8"))
        if manifest.get("format") != FORMAT:
            raise ArchiveError(f"{archive} har format {manifest.get('format')!r}; denne versjonen leser format {FORMAT}.")
        entries = [Entry(str(e["navn"]), str(e["sha256"]), int(e["storrelse"])) for e in manifest["filer"]]
    except (UnicodeDecodeError, json.JSONDecodeError, KeyError, TypeError, ValueError, AttributeError):
        raise ArchiveError(f"{archive}: {MANIFEST} kan ikke leses. Sikkerhetskopien er skadet.") from None
    return {e.name: e for e in entries}


def extract_verified(archive: Path, target: Path) -> dict:
    """Extract ``archive`` into the empty folder ``target`` and check it against its manifest; returns the
    manifest. Any difference is an :class:`ArchiveError` (``target`` may then hold a partial copy)."""
    damaged = f"Sikkerhetskopien {archive} er endret eller skadet"
    found: dict[str, Entry] = {}
    manifest_data: bytes | None = None
    try:
        with tarfile.open(archive, mode="r:gz") as tar:
            for member in tar:
                if not member.isfile() or not safe_name(member.name):
                    raise ArchiveError(f"{damaged}: «{member.name}» er ikke en vanlig fil med trygt navn.")
                if member.name in found or (member.name == MANIFEST and manifest_data is not None):
                    raise ArchiveError(f"{damaged}: «{member.name}» finnes to ganger.")
                source = tar.extractfile(member)
                if member.name == MANIFEST:
                    manifest_data = source.read()
                    continue
                path = target / member.name
                path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
                reader = _Hashing(source)
                with os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb") as out:
                    while chunk := reader.read(_CHUNK):
                        out.write(chunk)
                found[member.name] = Entry(member.name, reader.digest.hexdigest(), reader.size)
    except FileNotFoundError:
        raise ArchiveError(f"Fant ikke sikkerhetskopien {archive}.") from None
    except IsADirectoryError:
        raise ArchiveError(f"{archive} er en mappe, ikke en sikkerhetskopi.") from None
    except (tarfile.TarError, EOFError, zlib.error, gzip.BadGzipFile):
        raise ArchiveError(f"{archive} kan ikke leses som sikkerhetskopi (tar.gz). Filen er skadet eller er "
                           "ikke laget av «portal sikkerhetskopi».") from None
    except OSError as exc:
        raise ArchiveError(f"Kan ikke gjenopprette fra {archive}: {reason(exc)}.") from None
    if manifest_data is None:
        raise ArchiveError(f"{damaged}: {MANIFEST} mangler.")
    expected = _manifest(manifest_data, archive)
    for name in sorted(set(expected) | set(found)):
        if name not in found:
            raise ArchiveError(f"{damaged}: «{name}» står i {MANIFEST}, men mangler.")
        if name not in expected:
            raise ArchiveError(f"{damaged}: «{name}» står ikke i {MANIFEST}.")
        if found[name] != expected[name]:
            raise ArchiveError(f"{damaged}: «{name}» har en annen størrelse eller SHA-256 enn i {MANIFEST}.")
    return json.loads(manifest_data.decode("utf-8"))
