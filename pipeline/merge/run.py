"""The secretariat's merge: validate every workbook, merge the valid ones into one document.

:func:`pipeline.merge.plan.plan_merge` is pure (which files go in, in which order, and why
the others do not); :func:`run_merge` does the I/O: read, plan, render, export, report.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.common import timing
from pipeline.common.atomic import OutputError, write_atomic_many
from pipeline.contract.settings import FormSettings, ReportSettings
from pipeline.merge.chase import previous_round
from pipeline.merge.export import tiltak_to_record
from pipeline.merge.plan import MergeOutcome, MergePlan, Mode, plan_merge
from pipeline.summary.changes import Round, RoundChanges, compare_rounds
from pipeline.validate.batch import FileResult, check_paths
from pipeline.validate.crossfile import known_actors

if TYPE_CHECKING:
    from pipeline.merge.update import UpdateRequest

__all__ = ["EXPORT_NAME", "Mode", "MergeOutcome", "MergePlan", "plan_merge", "run_merge", "lenient_note",
           "export_records", "DocumentProtected", "docx_path"]

EXPORT_NAME = "vedlegg2.json"


class DocumentProtected(OutputError):
    """The document at the output path was edited (or made elsewhere), so the merge does not replace it.
    ``state`` is a :class:`pipeline.word.fingerprint.DocumentState`."""

    def __init__(self, path: Path, state) -> None:
        self.path, self.state = path, state
        super().__init__(f"{path} er {state} siden det ble laget, så det erstattes ikke.")


def docx_path(output: Path) -> Path:
    """``…/Vedlegg2`` → ``…/Vedlegg2.docx``: the document always gets the ``.docx`` it needs to open
    (a folder is left as given, so that writing reports it)."""
    output = Path(output)
    if output.suffix.lower() == ".docx" or output.is_dir():
        return output
    return output.with_name(output.name + ".docx")


def _signature(path: Path) -> tuple[int, int] | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return info.st_mtime_ns, info.st_size


class _Guard:
    """The document's :class:`DocumentState`, checked before reading and again (when the file changed
    meanwhile) before writing; :class:`DocumentProtected` when it may not be replaced."""

    def __init__(self, output: Path, overwrite: bool) -> None:
        self.output, self.overwrite = output, overwrite
        self.signature, self.state = None, None
        self.check()

    def check(self):
        from pipeline.word.guard import document_state  # the body read element by element (a large document)

        signature = _signature(self.output)
        if self.state is None or signature != self.signature:
            self.signature, self.state = signature, document_state(self.output)
        if not self.state.replaceable and not self.overwrite:
            raise DocumentProtected(self.output, self.state)
        return self.state


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
              jobs: int | None = None, overwrite: bool = False, history: Sequence[Round] = (),
              update: UpdateRequest | None = None) -> MergeOutcome:
    """Read, plan, render and write. The document, the export and the merge report are
    replaced together or not at all; with nothing to merge only the merge report is written.
    A document edited since the last merge (or made elsewhere) is not replaced
    (:class:`DocumentProtected`) unless ``overwrite``, and then a backup is kept beside it.
    ``jobs``: worker processes for reading (see :func:`pipeline.validate.batch.worker_count`).
    ``history``: earlier rounds, oldest first (see :mod:`pipeline.merge.history`), compared with this one.
    ``update``: carry the merge into an edited document instead (see :mod:`pipeline.merge.update`);
    updating that document in place is what it is for, so the edit guard does not stop it."""
    from pipeline.word.checks import check_template
    from pipeline.word.template import WORD_TEMPLATE_PATH

    output = docx_path(output)
    in_place = update is not None and output.resolve() == Path(update.edited).resolve()
    guard = _Guard(output, overwrite or in_place)  # before the long read: say it at once
    check_template(Path(template) if template else WORD_TEMPLATE_PATH)
    check = check_paths(paths, form, report.rapportdato, progress=progress, jobs=jobs, actors=known_actors(report))
    with timing.stage("plan"):
        plan = plan_merge(check, mode, report, form)
    outcome = MergeOutcome(check, plan, target=output)
    changes = compare_rounds(history, [f.tiltak for f in plan.merged], form, report.periode) if history else None
    outcome.changes = changes
    files: list[tuple[Path, bytes]] = []
    if plan.merged and not plan.stopped:
        files += _document_files(outcome, output, report, form, template, changes, update)
    from pipeline.merge.report import report_files  # openpyxl: not needed before the workbooks are read

    with timing.stage("report"):
        reports = report_files(outcome, report, output.parent, changes, previous_round(history))
    with timing.stage("save"):
        if files and not in_place and not guard.check().replaceable:  # again, if it changed meanwhile
            from pipeline.common.backup import keep_backup

            outcome.backup = keep_backup(output)
        write_atomic_many(files + reports)
    outcome.reports = (reports[0][0], reports[1][0])
    return outcome


def _document_files(outcome: MergeOutcome, output: Path, report: ReportSettings, form: FormSettings,
                    template: Path | None, changes: RoundChanges | None,
                    update: UpdateRequest | None = None) -> list[tuple[Path, bytes]]:
    """The document and the JSON export as bytes; sets where they will be written."""
    tiltak = [f.tiltak for f in outcome.plan.merged]
    summary = None
    if report.sammendrag:
        with timing.stage("summarise"):
            from pipeline.summary.aggregate import build_summary
            from pipeline.word.summary import summary_writer

            summary = summary_writer(build_summary(tiltak, report.rapportdato, form, changes), form, report.diagrammer)
    plan = outcome.plan
    notes = {i: [lenient_note(f) if f.errors else "", _change_note(changes, report, f.tiltak.navn, form)]
             for i, f in enumerate(plan.merged)}
    kwargs = {"template": template} if template else {}
    if update is not None:  # the fresh document is only the source of the update: never saved
        from pipeline.merge.update import update_files
        from pipeline.word.render import render_document

        with timing.stage("render"):  # includes importing python-docx/docxtpl and filling the template
            doc = render_document(tiltak, report, form, notes=notes, summary=summary, **kwargs)
        with timing.stage("update"):
            documents, outcome.update = update_files(update, doc, output)
    else:
        with timing.stage("render"):  # also fingerprints and serialises it (chapter by chapter: see word/stream)
            from pipeline.word.stream import render_docx

            documents = [(output, render_docx(tiltak, report, form, notes=notes, summary=summary, **kwargs))]
    data = json.dumps(export_records(plan), ensure_ascii=False, indent=1).encode("utf-8")
    outcome.document, outcome.export = output, output.with_name(EXPORT_NAME)
    return [*documents, (outcome.export, data)]


def _change_note(changes: RoundChanges | None, report: ReportSettings, name: str, form: FormSettings) -> str:
    """«Endret siden forrige rapport: …» under a changed chapter (``endringsmerknader``)."""
    if changes is None or not report.endringsmerknader:
        return ""
    from pipeline.word.changes import chapter_note
    from pipeline.word.doctexts import DocTexts

    return chapter_note(changes.of(name), changes.previous.label, DocTexts(report.malform, form.value_forms()))
