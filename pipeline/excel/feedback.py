"""Feedback copies: an actor's own workbook with every finding marked where it is.

For each workbook with findings, :func:`write_feedback` writes ``<navn>-tilbakemelding.xlsx``:
the actor's file with

* a fill on every cell a finding points at (red: error, yellow: warning), the cell's number
  format and protection kept;
* a note (cell comment) on that cell with the finding's Norwegian message;
* everything it writes in the actor's standard (``FileResult.malform``: bokmål or nynorsk,
  :mod:`pipeline.excel.feedbacktext`), the workbook itself untouched;
* a first sheet «Tilbakemelding» with a short header and every finding, the cell as a link to it;
  findings without a cell (a missing table, an old template version) come first.

The copy is made by editing the file's XML (:mod:`pipeline.excel.xlsxpatch`), never by
loading and saving it with openpyxl, so values, formulas with their stored results, data
validations, tables, names and protection stay exactly as the actor left them. The reader
skips the «Tilbakemelding» sheet and never reads notes, so the copy is still a submission:
validating it gives the same findings, and fixing the marked cells makes it clean.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from pipeline.common.atomic import write_atomic
from pipeline.common.cells import parse_cell
from pipeline.common.malform import Malform
from pipeline.contract import nnforms
from pipeline.contract.formatting import format_date, visible
from pipeline.contract.issues import Issue, Severity
from pipeline.excel.feedbackparts import FeedbackCell, Styles, add_notes, mark_cells, put_first_sheet, sheet_xml
from pipeline.excel.feedbacktext import TEXTS, FeedbackTexts
from pipeline.contract.positions import FEEDBACK_SHEET
from pipeline.excel.xlsxpatch import Package
from pipeline.validate.batch import FileResult

SUFFIX = "-tilbakemelding.xlsx"
FILLS = {Severity.ERROR: "FFC7CE", Severity.WARNING: "FFEB9C"}
WIDTHS = [11, 20, 10, 30, 30, 95]


@dataclass
class FeedbackOutcome:
    """What :func:`write_feedback` did: copies written, files without findings, files that got no copy and why."""

    written: list[Path] = field(default_factory=list)
    clean: list[str] = field(default_factory=list)
    not_written: list[tuple[str, str]] = field(default_factory=list)  # (file, why), Norwegian


def feedback_name(source: Path) -> str:
    """``heliks.xlsx`` -> ``heliks-tilbakemelding.xlsx``. A copy the actor sent back under its own name
    (``heliks-tilbakemelding.xlsx``) keeps that name: the suffix is not added twice."""
    stem, marker = source.stem, SUFFIX.removesuffix(".xlsx")
    if stem.endswith(marker) and len(stem) > len(marker):
        stem = stem.removesuffix(marker)
    return stem + SUFFIX


def _unique(name: str, taken: set[str]) -> str:
    """``name``, or ``…-tilbakemelding-2.xlsx`` and on when a copy of this run already has it (a workbook and the
    copy of it that was sent back, in one folder)."""
    number, unique = 1, name
    while unique in taken:
        number += 1
        unique = name.removesuffix(".xlsx") + f"-{number}.xlsx"
    taken.add(unique)
    return unique


def _placed(issue: Issue, sheets: dict[str, str]) -> bool:
    """The finding points at one cell of a sheet in the file."""
    return bool(issue.sheet in sheets and issue.cell and parse_cell(issue.cell) is not None)


def _note(issues: list[Issue], malform: Malform) -> str:
    grades = TEXTS[malform].grades
    return "\n".join(f"{grades[i.severity.value]}: {i.field_in(malform, nnforms) + ' – ' if i.field else ''}{i.message_in(malform, nnforms)}"
                     for i in issues)


def _header(result: FileResult, checked: date, style: int, texts: FeedbackTexts) -> list[list[FeedbackCell | None]]:
    tiltak = result.tiltak
    who = [f"{texts.tiltak}: {tiltak.navn}" if tiltak and tiltak.navn else "",
           f"{texts.actor}: {tiltak.aktor}" if tiltak and tiltak.aktor else "", f"{texts.file}: {result.name}"]
    return [[FeedbackCell(texts.title, 1)],
            [FeedbackCell(" · ".join(w for w in who if w), style)],
            [FeedbackCell(texts.checked_line(format_date(checked), len(result.errors), len(result.warnings)), style)],
            [FeedbackCell(texts.how_to, style)],
            []]


def _rows(result: FileResult, sheets: dict[str, str], styles: dict[str, int],
          checked: date) -> list[list[FeedbackCell | None]]:
    """The header rows, the captions and one row per finding (those without a cell first), in the actor's
    standard."""
    texts = TEXTS[result.malform]
    rows = _header(result, checked, styles["text"], texts)
    rows.append([FeedbackCell(h, styles["caption"]) for h in texts.headers])
    ordered = sorted(result.issues, key=lambda i: _placed(i, sheets))  # stable: the validator's order otherwise
    for issue in ordered:
        grade = styles[str(issue.severity)]
        placed = _placed(issue, sheets)
        cell = FeedbackCell(issue.cell, styles["link"], f"'{issue.sheet.replace(chr(39), chr(39) * 2)}'!{issue.cell}") \
            if placed else FeedbackCell(issue.cell or texts.whole_book, styles["text"])
        rows.append([FeedbackCell(texts.grades[issue.severity.value], grade), FeedbackCell(visible(issue.sheet), styles["text"]),
                     cell, FeedbackCell(visible(issue.field_in(result.malform, nnforms)), styles["text"]),
                     FeedbackCell(visible(issue.value), styles["text"]),
                     FeedbackCell(visible(issue.message_in(result.malform, nnforms)), styles["text"])])
    return rows


def feedback_bytes(data: bytes, result: FileResult, checked: date) -> bytes:
    """The feedback copy of the workbook ``data`` with the findings of ``result``."""
    pkg = Package(data)
    styles = Styles(pkg)
    sheets = pkg.sheet_parts()
    fills = {severity: styles.fill(rgb) for severity, rgb in FILLS.items()}
    by_cell: dict[tuple[str, str], list[Issue]] = defaultdict(list)
    for issue in result.issues:
        if _placed(issue, sheets):
            by_cell[(issue.sheet, issue.cell.upper())].append(issue)
    unmarked: list[str] = []
    for block, sheet in enumerate(dict.fromkeys(s for s, _ in by_cell), start=100):
        part = sheets[sheet]
        root = pkg.xml(part)
        cells = {coord: issues for (s, coord), issues in by_cell.items() if s == sheet}
        worst = {coord: fills[Severity.ERROR if any(i.is_error for i in issues) else Severity.WARNING]
                 for coord, issues in cells.items()}
        mark_cells(root, worst, styles)
        if not add_notes(pkg, part, root, {coord: _note(issues, result.malform) for coord, issues in cells.items()},
                         block):
            unmarked.append(sheet)
    formats = {"caption": styles.format(font=styles.font(bold=True), fill=styles.fill("D9E1F2")),
               "link": styles.format(font=styles.font(link=True)), "text": styles.format(),
               str(Severity.ERROR): styles.format(fill=fills[Severity.ERROR]),
               str(Severity.WARNING): styles.format(fill=fills[Severity.WARNING])}
    rows = _rows(result, sheets, formats, checked)
    rows[0][0] = FeedbackCell(rows[0][0].value, styles.format(font=styles.font(bold=True, size=14), wrap=False))
    if unmarked:
        rows[4] = [FeedbackCell(TEXTS[result.malform].unmarked.format(sheets=", ".join(unmarked)), formats["text"])]
    put_first_sheet(pkg, FEEDBACK_SHEET, sheet_xml(rows, WIDTHS, freeze=7))
    chain = pkg.related(pkg.workbook, "calcChain")
    if chain:  # Excel's order of calculation names sheets by position; Excel rebuilds it when it is missing
        pkg.remove(chain)
    return pkg.save()


def write_feedback(results: list[FileResult], folder: Path, checked: date) -> FeedbackOutcome:
    """A feedback copy in ``folder`` for every readable workbook with findings.

    A workbook that could not be read gets no copy, but a reason; an output folder that cannot
    be written raises :class:`~pipeline.common.atomic.OutputError`.
    """
    outcome, taken = FeedbackOutcome(), set()
    for result in results:
        if not result.issues:
            outcome.clean.append(result.name)
            continue
        if result.tiltak is None:
            outcome.not_written.append((result.name, result.errors[0].message if result.errors else "kan ikke leses"))
            continue
        try:
            data = feedback_bytes(result.path.read_bytes(), result, checked)
        except Exception as exc:  # noqa: BLE001 - an odd file costs its own copy, never the others
            outcome.not_written.append((result.name, f"kopien kunne ikke lages ({type(exc).__name__})"))
            continue
        outcome.written.append(write_atomic(folder / _unique(feedback_name(result.path), taken), data))
    return outcome
