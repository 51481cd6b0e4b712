"""Where a job's settings and outputs are: settings found the way the command line finds them, output
folders made (at most ``new_folder_limit`` missing levels), file-system errors as :class:`PipelineError`."""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from pipeline.common.errors import UsageError, file_system_error
from pipeline.contract.settings import FormSettings, load_form_settings
from pipeline.read.discover import REPORT_SETTINGS_NAME

F = TypeVar("F", bound=Callable)


def library_job(func: F) -> F:
    """The job raises only :class:`pipeline.common.errors.PipelineError` for expected problems: an
    :class:`OSError` (read-only, no permission, disk full …) becomes :class:`FileSystemError`."""

    @functools.wraps(func)
    def run(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except OSError as exc:
            raise file_system_error(exc) from exc
    return run  # type: ignore[return-value]


def form_settings(skjema: str | Path | None = None) -> FormSettings:
    """The form settings: ``skjema``, else ``templates/skjema.toml`` here, else the packaged default."""
    return load_form_settings(Path(skjema) if skjema else None)


def report_settings_path(innstillinger: str | Path | None, paths: list[Path]) -> Path | None:
    """``innstillinger``, else ``rapport.toml`` in the first folder given that has one."""
    if innstillinger:
        return Path(innstillinger)
    for path in paths:
        candidate = (path if path.is_dir() else path.parent) / REPORT_SETTINGS_NAME
        if candidate.is_file():
            return candidate
    return None


def ensure_folder(folder: Path, new_folder_limit: int | None) -> Path | None:
    """Make the missing levels of ``folder``, at most ``new_folder_limit`` of them (``None``: leave it to the
    writer, which makes all). Returns the highest folder made (``None`` when none); :class:`UsageError`, and
    nothing made, when more are missing (``-o /nyy/mappe/V.docx`` is more likely a typing mistake than a wish
    for two new folders). A file in the way is left for the writer to report."""
    if new_folder_limit is None:
        return None
    missing, existing = [], Path(folder)
    while not existing.exists() and existing != existing.parent:
        missing.append(existing)
        existing = existing.parent
    if not missing or not existing.is_dir():
        return None
    if len(missing) > new_folder_limit:
        raise UsageError(f"Mappen {missing[0]} finnes ikke, og heller ikke {missing[1]}. Sjekk stien (skrivefeil?), "
                         "eller lag mappene først: bare én manglende mappe lages av seg selv. Ingenting er skrevet.")
    for level in reversed(missing):
        level.mkdir()
    return missing[-1]


def check_output_folder(folder: Path, inputs: list[Path]) -> None:
    """:class:`UsageError` when ``folder`` is one of the input folders (the copies would be read as submissions)."""
    folder = Path(folder).resolve()
    for path in inputs:
        source = path.resolve() if path.is_dir() else path.resolve().parent
        if folder == source:
            raise UsageError(f"Skriv tilbakemeldingene til en annen mappe enn innrapporteringene ({path}); "
                             "ellers leses kopiene som nye innrapporteringer. Bruk -o MAPPE.")
