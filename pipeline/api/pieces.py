"""Pieces for a front end that handles one workbook or one tiltak at a time (the portal): check one file as
``validate`` does, the marked feedback copy and the prefilled workbook as bytes, a tiltak as an export record,
what changed between two records, and workbook names. Nothing is printed and nothing is written to disk.

The portal imports these from :mod:`pipeline.api` only (tests/test_portal_imports.py).
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.api.paths import form_settings
from pipeline.common.malform import Malform
from pipeline.api.typeddates import StandIns, stand_in

if TYPE_CHECKING:
    from pipeline.contract.models import Tiltak
    from pipeline.contract.settings import ReportSettings
    from pipeline.validate.batch import CheckResult, FileResult

def check_file(path: str | Path, report: ReportSettings | None, *, rapportdato: date | None = None,
               skjema=None) -> CheckResult:
    """One workbook read and checked exactly as ``validate FILE --innstillinger`` does with ``report``
    (its known actors; ``rapportdato`` else the settings' date). A bad file never raises: it is in the result."""
    from pipeline.validate.batch import check_paths
    from pipeline.validate.crossfile import known_actors

    when = rapportdato if rapportdato is not None else (report.rapportdato if report is not None else None)
    return check_paths([Path(path)], form_settings(skjema), when, jobs=1, actors=known_actors(report))


def tiltak_record(tiltak: Tiltak) -> dict:
    """A read tiltak as a record of the export (``vedlegg2.json``)."""
    from pipeline.merge.export import tiltak_to_record

    return tiltak_to_record(tiltak)


def feedback_copy(data: bytes, file: FileResult, name: str, checked: date | None = None,
                  malform: Malform | None = None) -> tuple[str, bytes] | None:
    """(``<stem>-tilbakemelding.xlsx``, the marked copy) of the workbook ``data`` named ``name``, with the
    findings of ``file``, in ``malform`` (else the file's own standard); ``None`` when there is nothing to mark
    or the file cannot be copied."""
    from dataclasses import replace

    from pipeline.excel.feedback import feedback_bytes, feedback_name

    if not file.issues or file.tiltak is None:
        return None
    try:
        chosen = replace(file, malform=malform) if malform is not None else file
        return feedback_name(Path(name)), feedback_bytes(data, chosen, checked or date.today())
    except Exception:  # noqa: BLE001 - an odd file gets no copy; its findings are still reported
        return None


def prefilled_workbook(record: dict, *, skjema=None, malform: Malform = Malform.BOKMAL) -> bytes:
    """The workbook prefilled from one export record, as ``prefill`` writes it (the template of ``malform``),
    as bytes."""
    from pipeline.excel.prefill import fill_workbook

    buffer = io.BytesIO()
    fill_workbook(record, form_settings(skjema), malform).save(buffer)
    return buffer.getvalue()


def template_bytes(malform: Malform = Malform.BOKMAL, *, skjema=None) -> bytes:
    """The empty template of ``malform``: ``templates/<name>`` in the working directory, else the packaged one;
    one the package does not hold (nynorsk) is made as ``innrapportering template --malform`` makes it."""
    from pipeline.resources import EXCEL_TEMPLATE_NAME, EXCEL_TEMPLATE_NAME_NN, locate

    path = locate(EXCEL_TEMPLATE_NAME_NN if malform is Malform.NYNORSK else EXCEL_TEMPLATE_NAME)
    if path.is_file():
        return path.read_bytes()
    from pipeline.excel.template import build_template

    buffer = io.BytesIO()
    build_template(form_settings(skjema), malform).save(buffer)
    return buffer.getvalue()


def workbook_stems(names: Iterable[str]) -> list[str]:
    """File name stems for tiltak names, as ``prefill`` names its files (``-2``, ``-3`` … when two clash)."""
    from pipeline.excel.prefill import unique_stems

    return unique_stems(names)


@dataclass(frozen=True)
class RecordChange:
    """One change between two records of a tiltak: what (``Status endret`` …), which leveranse, before, now."""

    hva: str
    leveranse: str
    forrige: str
    naa: str


def record_changes(old: dict | None, new: dict | None, *, skjema=None) -> list[RecordChange] | None:
    """What changed from ``old`` to ``new`` (export records of one tiltak), with the rules of «Endringer siden
    forrige rapport» (a new or gone tiltak is not a change here). ``None`` when either is missing or cannot be
    read."""
    from pipeline.summary.changes import ChangeKind, Round, compare_rounds

    before, after = _tiltak(old), _tiltak(new)
    if before is None or after is None:
        return None
    typed = StandIns()  # an unreadable date is shown (and compared) as typed, never as «(tomt)»
    found = compare_rounds([Round("", None, (stand_in(before, typed),))], [stand_in(after, typed)],
                           form_settings(skjema), "")
    return [RecordChange(c.kind.value, c.leveranse, typed.as_typed(c.forrige), typed.as_typed(c.naa))
            for c in found.changes if c.kind not in (ChangeKind.NEW_TILTAK, ChangeKind.REMOVED_TILTAK)]


def _tiltak(record: dict | None):
    from pipeline.merge.export import RecordError, record_to_tiltak

    if not record:
        return None
    try:
        return record_to_tiltak(record)
    except (RecordError, ValueError, TypeError, AttributeError):
        return None
