"""«Oppdater et redigert Vedlegg 2»: the editors upload the DOCX they edited; a background job (the same worker
as «Lag Vedlegg 2») runs the same update as ``merge --oppdater`` through :func:`pipeline.api.merge` on the
chosen versions and offers the updated document, the side file and the update report. The upload is kept as
it came (in the upload folder, and copied to the job's ``redigert/`` folder, which the update only reads):
the updated document is written to the job's ``ut/`` folder."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

from pipeline import api
from pipeline.portal.models import Jobb

SIDE_STEM = ".redigerte-kapitler"  # as pipeline.merge.update.SIDE_STEM names the side file


def prepare(jobb: Jobb, edited: Path) -> None:
    """Check the uploaded document (:func:`pipeline.api.check_document`) and copy it to ``edited`` for the
    update; :class:`PipelineError` with a Norwegian message when it cannot be used."""
    data = (settings.UPLOAD_DIR / jobb.redigert).read_bytes()
    api.check_document(data, edited.name)
    edited.parent.mkdir(parents=True, exist_ok=True)
    edited.write_bytes(data)


def side_file(folder: Path, document: str) -> Path | None:
    """The side file the update wrote beside ``document`` in ``folder`` (the newest when there are several)."""
    stem = Path(document).stem + SIDE_STEM
    found = sorted(folder.glob(f"{stem}*.docx"), key=lambda p: p.stat().st_mtime_ns)
    return found[-1] if found else None


def done_message(outcome, merged: int, name: str) -> str:
    """What the finished job says: how many tiltak, where to read what was done, and the side file if any."""
    text = (f"{name} er oppdatert med {merged} tiltak. Arket «Oppdatering» i flettingsrapporten viser hva som "
            "ble gjort med hver del")
    if outcome.update is not None and outcome.update.side_file is not None:
        text += ", og sidefilen har redaktørenes versjoner av det som ble laget på nytt"
    return text + "."
