"""The validation report as Norwegian text (for people) and as a dict (for ``--json``)."""

from __future__ import annotations

from typing import Any

from pipeline.validate.batch import CheckResult, FileResult
from pipeline.contract.issues import Issue

_LABEL = {"feil": "FEIL     ", "advarsel": "ADVARSEL "}


def count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _issue_line(issue: Issue) -> str:
    return f"  {_LABEL[str(issue.severity)]}{issue.format(with_file=False)}"


def file_heading(result: FileResult) -> str:
    title = f" ({result.tiltak.navn})" if result.tiltak and result.tiltak.navn else ""
    if not result.issues:
        return f"{result.name}{title}: OK"
    return (f"{result.name}{title}: {count(len(result.errors), 'feil', 'feil')}, "
            f"{count(len(result.warnings), 'advarsel', 'advarsler')}")


def format_text(result: CheckResult, *, show_warnings: bool = True) -> str:
    lines: list[str] = []
    for path in result.missing:
        lines.append(f"{path}: finnes ikke.")
    for note in result.skipped:
        lines.append(f"{note.file}: {note.message}")
    for file in result.files:
        lines.append(file_heading(file))
        shown = file.issues if show_warnings else file.errors
        lines.extend(_issue_line(i) for i in shown)
    lines.append("")
    lines.append(summary_line(result))
    return "\n".join(lines)


def summary_line(result: CheckResult) -> str:
    n = len(result.files)
    with_errors = sum(1 for f in result.files if f.errors)
    warnings = sum(len(f.warnings) for f in result.files)
    return (f"Oppsummert: {count(n, 'arbeidsbok', 'arbeidsbøker')} lest, {n - with_errors} uten feil, "
            f"{with_errors} med feil; {count(warnings, 'advarsel', 'advarsler')} i alt.")


def to_dict(result: CheckResult) -> dict[str, Any]:
    return {
        "filer": [f.to_dict() for f in result.files],
        "hoppet_over": [i.to_dict() for i in result.skipped],
        "finnes_ikke": [str(p) for p in result.missing],
        "oppsummering": {
            "arbeidsboker": len(result.files),
            "med_feil": sum(1 for f in result.files if f.errors),
            "advarsler": sum(len(f.warnings) for f in result.files),
        },
    }
