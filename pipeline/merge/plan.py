"""Which workbooks go into the document and why the others do not (pure), and the outcome type.

:func:`plan_merge` decides; :class:`MergePlan` gives each file its :class:`FileStatus`.
Both :mod:`pipeline.merge.run` and :mod:`pipeline.merge.report` import this module.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.contract.issues import Code
from pipeline.contract.settings import ExpectedTiltak, FormSettings, ReportSettings
from pipeline.contract.identity import tiltak_key
from pipeline.summary.portfolio import ExpectedCheck, check_expected, ordered
from pipeline.validate.batch import CheckResult, FileResult

if TYPE_CHECKING:
    from pipeline.summary.changes import RoundChanges
    from pipeline.merge.update import UpdateSummary


class Mode(StrEnum):
    """How the merge treats submissions with errors."""

    NORMAL = "normal"  # submissions with errors are left out
    STRICT = "streng"  # any error stops the merge: no document is written
    LENIENT = "mild"  # submissions with errors are merged too, marked in the document


class FileStatus(StrEnum):
    """A file's status in the merge; the value is the Norwegian text the merge report shows."""

    MERGED = "slått sammen"
    MERGED_WARNINGS = "slått sammen med advarsler"
    MERGED_ERRORS = "slått sammen med feil (--lenient)"
    REJECTED = "avvist"
    STOPPED = "ikke skrevet (--strict)"

    @property
    def is_merged(self) -> bool:
        """In the document: neither rejected nor held back by ``--strict``."""
        return self not in (FileStatus.REJECTED, FileStatus.STOPPED)


@dataclass(frozen=True)
class Absent:
    """An expected tiltak that is not in the document: never received, or received and rejected."""

    expected: ExpectedTiltak
    rejected_files: tuple[str, ...] = ()  # the rejected submissions for it; empty: not received

    @property
    def reason(self) -> str:
        """Norwegian: ``ikke mottatt`` or ``avvist (a.xlsx, b.xlsx)``."""
        return f"avvist ({', '.join(self.rejected_files)})" if self.rejected_files else "ikke mottatt"

    def to_dict(self) -> dict[str, str]:
        return {**self.expected.model_dump(), "grunn": self.reason}


@dataclass
class MergePlan:
    """The files in document order, the rejected ones, and what was expected but did not come."""

    merged: list[FileResult] = field(default_factory=list)  # in document order
    rejected: list[FileResult] = field(default_factory=list)
    stopped: bool = False  # strict mode found errors: nothing is written
    expected: ExpectedCheck = field(default_factory=ExpectedCheck)  # received vs expected
    absent: list[Absent] = field(default_factory=list)  # expected, but not in the document

    @property
    def all_merged(self) -> bool:
        return not self.rejected and not self.stopped

    @property
    def nothing_merged(self) -> bool:
        """Not one submission can go into the document: nothing is written but the merge report."""
        return not self.merged and not self.stopped

    @property
    def complete(self) -> bool:
        """Exit code 0: a document with every expected tiltak, nothing rejected, no errors in it."""
        return (bool(self.merged) and self.all_merged and not self.absent
                and not any(f.errors for f in self.merged))

    def status_of(self, f: FileResult) -> FileStatus:
        """The one place a file's merge status is decided."""
        if any(f is r for r in self.rejected):
            return FileStatus.REJECTED
        if self.stopped:
            return FileStatus.STOPPED
        if f.errors:
            return FileStatus.MERGED_ERRORS
        return FileStatus.MERGED_WARNINGS if f.issues else FileStatus.MERGED


@dataclass
class MergeOutcome:
    """What a merge read, decided and wrote (paths stay ``None`` when not written)."""

    check: CheckResult
    plan: MergePlan
    document: Path | None = None
    export: Path | None = None
    reports: tuple[Path, Path] | None = None
    target: Path | None = None  # where the document goes (also when it was not written)
    backup: Path | None = None  # the edited document kept aside (``--overskriv``)
    update: UpdateSummary | None = None  # merge --oppdater: what happened per chapter
    changes: RoundChanges | None = None  # compared with earlier rounds (``--forrige``)



def plan_merge(check: CheckResult, mode: Mode, report: ReportSettings, form: FormSettings) -> MergePlan:
    """Decide which files are merged, in which order, and which are rejected. The same tiltak in two
    files is marked by :func:`pipeline.validate.batch.check_paths` (as ``validate`` shows it); both are rejected."""
    files = check.files
    plan = MergePlan()
    segments = set(form.vocabulary("segment"))
    for f in files:
        duplicate = any(i.code is Code.DUPLICATE_TILTAK for i in f.issues)
        if f.tiltak is None or duplicate:
            plan.rejected.append(f)
        elif not f.errors:
            plan.merged.append(f)
        elif mode is Mode.LENIENT and f.tiltak.segment in segments:
            plan.merged.append(f)
        elif mode is Mode.LENIENT:
            issue = Code.INVALID_SEGMENT_LENIENT.issue(file=f.name, value=f.tiltak.segment)
            plan.rejected.append(replace(f, issues=[*f.issues, issue]))
        else:
            plan.rejected.append(f)
    plan.expected = check_expected([f.tiltak for f in files if f.tiltak is not None and f.tiltak.navn], report)
    plan.absent = _absent(plan, report)
    plan.stopped = mode is Mode.STRICT and (bool(plan.rejected) or any(f.errors for f in plan.merged))
    plan.merged = ordered(plan.merged, lambda f: f.tiltak, report, form)
    return plan


def _absent(plan: MergePlan, report: ReportSettings) -> list[Absent]:
    """Expected tiltak not among the merged ones, with the rejected files that named them."""
    rejected: dict[str, list[str]] = {}
    for f in plan.rejected:
        if f.tiltak is not None and f.tiltak.navn:
            rejected.setdefault(tiltak_key(f.tiltak.navn), []).append(f.name)
    missing = check_expected([f.tiltak for f in plan.merged], report).missing
    return [Absent(e, tuple(rejected.get(tiltak_key(e.navn), ()))) for e in missing]
