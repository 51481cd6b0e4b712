"""Write output files so that a failed run leaves the previous file intact."""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path


class OutputError(Exception):
    """An output file cannot be written. The message is Norwegian."""


#: Why a write failed, in Norwegian (the operating system's own text is English).
_REASONS = {
    errno.EACCES: "ingen skrivetilgang",
    errno.EPERM: "ingen skrivetilgang",
    errno.EROFS: "filsystemet er skrivebeskyttet",
    errno.ENOSPC: "disken er full",
    errno.EDQUOT: "diskkvoten er brukt opp",
    errno.ENOTDIR: "en del av stien er en fil, ikke en mappe",
    errno.EISDIR: "det er en mappe",
    errno.EEXIST: "en fil med samme navn finnes allerede der mappen skulle vært",
    errno.ENAMETOOLONG: "navnet er for langt",
    errno.EBUSY: "filen er i bruk",
    errno.ETXTBSY: "filen er i bruk",
}


def reason(exc: OSError) -> str:
    """A Norwegian reason for an OS error (the OS text when there is no translation)."""
    return _REASONS.get(exc.errno or 0) or exc.strerror or str(exc)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _stage(path: Path, data: bytes) -> Path:
    """Write ``data`` to a temporary file beside ``path``; returns the temporary file."""
    if path.is_dir():
        raise OutputError(f"Kan ikke skrive {path}: det er en mappe. Oppgi et filnavn, ikke en mappe.")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise OutputError(f"Kan ikke skrive i mappen {path.parent}: {reason(exc)}.") from exc
    try:
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; give the file the usual permissions
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise OutputError(f"Kan ikke skrive {path}: {reason(exc)}.") from exc
    return Path(tmp)


def write_atomic_many(files: list[tuple[Path, bytes]]) -> list[Path]:
    """Write several files together: all are staged first, then renamed into place.

    If any of them cannot be staged, none is replaced, so a document and its export
    never get out of step.
    """
    staged: list[tuple[Path, Path]] = []
    try:
        for path, data in files:
            staged.append((_stage(Path(path), data), Path(path)))
        for i, (tmp, path) in enumerate(staged):
            try:
                os.replace(tmp, path)
            except OSError as exc:
                raise OutputError(f"Kan ikke skrive {path}: {reason(exc)}. Er filen åpen i et annet program "
                                  "(for eksempel Word)? Lukk den og kjør på nytt; den forrige filen er uendret."
                                  ) from exc
            staged[i] = (path, path)  # done: nothing to clean up
    finally:
        for tmp, path in staged:
            if tmp != path:
                tmp.unlink(missing_ok=True)
    return [Path(path) for path, _ in files]


def write_atomic(path: Path, data: bytes) -> Path:
    """Write ``data`` to a temporary file beside ``path``, then rename it into place."""
    return write_atomic_many([(Path(path), data)])[0]
