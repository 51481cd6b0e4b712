"""What the jobs of :mod:`pipeline.api` return: plain result objects, nothing printed."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the result types only; importing them would load python-docx for ``validate``
    from pipeline.excel.feedback import FeedbackOutcome
    from pipeline.merge.plan import MergeOutcome
    from pipeline.pdf.convert import PdfResult
    from pipeline.validate.batch import CheckResult


@dataclass(frozen=True)
class ReportDate:
    """The date the overdue check uses, and where it came from (said in the report)."""

    value: date
    source: str


@dataclass(frozen=True)
class ValidateResult:
    """:func:`pipeline.api.validate`: every file's findings and the report date used."""

    check: CheckResult
    report_date: ReportDate


@dataclass(frozen=True)
class FeedbackResult:
    """:func:`pipeline.api.feedback`: the check, the copies written and where."""

    check: CheckResult
    report_date: ReportDate
    outcome: FeedbackOutcome
    folder: Path
    made_folder: Path | None = None


@dataclass(frozen=True)
class MergeResult:
    """:func:`pipeline.api.merge`: what was read, decided and written, and what the console would say
    besides (warnings about earlier rounds, the feedback copies with ``tilbakemelding=True``)."""

    outcome: MergeOutcome
    history_warnings: list[str] = field(default_factory=list)
    feedback: FeedbackOutcome | None = None
    feedback_folder: Path | None = None
    made_folder: Path | None = None


@dataclass(frozen=True)
class PrefillResult:
    """:func:`pipeline.api.prefill`: the workbooks written."""

    paths: list[Path]
    folder: Path
    made_folder: Path | None = None
    backups: list[Path] = field(default_factory=list)


@dataclass(frozen=True)
class TemplateResult:
    """:func:`pipeline.api.template`: where the Excel template was written."""

    path: Path
    made_folder: Path | None = None


@dataclass(frozen=True)
class PdfJobResult:
    """:func:`pipeline.api.pdf`: the PDF made (pages, seconds, warnings) and the folder made for it."""

    pdf: PdfResult
    made_folder: Path | None = None
