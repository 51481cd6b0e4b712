"""What ``validate`` and ``tilbakemelding`` share: the report date (and where it came from) and checking the
workbooks the same way, so a feedback copy shows exactly what ``validate`` reports."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from pipeline.cli.errors import UsageError
from pipeline.cli.options import form_settings, report_settings_path
from pipeline.cli.progress import Progress


@dataclass(frozen=True)
class ReportDate:
    """The date the overdue check uses, and where it came from (said in the report)."""

    value: date
    source: str


def report_date(args, settings_path: Path | None, settings) -> ReportDate:
    """``--rapportdato``, else the report settings' ``rapportdato``, else today."""
    if args.rapportdato:
        return ReportDate(args.rapportdato, "fra --rapportdato")
    if settings is not None:
        return ReportDate(settings.rapportdato, f"fra {settings_path}")
    return ReportDate(date.today(), "dagens dato; fant ingen rapport.toml og ingen --rapportdato")


def check_as_validate(args):
    """Read and validate ``args.paths`` as ``validate`` does; returns (CheckResult, ReportDate).
    :class:`UsageError` when none of the paths exist."""
    from pipeline.contract.settings import load_report_settings
    from pipeline.validate.batch import check_paths
    from pipeline.validate.crossfile import known_actors

    settings_path = report_settings_path(args, args.paths)
    settings = load_report_settings(settings_path) if settings_path else None
    when = report_date(args, settings_path, settings)
    progress = Progress(args.quiet)
    try:
        result = check_paths(args.paths, form_settings(args), when.value, progress=progress, jobs=args.jobs,
                             actors=known_actors(settings))
    finally:
        progress.close()
    if result.missing and not result.files:
        raise UsageError("Fant ingen av filene: " + ", ".join(str(p) for p in result.missing))
    return result, when
