"""Write output files so that a failed run leaves the previous file intact."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from pipeline.common.errors import PipelineError, reason


class OutputError(PipelineError):
    """An output file cannot be written. The message is Norwegian."""


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
