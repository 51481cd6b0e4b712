"""The secretariat's merge: validate every workbook, merge the valid ones into one document.

:func:`plan_merge` is pure (which files go in, in which order, and why the others
do not); :func:`run_merge` does the I/O: read, plan, render, export.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass, field, replace
from enum import StrEnum
from pathlib import Path

from pipeline.common import timing
from pipeline.common.atomic import write_atomic_many
from pipeline.validate.batch import CheckResult, FileResult, check_paths
from pipeline.contract.issues import Code
from pipeline.summary.portfolio import ExpectedCheck, check_expected, duplicates, ordered
from pipeline.merge.export import tiltak_to_record
from pipeline.contract.settings import FormSettings, ReportSettings

EXPORT_NAME = "vedlegg2.json"


class Mode(StrEnum):
    NORMAL = "normal"  # submissions with errors are left out
    STRICT = "streng"  # any error stops the merge: no document is written
    LENIENT = "mild"  # submissions with errors are merged too, marked in the document


@dataclass
class MergePlan:
    merged: list[FileResult] = field(default_factory=list)  # in document order
    rejected: list[FileResult] = field(default_factory=list)
    stopped: bool = False  # strict mode found errors: nothing is written
    expected: ExpectedCheck = field(default_factory=ExpectedCheck)

    @property
    def all_merged(self) -> bool:
        return not self.rejected and not self.stopped


def _mark_duplicates(files: list[FileResult]) -> list[FileResult]:
    """Two workbooks for the same tiltak: an error in each, naming the others. Neither wins."""
    readable = [f for f in files if f.tiltak is not None and f.tiltak.navn]
    dupes = {id(f): group for group in duplicates(readable, lambda f: f.tiltak).values() for f in group}
    out = []
    for f in files:
        group = dupes.get(id(f))
        if group:
            others = ", ".join(o.name for o in group if o is not f)
            issue = Code.DUPLICATE_TILTAK.issue(file=f.name, value=f.tiltak.navn, others=others)
            f = replace(f, issues=[*f.issues, issue])
        out.append(f)
    return out


def plan_merge(check: CheckResult, mode: Mode, report: ReportSettings, form: FormSettings) -> MergePlan:
    files = _mark_duplicates(check.files)
    plan = MergePlan()
    segments = set(form.vocabulary("segment"))
    for f in files:
        duplicate = any(i.code == Code.DUPLICATE_TILTAK.code for i in f.issues)
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
    plan.stopped = mode is Mode.STRICT and (bool(plan.rejected) or any(f.errors for f in plan.merged))
    plan.merged = ordered(plan.merged, lambda f: f.tiltak, report, form)
    return plan


def lenient_note(f: FileResult) -> str:
    n = len(f.errors)
    return (f"Merk: Innrapporteringen ({f.name}) har {n} feil som ikke er rettet. "
            "Se flettingsrapporten (merge-rapport.xlsx).")


def export_records(plan: MergePlan) -> list[dict]:
    return [tiltak_to_record(f.tiltak) for f in plan.merged]


@dataclass
class MergeOutcome:
    check: CheckResult
    plan: MergePlan
    document: Path | None = None
    export: Path | None = None
    reports: tuple[Path, Path] | None = None


def run_merge(paths: list[Path], output: Path, report: ReportSettings, form: FormSettings, *,
              mode: Mode = Mode.NORMAL, template: Path | None = None, progress=None,
              jobs: int | None = None) -> MergeOutcome:
    """Read, plan, render and write. The document, the export and the merge report are
    replaced together or not at all. ``jobs``: worker processes for reading (see
    :func:`pipeline.validate.batch.worker_count`)."""
    check = check_paths(paths, form, report.rapportdato, progress=progress, jobs=jobs)
    with timing.stage("plan"):
        plan = plan_merge(check, mode, report, form)
    outcome = MergeOutcome(check, plan)
    files: list[tuple[Path, bytes]] = []
    if not plan.stopped:
        files += _document_files(outcome, output, report, form, template)
    with timing.stage("report"):
        from pipeline.merge.report import report_files

        reports = report_files(outcome, report, output.parent)
    with timing.stage("save"):
        write_atomic_many(files + reports)
    outcome.reports = (reports[0][0], reports[1][0])
    return outcome


def _document_files(outcome: MergeOutcome, output: Path, report: ReportSettings, form: FormSettings,
                    template: Path | None) -> list[tuple[Path, bytes]]:
    """The document and the JSON export as bytes; sets where they will be written."""
    tiltak = [f.tiltak for f in outcome.plan.merged]
    summary = None
    if report.sammendrag:
        with timing.stage("summarise"):
            from pipeline.summary.aggregate import build_summary
            from pipeline.word.summary import summary_writer

            summary = summary_writer(build_summary(tiltak, report.rapportdato, form), form)
    with timing.stage("render"):  # includes importing python-docx/docxtpl and filling the template
        from pipeline.word.render import render_document

        plan = outcome.plan
        notes = {i: lenient_note(f) for i, f in enumerate(plan.merged) if f.errors}
        kwargs = {"template": template} if template else {}
        doc = render_document(tiltak, report, form, notes=notes, summary=summary, **kwargs)
        buffer = io.BytesIO()
        doc.save(buffer)
    data = json.dumps(export_records(plan), ensure_ascii=False, indent=1).encode("utf-8")
    outcome.document, outcome.export = output, output.with_name(EXPORT_NAME)
    return [(outcome.document, buffer.getvalue()), (outcome.export, data)]
