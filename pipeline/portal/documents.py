"""What the actor downloads or reads beside the findings: the marked feedback copy, the prefilled workbook,
the empty template, and what changed since the previous version and since the previous round."""

from __future__ import annotations

import json
import tempfile
from datetime import date
from pathlib import Path

from pipeline import api
from pipeline.api import RecordChange as ChangeLine
from pipeline.portal import history, services
from pipeline.portal.models import Innsending, ForventetTiltak
from pipeline.common.malform import Malform
from pipeline.resources import EXCEL_TEMPLATE_NAME, EXCEL_TEMPLATE_NAME_NN
from pipeline.contract.identity import tiltak_key

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def feedback(innsending: Innsending, malform: Malform | None = None) -> tuple[str, bytes] | None:
    """The marked copy (``<navn>-tilbakemelding.xlsx``) of a version with findings, in ``malform`` (the page's
    standard; bokmål when none); none without findings or when the file cannot be read."""
    data = services.stored_path(innsending).read_bytes()
    with tempfile.TemporaryDirectory(prefix="portal-") as folder:
        path = Path(folder) / innsending.filnavn
        path.write_bytes(data)
        result = services.check_path(path, innsending.aktor.runde)
    if not result.files:
        return None
    return api.feedback_copy(data, result.files[0], innsending.filnavn, date.today(), malform or Malform.BOKMAL)


def previous_record(tiltak: ForventetTiltak) -> dict | None:
    """The tiltak's record in the previous round's export (matched by name as the merge does): the newest
    earlier round in the portal's history (:func:`pipeline.portal.history.previous_records`)."""
    key = tiltak_key(tiltak.navn)
    return next((r for r in history.previous_records(tiltak.runde) if tiltak_key(str(r.get("navn", ""))) == key),
                None)


def prefilled(tiltak: ForventetTiltak, malform: Malform | None = None) -> bytes | None:
    """The workbook prefilled from the previous round (as ``prefill`` makes it), in the template of ``malform``;
    none when the tiltak is new."""
    record = previous_record(tiltak)
    if record is None:
        return None
    return api.prefilled_workbook(record, malform=malform or Malform.BOKMAL)


def template_name(malform: Malform | None = None) -> str:
    """``innrapporteringsmal.xlsx``, or ``innrapporteringsmal-nynorsk.xlsx`` for nynorsk."""
    return EXCEL_TEMPLATE_NAME_NN if malform is Malform.NYNORSK else EXCEL_TEMPLATE_NAME


def template(malform: Malform | None = None) -> bytes:
    """The empty template of ``malform`` (:func:`pipeline.api.template_bytes`)."""
    return api.template_bytes(malform or Malform.BOKMAL)


def changes(innsending: Innsending) -> tuple[list[ChangeLine] | None, list[ChangeLine] | None]:
    """(since the previous version, since the previous round); ``None`` where there is nothing to compare with."""
    if not innsending.data or innsending.tiltak is None:
        return None, None
    new = json.loads(innsending.data)
    earlier = (services.versions(innsending.tiltak).exclude(data="")
               .filter(tidspunkt__lte=innsending.tidspunkt, id__lt=innsending.id).last())
    since_version = api.record_changes(json.loads(earlier.data), new) if earlier else None
    return since_version, api.record_changes(previous_record(innsending.tiltak), new)


