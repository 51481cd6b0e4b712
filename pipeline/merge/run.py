"""The secretariat's merge: validate every workbook, merge the valid ones into one document.

:func:`pipeline.merge.plan.plan_merge` is pure (which files go in, in which order, and why
the others do not); :func:`run_merge` does the I/O: read, plan, render, export, report.
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.common import timing
from pipeline.common.atomic import write_atomic_many
from pipeline.contract.settings import FormSettings, ReportSettings
from pipeline.merge.export import tiltak_to_record
from pipeline.merge.plan import MergeOutcome, MergePlan, Mode, plan_merge
from pipeline.merge.report import report_files
from pipeline.validate.batch import FileResult, check_paths

if TYPE_CHECKING:
    from pipeline.merge.update import UpdateRequest

__all__ = ["EXPORT_NAME", "Mode", "MergeOutcome", "MergePlan", "plan_merge", "run_merge", "lenient_note",
           "export_records"]

EXPORT_NAME = "vedlegg2.json"


def lenient_note(f: FileResult) -> str:
    """The note above a chapter merged with ``--lenient`` despite its errors."""
    n = len(f.errors)
    return (f"Merk: Innrapporteringen ({f.name}) har {n} feil som ikke er rettet. "
            "Se flettingsrapporten (merge-rapport.xlsx).")


def export_records(plan: MergePlan) -> list[dict]:
    """The merged tiltak as export records, in document order."""
    return [tiltak_to_record(f.tiltak) for f in plan.merged]


def run_merge(paths: list[Path], output: Path, report: ReportSettings, form: FormSettings, *,
              mode: Mode = Mode.NORMAL, template: Path | None = None, progress=None,
              jobs: int | None = None, update: UpdateRequest | None = None) -> MergeOutcome:
    """Read, plan, render and write. The document, the export and the merge report are
    replaced together or not at all. ``jobs``: worker processes for reading (see
    :func:`pipeline.validate.batch.worker_count`). ``update``: carry the merge into an
    edited document instead (see :mod:`pipeline.merge.update`)."""
    check = check_paths(paths, form, report.rapportdato, progress=progress, jobs=jobs)
    with timing.stage("plan"):
        plan = plan_merge(check, mode, report, form)
    outcome = MergeOutcome(check, plan)
    files: list[tuple[Path, bytes]] = []
    if not plan.stopped:
        files += _document_files(outcome, output, report, form, template, update)
    with timing.stage("report"):
        reports = report_files(outcome, report, output.parent)
    with timing.stage("save"):
        write_atomic_many(files + reports)
    outcome.reports = (reports[0][0], reports[1][0])
    return outcome


def _document_files(outcome: MergeOutcome, output: Path, report: ReportSettings, form: FormSettings,
                    template: Path | None, update: UpdateRequest | None = None) -> list[tuple[Path, bytes]]:
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
    documents = [(output, buffer.getvalue())]
    if update is not None:
        from pipeline.merge.update import update_files

        with timing.stage("update"):
            documents, outcome.update = update_files(update, doc, output)
    data = json.dumps(export_records(plan), ensure_ascii=False, indent=1).encode("utf-8")
    outcome.document, outcome.export = output, output.with_name(EXPORT_NAME)
    return [*documents, (outcome.export, data)]
