"""What the actor downloads or reads beside the findings: the marked feedback copy, the prefilled workbook,
the empty template, and what changed since the previous version and since the previous round."""

from __future__ import annotations

import io
import json
import tempfile
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from pipeline.excel.feedback import feedback_bytes, feedback_name
from pipeline.merge.export import RecordError, record_to_tiltak
from pipeline.portal import services
from pipeline.portal.models import Innsending, ForventetTiltak
from pipeline.common.malform import Malform
from pipeline.resources import EXCEL_TEMPLATE_NAME, EXCEL_TEMPLATE_NAME_NN, locate
from pipeline.summary.changes import Change, ChangeKind, Round, compare_rounds
from pipeline.contract.identity import tiltak_key

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def feedback(innsending: Innsending, malform: Malform | None = None) -> tuple[str, bytes] | None:
    """The marked copy (``<navn>-tilbakemelding.xlsx``) of a version with findings, written in ``malform`` (the
    standard of the actor's page; bokmål when None); none without findings or when the file cannot be read."""
    data = services.stored_path(innsending).read_bytes()
    with tempfile.TemporaryDirectory(prefix="portal-") as folder:
        path = Path(folder) / innsending.filnavn
        path.write_bytes(data)
        result = services.check_path(path, innsending.aktor.runde)
    if not result.files or not result.files[0].issues or result.files[0].tiltak is None:
        return None
    try:
        checked = replace(result.files[0], malform=malform or Malform.BOKMAL)
        return feedback_name(path), feedback_bytes(data, checked, date.today())
    except Exception:  # noqa: BLE001 - an odd file gets no copy, the findings are still on the page
        return None


def previous_record(tiltak: ForventetTiltak) -> dict | None:
    """The tiltak's record in the previous round's export (matched by name as the merge does)."""
    key = tiltak_key(tiltak.navn)
    return next((r for r in tiltak.runde.previous_records() if tiltak_key(str(r.get("navn", ""))) == key), None)


def prefilled(tiltak: ForventetTiltak, malform: Malform | None = None) -> bytes | None:
    """The workbook prefilled from the previous round (as ``prefill`` makes it), in the template of ``malform``;
    none when the tiltak is new."""
    from pipeline.excel.prefill import fill_workbook

    record = previous_record(tiltak)
    if record is None:
        return None
    buffer = io.BytesIO()
    fill_workbook(record, services.form_settings(), malform or Malform.BOKMAL).save(buffer)
    return buffer.getvalue()


def template_name(malform: Malform | None = None) -> str:
    """``innrapporteringsmal.xlsx``, or ``innrapporteringsmal-nynorsk.xlsx`` for nynorsk."""
    return EXCEL_TEMPLATE_NAME_NN if malform is Malform.NYNORSK else EXCEL_TEMPLATE_NAME


def template(malform: Malform | None = None) -> bytes:
    """The empty template of ``malform``: ``templates/<name>`` here, else the packaged one; a template the package
    does not hold (nynorsk) is made as ``innrapportering template --malform`` makes it."""
    path = locate(template_name(malform))
    if path.is_file():
        return path.read_bytes()
    from pipeline.excel.template import build_template

    buffer = io.BytesIO()
    build_template(services.form_settings(), malform or Malform.BOKMAL).save(buffer)
    return buffer.getvalue()


@dataclass(frozen=True)
class ChangeLine:
    """One change as shown: what, which leveranse, before and now."""

    hva: str
    leveranse: str
    forrige: str
    naa: str


def _tiltak(record: dict | None):
    if not record:
        return None
    try:
        return record_to_tiltak(record)
    except (RecordError, ValueError, TypeError):
        return None


def _lines(old_record: dict | None, new_record: dict | None, label: str) -> list[ChangeLine] | None:
    old, new = _tiltak(old_record), _tiltak(new_record)
    if old is None or new is None:
        return None
    found = compare_rounds([Round(label, None, (old,))], [new], services.form_settings(), "denne versjonen")
    kept: list[Change] = [c for c in found.changes if c.kind not in (ChangeKind.NEW_TILTAK, ChangeKind.REMOVED_TILTAK)]
    return [ChangeLine(c.kind.value, c.leveranse, c.forrige, c.naa) for c in kept]


def changes(innsending: Innsending) -> tuple[list[ChangeLine] | None, list[ChangeLine] | None]:
    """(since the previous version, since the previous round); ``None`` where there is nothing to compare with."""
    if not innsending.data or innsending.tiltak is None:
        return None, None
    new = json.loads(innsending.data)
    earlier = (services.versions(innsending.tiltak).exclude(data="")
               .filter(tidspunkt__lte=innsending.tidspunkt, id__lt=innsending.id).last())
    since_version = _lines(json.loads(earlier.data), new, "forrige versjon") if earlier else None
    return since_version, _lines(previous_record(innsending.tiltak), new, "forrige runde")


