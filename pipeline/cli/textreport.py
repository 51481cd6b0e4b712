"""What the commands print: the validation report as Norwegian text (for people) and as a dict
(for ``--json``), and the merge summary."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from pipeline.common.counted import counted
from pipeline.common.malform import Malform
from pipeline.contract import nnforms
from pipeline.contract.formatting import format_date
from pipeline.contract.issues import Issue
from pipeline.merge.plan import MergeOutcome
from pipeline.validate.batch import CheckResult, FileResult



def _issue_line(issue: Issue, malform: Malform | None = None) -> str:
    """One finding: its severity and message in ``malform`` (bokmål when None)."""
    return f"  {issue.severity.word(malform).upper():<9}{issue.format(with_file=False, malform=malform, words=nnforms)}"


def file_heading(result: FileResult) -> str:
    """``heliks.xlsx (HELIKS): 2 feil, 1 advarsel`` or ``…: OK``."""
    title = f" ({result.tiltak.navn})" if result.tiltak and result.tiltak.navn else ""
    if not result.issues:
        return f"{result.name}{title}: OK"
    return (f"{result.name}{title}: {counted(len(result.errors), 'feil', 'feil')}, "
            f"{counted(len(result.warnings), 'advarsel', 'advarsler')}")


def report_date_line(report_date: date, source: str) -> str:
    """``Rapportdato for forfalte leveranser: 01.11.2021 (fra input/rapport.toml)``."""
    return f"Rapportdato for forfalte leveranser: {format_date(report_date)} ({source})"


def format_text(result: CheckResult, report_date: date | None = None, source: str = "", *,
                show_warnings: bool = True) -> str:
    """The whole validation report: the report date used, each file with its issues, then a summary line.

    Without ``show_warnings`` (``--bare-feil``) only files with errors are listed, with only their errors.
    Each file's findings are in its actor's standard (``FileResult.malform``), the skipped files' in
    ``CheckResult.malform``; the lines around them are bokmål (for the secretariat).
    """
    lines: list[str] = [report_date_line(report_date, source)] if report_date else []
    for path in result.missing:
        lines.append(f"{path}: finnes ikke.")
    for note in result.skipped:
        if show_warnings or note.is_error:
            lines.append(f"{note.file}: {note.message_in(result.malform, nnforms)}")
    for file in result.files:
        if not show_warnings and not file.errors:
            continue
        lines.append(file_heading(file))
        shown = file.issues if show_warnings else file.errors
        lines.extend(_issue_line(i, file.malform) for i in shown)
    lines.append("")
    lines.append(summary_line(result))
    return "\n".join(lines)


def summary_line(result: CheckResult) -> str:
    """How many workbooks were read, how many have errors, and the number of warnings."""
    n = len(result.files)
    with_errors = sum(1 for f in result.files if f.errors)
    warnings = sum(len(f.warnings) for f in result.files)
    return (f"Oppsummert: {counted(n, 'arbeidsbok', 'arbeidsbøker')} lest, {n - with_errors} uten feil, "
            f"{with_errors} med feil; {counted(warnings, 'advarsel', 'advarsler')} i alt.")


def to_dict(result: CheckResult, report_date: date | None = None, source: str = "", *,
            own_malform: bool = False) -> dict[str, Any]:
    """The validation report for ``validate --json`` (:meth:`CheckResult.to_dict`)."""
    return result.to_dict(report_date, source, own_malform=own_malform)


def merge_summary(outcome: MergeOutcome, source: str | Path) -> str:
    """What ``merge`` prints: counts, rejected files with their errors, missing and unexpected tiltak."""
    plan, check = outcome.plan, outcome.check
    lines = [f"Leste {counted(len(check.files), 'arbeidsbok', 'arbeidsbøker')} fra {source}."]
    lines += [f"{note.file}: {note.message}" for note in check.skipped]
    with_warnings = [f for f in plan.merged if f.warnings]
    with_errors = [f for f in plan.merged if f.errors]
    parts = [f"{len(with_warnings)} med advarsler"] if with_warnings else []
    if with_errors:
        parts.append(f"{len(with_errors)} med feil (--lenient, merket i dokumentet)")
    head = "Uten feil, men ikke skrevet (--strict)" if plan.stopped else "Slått sammen"
    lines.append(f"{head}: {len(plan.merged)}" + (", av dem " + " og ".join(parts) if parts else "") + ".")
    lines.append(f"Avvist: {len(plan.rejected)}.")
    for f in plan.rejected:
        lines.append("  " + file_heading(f))
        lines += [f"    {i.format(with_file=False)}" for i in f.errors]
    if with_warnings:
        n = sum(len(f.warnings) for f in with_warnings)
        lines.append(f"Se advarslene ({n}) i flettingsrapporten eller med «innrapportering validate {source}».")
    if plan.absent:
        lines.append(f"Mangler i dokumentet ({len(plan.absent)} forventet):")
        lines += [f"  {a.expected.navn} ({', '.join(x for x in (a.expected.segment, a.expected.aktor) if x)})"
                  f" – {a.reason}" for a in plan.absent]
    if plan.expected.unexpected:
        lines.append("Mottatt uten å stå i listen over forventede tiltak: " + ", ".join(plan.expected.unexpected))
    if outcome.changes is not None:
        n = len(outcome.changes.changes)
        lines.append(f"Sammenlignet med {outcome.changes.previous.label}: {counted(n, 'endring', 'endringer')} "
                     "(«Endringer siden forrige rapport» i sammendraget, arket «Endringer» i flettingsrapporten).")
    lines += _written(outcome)
    return "\n".join(lines)


def _written(outcome: MergeOutcome) -> list[str]:
    """The lines about what was written, and what was kept."""
    from pipeline.merge.run import EXPORT_NAME  # not at the top: validate must not import the Word stage

    plan, lines = outcome.plan, []
    if plan.stopped:
        lines.append("Ingen dokument skrevet: --strict stopper når en innrapportering har feil.")
    elif plan.nothing_merged:
        target = outcome.target
        kept = [p for p in (target, target.with_name(EXPORT_NAME)) if p.exists()] if target else []
        lines.append("Ingen dokument skrevet: ingen av innrapporteringene kunne slås sammen.")
        if kept:
            lines.append("Forrige " + " og ".join(str(p) for p in kept) + " står uendret.")
    else:
        if outcome.backup is not None:
            lines.append(f"Det gamle dokumentet er tatt vare på som {outcome.backup}.")
        lines.append(f"Skrev {outcome.document} og {outcome.export}.")
    if outcome.reports:
        lines.append(f"Flettingsrapport: {outcome.reports[0]} (og {outcome.reports[1].name}).")
    return lines


def feedback_summary(outcome, folder: Path) -> str:
    """What was written, and which workbooks got no copy and why."""
    lines = [f"Tilbakemelding: skrev {counted(len(outcome.written), 'kopi', 'kopier')} med funn til {folder}."]
    lines += [f"  {name}: ingen kopi – {why}" for name, why in outcome.not_written]
    if outcome.clean:
        lines.append(f"Uten funn (ingen kopi): {', '.join(outcome.clean)}.")
    return "\n".join(lines)


def pdf_lines(result) -> list[str]:
    """What ``pdf`` (and ``merge --pdf``) prints about the PDF made."""
    from pipeline.contract.formatting import show_rounded

    lines = [f"Skrev {result.pdf} ({result.pages} sider, {show_rounded(result.seconds)} s). "
             f"Sidetallene står nå i innholdsfortegnelsen i {result.docx}."]
    return lines + [f"Advarsel: {warning}" for warning in result.warnings]


def announce_folder(made: Path | None) -> None:
    """Say that an output folder was made (``-o`` with one missing level)."""
    if made is not None:
        print(f"Lagde mappen {made}.")
