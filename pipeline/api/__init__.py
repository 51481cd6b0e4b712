"""The library surface: the one place where a job is wired. The command line parses its arguments, calls
one of these and prints the result; a web front end calls the same functions.

Jobs: :func:`validate`, :func:`merge` (plain, ``oppdater`` an edited document, ``forrige`` earlier rounds,
``tilbakemelding`` copies), :func:`feedback`, :func:`prefill`, :func:`template`, :func:`pdf`. Each takes paths
and plain options, finds the settings the way the command line does (see :mod:`pipeline.resources`) and
returns a result object (:mod:`pipeline.api.results`). Nothing is printed and nothing exits; progress while
reading workbooks goes to ``progress(done, total, path)``.

Errors: every expected problem raises :class:`PipelineError` (:mod:`pipeline.common.errors`) with a Norwegian
message naming the file and ``exit_code`` (2 for a user's mistake) — broken settings, a missing file, an
edited document that would be replaced, an unwritable folder (an :class:`OSError` is turned into
:class:`FileSystemError`). Anything else is a bug. See docs/api.md.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from pipeline.api.jobs import feedback, pdf, pdf_unavailable, prefill, report_date, template, validate
from pipeline.api.merging import merge
from pipeline.api.paths import ensure_folder, form_settings
from pipeline.api.pieces import (RecordChange, check_file, feedback_copy, prefilled_workbook, record_changes,
                                 template_bytes, tiltak_record, workbook_stems)
from pipeline.api.results import (FeedbackResult, MergeResult, PdfJobResult, PrefillResult, ReportDate,
                                  TemplateResult, ValidateResult)
from pipeline.common.errors import FileSystemError, PipelineError, UsageError
from pipeline.merge.plan import MergeOutcome, Mode
from pipeline.api.reminding import earlier_contacts, listed_standard, reminder_contact, reminder_standard
from pipeline.api.rounds import EarlierRound, check_document, read_rounds, write_rounds
from pipeline.read.discover import REPORT_SETTINGS_NAME
from pipeline.validate.batch import CheckResult, FileResult

__all__ = ["validate", "merge", "feedback", "prefill", "template", "pdf", "pdf_unavailable", "check_workbooks", "merge_folder",
           "build_template", "form_settings", "ensure_folder", "read_export", "report_date", "Mode",
           "PipelineError", "UsageError", "FileSystemError", "ValidateResult", "MergeResult", "FeedbackResult",
           "PrefillResult", "TemplateResult", "PdfJobResult", "ReportDate",
           # for a front end that handles one file or one round at a time (the portal)
           "check_file", "tiltak_record", "feedback_copy", "prefilled_workbook", "workbook_stems", "record_changes",
           "RecordChange", "EarlierRound", "read_rounds", "write_rounds", "check_document", "CheckResult",
           "FileResult", "REPORT_SETTINGS_NAME", "earlier_contacts", "reminder_contact", "reminder_standard", "template_bytes", "listed_standard"]


def check_workbooks(paths: list[str | Path], *, skjema: str | Path | None = None,
                    rapportdato: date | None = None, jobs: int | None = None) -> CheckResult:
    """Read and validate workbooks (files or folders), no report settings looked for; every finding is in
    the result. ``rapportdato``: deliverables due before it and not delivered are reported."""
    from pipeline.validate.batch import check_paths

    return check_paths([Path(p) for p in paths], form_settings(skjema), rapportdato, jobs=jobs)


def merge_folder(folder: str | Path, output: str | Path = "output/Vedlegg2.docx", *,
                 innstillinger: str | Path | None = None, skjema: str | Path | None = None,
                 mode: Mode | str = Mode.NORMAL, mal: str | Path | None = None,
                 jobs: int | None = None) -> MergeOutcome:
    """:func:`merge` of one folder, returning only the :class:`MergeOutcome`."""
    return merge([Path(folder)], output, innstillinger=innstillinger, skjema=skjema, mode=mode, mal=mal,
                 jobs=jobs).outcome


def build_template(output: str | Path | None = None, *, skjema: str | Path | None = None,
                   malform: str | None = None) -> Path:
    """:func:`template`, returning the path written (``malform="nynorsk"``: the nynorsk template)."""
    return template(output, skjema=skjema, malform=malform).path


def read_export(path: str | Path) -> list[dict]:
    """The tiltak records of an earlier round's export (``vedlegg2.json``), checked; the one reader of that
    format (:func:`pipeline.merge.history.read_export`). :class:`PipelineError` when it cannot be read."""
    from pipeline.merge.history import read_export as read

    return read(Path(path))
