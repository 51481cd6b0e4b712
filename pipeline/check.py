"""Read and validate a set of workbooks: the shared first half of ``validate`` and ``merge``."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from pipeline.discover import discover
from pipeline.issues import Code, Issue
from pipeline.models import Tiltak
from pipeline.reader import read_workbook
from pipeline.settings import FormSettings
from pipeline.validate import validate


@dataclass
class FileResult:
    """One submission file after reading and validation."""

    path: Path
    tiltak: Tiltak | None
    issues: list[Issue]

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.is_error]

    @property
    def warnings(self) -> list[Issue]:
        return [i for i in self.issues if not i.is_error]

    @property
    def status(self) -> str:
        """``ok``, ``advarsler`` or ``feil``."""
        if self.errors:
            return "feil"
        return "advarsler" if self.issues else "ok"


@dataclass
class CheckResult:
    files: list[FileResult] = field(default_factory=list)
    skipped: list[Issue] = field(default_factory=list)
    missing: list[Path] = field(default_factory=list)

    @property
    def has_errors(self) -> bool:
        return any(f.errors for f in self.files)


def check_file(path: Path, settings: FormSettings, report_date: date | None) -> FileResult:
    """Read and validate one file. A bug in the tool for one file never stops the others."""
    try:
        result = validate(read_workbook(path), settings, report_date)
    except Exception as exc:  # noqa: BLE001 - last line of defence, reported as an issue
        if os.environ.get("INNRAPPORTERING_DEBUG"):
            raise
        issue = Code.INTERNAL.issue(file=path.name, detail=f"{type(exc).__name__}: {exc}")
        return FileResult(path, None, [issue])
    return FileResult(path, result.tiltak, result.issues)


def check_paths(paths: list[Path], settings: FormSettings, report_date: date | None = None,
                progress: Callable[[int, int, Path], None] | None = None) -> CheckResult:
    """``progress(done, total, path)`` is called after each file."""
    found = discover(paths)
    result = CheckResult(skipped=found.skipped, missing=found.missing)
    total = len(found.workbooks)
    for done, path in enumerate(found.workbooks, start=1):
        result.files.append(check_file(path, settings, report_date))
        if progress:
            progress(done, total, path)
    return result
